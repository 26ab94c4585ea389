/**
 * 居民身份证号 (citizen identity number) validator — GB 11643-1999
 * 《公民身份号码》.
 *
 * Layout (18 characters):
 *   1–6    address code (GB/T 2260 administrative division)
 *   7–14   birth date, YYYYMMDD
 *   15–17  sequence code (odd = male, even = female)
 *   18     check character, ISO 7064:1983 MOD 11-2 ("X" stands for 10)
 */
import { type CodeCheck, fail, normaliseCode, PROVINCE_PREFIXES, showChar } from "./code-check.ts";

/** GB 11643-1999 weights W_i = 2^(18−i) mod 11, i = 1…17. */
const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Check character indexed by Σ(a_i·W_i) mod 11. */
const ID_CARD_CHECK_CHARS = "10X98765432";

const ZH = "居民身份证号";

/**
 * Computes the 18th (check) character for the first 17 digits of an ID number:
 * "10X98765432"[Σ(a_i·W_i) mod 11]. Throws if the input is not exactly 17 digits.
 */
export function idCardCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`expected 17 digits, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (ID_CARD_WEIGHTS[i] ?? 0);
  return ID_CARD_CHECK_CHARS.charAt(sum % 11);
}

/** Whether YYYYMMDD is a real Gregorian date (Feb 29 only in leap years). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

/**
 * Validates a 18-digit 居民身份证号 per GB 11643-1999; returns the normalised
 * number (trailing "x" upper-cased) on success. The birth date must be a real
 * date from 1900-01-01 up to `now`'s local calendar date (default: today).
 * Legacy 15-digit numbers are refused as "LENGTH".
 */
export function checkIdCard(input: string, now: Date = new Date()): CodeCheck {
  const value = normaliseCode(input);
  if (value === "") {
    return fail("EMPTY", `${ZH}不能为空`, "An ID card number is required");
  }

  const chars = [...value];
  if (chars.length !== 18) {
    return fail("LENGTH", `${ZH}应为18位，实际为${chars.length}位`, `An ID card number has 18 characters; got ${chars.length}`);
  }

  const bad = chars.findIndex((c, i) => !(i < 17 ? /^\d$/ : /^[\dX]$/).test(c));
  if (bad >= 0) {
    const c = showChar(chars[bad] ?? "");
    return bad < 17
      ? fail(
          "CHARSET",
          `${ZH}第${bad + 1}位字符“${c}”无效：前17位只能是数字`,
          `Character ${bad + 1} of the ID card number is "${c}"; the first 17 characters must be digits`,
        )
      : fail(
          "CHARSET",
          `${ZH}第18位字符“${c}”无效：校验位只能是数字或X`,
          `Character 18 of the ID card number is "${c}"; the check character must be a digit or X`,
        );
  }

  const province = value.slice(0, 2);
  if (!PROVINCE_PREFIXES.has(province)) {
    return fail(
      "REGION",
      `${ZH}前2位（省级行政区划码）“${province}”无效`,
      `Characters 1–2 (province code) of the ID card number are "${province}", which is not a valid province`,
    );
  }

  const birth = value.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  if (!isCalendarDate(year, month, day)) {
    return fail(
      "BIRTH_DATE",
      `${ZH}第7–14位出生日期“${birth}”不是有效日期`,
      `Characters 7–14 (birth date) of the ID card number are "${birth}", which is not a real date`,
    );
  }
  if (year < 1900) {
    return fail(
      "BIRTH_DATE",
      `${ZH}第7–14位出生日期“${birth}”早于1900年`,
      `Characters 7–14 (birth date) of the ID card number are "${birth}", which is before 1900`,
    );
  }
  const today = now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate();
  if (Number(birth) > today) {
    return fail(
      "BIRTH_DATE",
      `${ZH}第7–14位出生日期“${birth}”晚于当前日期`,
      `Characters 7–14 (birth date) of the ID card number are "${birth}", which is after the current date`,
    );
  }

  const expected = idCardCheckChar(value.slice(0, 17));
  const actual = value.charAt(17);
  if (actual !== expected) {
    return fail(
      "CHECK_DIGIT",
      `${ZH}校验位错误：第18位应为${expected}，实际为${actual}`,
      `The ID card number check character is wrong: character 18 should be ${expected}; got ${actual}`,
    );
  }

  return { ok: true, value };
}
