/**
 * 统一社会信用代码 (unified social credit code) validator — GB 32100-2015
 * 《法人和其他组织统一社会信用代码编码规则》.
 *
 * Layout (18 characters from a 31-character set):
 *   1      登记管理部门代码 (registration department)
 *   2      机构类别代码 (organization type)
 *   3–8    登记管理机关行政区划码 (administrative division, GB/T 2260; 100000 = central level)
 *   9–17   主体标识码 = 组织机构代码 (organization code, GB 11714-1997)
 *   18     校验码 (check character, GB 32100-2015 §4.3, mod 31)
 */
import { type CodeCheck, fail, normaliseCode, PROVINCE_PREFIXES, showChar } from "./code-check.ts";

/** GB 32100-2015 character set: digits and upper-case letters except I, O, Z, S, V. */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** GB 32100-2015 check weights W_i = 3^(i−1) mod 31, i = 1…17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 11714-1997 organization-code check weights for the 8 body characters. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Position 1 (登记管理部门): 1–9, A, N, Y per the GB 32100-2015 code table. */
const REGISTRATION_DEPARTMENTS = /^[1-9ANY]$/;

/**
 * Positions 3–8 value used by central-level registration authorities (国务院各部委、
 * 中央编办、民政部、市场监管总局 …) for nationally registered bodies, e.g. 12100000400000456B
 * (哈尔滨工业大学) or 12100000400009127B (北京理工大学). Not a province, but valid in practice.
 */
const NATIONAL_REGION = "100000";

/** Position 2 (机构类别): 1–9 or Y. */
const ORGANIZATION_TYPES = /^[1-9Y]$/;

const ZH = "统一社会信用代码";

/**
 * Computes the 18th (check) character for the first 17 characters of a USCC:
 * C18 = (31 − Σ(C_i·W_i) mod 31) mod 31, mapped back through the charset.
 * Throws if the input is not exactly 17 charset characters.
 */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`invalid USCC character ${JSON.stringify(first17.charAt(i))}`);
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Computes the 9th (check) character of an organization code (GB 11714-1997):
 * digits count as themselves, letters as A=10 … Z=35;
 * C9 = 11 − Σ(C_i·W_i) mod 11, where 10 → "X" and 11 → "0".
 * Throws if the input is not exactly 8 characters of [0-9A-Z].
 */
export function organizationCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError(`expected 8 characters of [0-9A-Z], got ${JSON.stringify(first8)}`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += Number.parseInt(first8.charAt(i), 36) * (ORG_CODE_WEIGHTS[i] ?? 0);
  }
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? "X" : c9 === 11 ? "0" : String(c9);
}

/** Validates a 统一社会信用代码 per GB 32100-2015; returns the normalised code on success. */
export function checkUscc(input: string): CodeCheck {
  const value = normaliseCode(input);
  if (value === "") {
    return fail("EMPTY", `${ZH}不能为空`, "A unified social credit code is required");
  }

  const chars = [...value];
  if (chars.length !== 18) {
    return fail("LENGTH", `${ZH}应为18位，实际为${chars.length}位`, `A unified social credit code has 18 characters; got ${chars.length}`);
  }

  const bad = chars.findIndex((c) => !USCC_CHARSET.includes(c));
  if (bad >= 0) {
    const c = showChar(chars[bad] ?? "");
    return fail(
      "CHARSET",
      `${ZH}第${bad + 1}位字符“${c}”无效：只能使用数字和大写字母，且不能使用I、O、Z、S、V`,
      `Character ${bad + 1} of the unified social credit code is "${c}"; only digits and letters are allowed, excluding I, O, Z, S and V`,
    );
  }

  const department = value.charAt(0);
  if (!REGISTRATION_DEPARTMENTS.test(department)) {
    return fail(
      "REGISTRATION_DEPARTMENT",
      `${ZH}第1位（登记管理部门代码）“${department}”无效：应为1–9、A、N或Y`,
      `Character 1 (registration department) of the unified social credit code is "${department}"; expected 1–9, A, N or Y`,
    );
  }

  const type = value.charAt(1);
  if (!ORGANIZATION_TYPES.test(type)) {
    return fail(
      "ORGANIZATION_TYPE",
      `${ZH}第2位（机构类别代码）“${type}”无效：应为1–9或Y`,
      `Character 2 (organization type) of the unified social credit code is "${type}"; expected 1–9 or Y`,
    );
  }

  const region = value.slice(2, 8);
  const regionOk = region === NATIONAL_REGION || (/^\d{6}$/.test(region) && PROVINCE_PREFIXES.has(region.slice(0, 2)));
  if (!regionOk) {
    return fail(
      "REGION",
      `${ZH}第3–8位（行政区划码）“${region}”无效：应为以有效省级代码开头的6位数字，或中央级登记的100000`,
      `Characters 3–8 (administrative division) of the unified social credit code are "${region}"; expected 6 digits starting with a valid province code, or 100000 for central-level registration`,
    );
  }

  const orgExpected = organizationCodeCheckChar(value.slice(8, 16));
  const orgActual = value.charAt(16);
  if (orgActual !== orgExpected) {
    return fail(
      "ORG_CODE_CHECK",
      `${ZH}第9–17位（组织机构代码）校验错误：第17位应为${orgExpected}，实际为${orgActual}`,
      `The organization code in characters 9–17 of the unified social credit code fails its check: character 17 should be ${orgExpected}; got ${orgActual}`,
    );
  }

  const expected = usccCheckChar(value.slice(0, 17));
  const actual = value.charAt(17);
  if (actual !== expected) {
    return fail(
      "CHECK_DIGIT",
      `${ZH}校验位错误：第18位应为${expected}，实际为${actual}`,
      `The unified social credit code check character is wrong: character 18 should be ${expected}; got ${actual}`,
    );
  }

  return { ok: true, value };
}
