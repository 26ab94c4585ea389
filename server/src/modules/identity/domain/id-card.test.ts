import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROVINCE_PREFIXES } from "./code-check.ts";
import { checkIdCard, idCardCheckChar } from "./id-card.ts";

/**
 * Published GB 11643-1999 example. Σ a_i·W_i =
 * 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → "10X98765432"[2] = "X".
 */
const PUBLISHED = "11010519491231002X";

/** Generated with `idCardCheckChar` (incl. a leap day and a "0" check char). */
const GENERATED = ["440305200002291232", "310104198510140020", "510107199912310513"];

/** Fixed clock for deterministic date checks: 2024-06-15, local time. */
const NOW = new Date(2024, 5, 15, 12, 0, 0);

const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);
const swapAt = (s: string, i: number) => s.slice(0, i) + s.charAt(i + 1) + s.charAt(i) + s.slice(i + 2);
const withCheck = (first17: string) => first17 + idCardCheckChar(first17);
const reasonOf = (input: string) => {
  const r = checkIdCard(input, NOW);
  return r.ok ? "OK" : r.reason;
};

/** Arbitrary valid ID number with a birth date in [1900-01-01, 2024-06-14] (UTC calendar). */
const validIdCard = fc
  .tuple(
    fc.constantFrom(...PROVINCE_PREFIXES),
    fc.stringMatching(/^\d{4}$/),
    fc.date({
      min: new Date("1900-01-01T00:00:00Z"),
      max: new Date("2024-06-14T00:00:00Z"),
      noInvalidDate: true,
    }),
    fc.stringMatching(/^\d{3}$/),
  )
  .map(([province, county, d, seq]) => {
    const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
    return withCheck(`${province}${county}${ymd}${seq}`);
  });

describe("checkIdCard — accepts valid numbers", () => {
  it.each([PUBLISHED, ...GENERATED])("%s passes", (id) => {
    expect(checkIdCard(id, NOW)).toEqual({ ok: true, value: id });
  });

  it("computes the published check character", () => {
    expect(idCardCheckChar("11010519491231002")).toBe("X");
    expect(idCardCheckChar("31010419851014002")).toBe("0");
  });

  it("normalises lower-case x, whitespace and full-width digits", () => {
    expect(checkIdCard("11010519491231002x", NOW)).toEqual({
      ok: true,
      value: PUBLISHED,
    });
    expect(checkIdCard(" 11010519491231002X\t", NOW)).toEqual({
      ok: true,
      value: PUBLISHED,
    });
    expect(checkIdCard("１１０１０５１９４９１２３１００２ｘ", NOW)).toEqual({
      ok: true,
      value: PUBLISHED,
    });
  });

  it("accepts a birth date equal to today", () => {
    expect(reasonOf(withCheck("44030520240615001"))).toBe("OK");
  });

  it("defaults `now` to the current date", () => {
    expect(checkIdCard(PUBLISHED).ok).toBe(true);
    expect(checkIdCard(withCheck("44030529990101001"))).toMatchObject({
      reason: "BIRTH_DATE",
    });
  });

  it("accepts any generated number (property)", () => {
    fc.assert(fc.property(validIdCard, (id) => checkIdCard(id, NOW).ok));
  });
});

describe("checkIdCard — refuses corrupted numbers", () => {
  it("refuses empty input", () => {
    expect(reasonOf("")).toBe("EMPTY");
    expect(reasonOf(" \n")).toBe("EMPTY");
  });

  it("refuses wrong lengths, including legacy 15-digit numbers", () => {
    expect(checkIdCard("11010519491231002", NOW)).toEqual({
      ok: false,
      reason: "LENGTH",
      zh: "居民身份证号应为18位，实际为17位",
      en: "An ID card number has 18 characters; got 17",
    });
    expect(reasonOf("11010519491231002X0")).toBe("LENGTH");
    expect(reasonOf("110105491231002")).toBe("LENGTH");
  });

  it("refuses non-digits in the first 17 positions and a bad final character", () => {
    const letter = checkIdCard("1101A519491231002X", NOW);
    expect(letter).toMatchObject({
      reason: "CHARSET",
      zh: expect.stringContaining("第5位字符“A”"),
    });
    expect(reasonOf("X10105194912310021")).toBe("CHARSET");
    expect(reasonOf("1101051949123100X2")).toBe("CHARSET");
    const last = checkIdCard("11010519491231002Y", NOW);
    expect(last).toMatchObject({
      reason: "CHARSET",
      en: expect.stringContaining('Character 18 of the ID card number is "Y"'),
    });
  });

  it("refuses an unknown province prefix", () => {
    expect(reasonOf(withCheck("10010519491231002"))).toBe("REGION");
    expect(reasonOf(withCheck("99010519491231002"))).toBe("REGION");
    expect(reasonOf(withCheck("00010519491231002"))).toBe("REGION");
  });

  it.each([
    ["19490230", "Feb 30"],
    ["19000229", "Feb 29 in 1900 (not a leap year)"],
    ["20230229", "Feb 29 in a non-leap year"],
    ["19491301", "month 13"],
    ["19490001", "month 0"],
    ["19490400", "day 0"],
    ["19490431", "April 31"],
    ["18991231", "before 1900"],
    ["20240616", "tomorrow"],
    ["20300101", "far future"],
  ])("refuses birth date %s (%s)", (ymd) => {
    const result = checkIdCard(withCheck(`110105${ymd}002`), NOW);
    expect(result).toMatchObject({
      ok: false,
      reason: "BIRTH_DATE",
      zh: expect.stringContaining(ymd),
    });
  });

  it("names the expected check character", () => {
    expect(checkIdCard("110105194912310021", NOW)).toEqual({
      ok: false,
      reason: "CHECK_DIGIT",
      zh: "居民身份证号校验位错误：第18位应为X，实际为1",
      en: "The ID card number check character is wrong: character 18 should be X; got 1",
    });
  });

  it("refuses every other check character for the published example", () => {
    const others = [..."0123456789X"].filter((c) => c !== "X");
    expect(others).toHaveLength(10);
    for (const c of others) expect(reasonOf(PUBLISHED.slice(0, 17) + c)).toBe("CHECK_DIGIT");
  });

  it.each([
    // swap positions 3–4 ("01" → "10"): Σ 167 → 172, 172 mod 11 = 7 → expected "5"
    [2, "11100519491231002X", "5"],
    // swap positions 13–14 ("31" → "13"): Σ 167 → 157, 157 mod 11 = 3 → expected "9"
    [12, "11010519491213002X", "9"],
    // swap positions 16–17 ("02" → "20"): Σ 167 → 171, 171 mod 11 = 6 → expected "6"
    [15, "11010519491231020X", "6"],
  ])("detects the adjacent transposition at index %i", (i, swapped, expected) => {
    expect(swapAt(PUBLISHED, i)).toBe(swapped);
    expect(checkIdCard(swapped, NOW)).toMatchObject({
      reason: "CHECK_DIGIT",
      en: expect.stringContaining(`should be ${expected};`),
    });
  });

  it("detects any single-digit substitution in the first 17 positions (property)", () => {
    fc.assert(
      fc.property(validIdCard, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, i, shift) => {
        const digit = String((Number(id.charAt(i)) + shift) % 10);
        return !checkIdCard(replaceAt(id, i, digit), NOW).ok;
      }),
    );
  });

  it("detects any adjacent transposition of different digits in the first 17 positions (property)", () => {
    // Adjacent weights always differ mod 11 and 11 is prime, so (a−b)(W_i−W_{i+1}) ≢ 0.
    fc.assert(
      fc.property(validIdCard, fc.integer({ min: 0, max: 15 }), (id, i) => {
        fc.pre(id.charAt(i) !== id.charAt(i + 1));
        return !checkIdCard(swapAt(id, i), NOW).ok;
      }),
    );
  });

  it("idCardCheckChar throws on non-digit or wrong-length input", () => {
    expect(() => idCardCheckChar("1101051949123100")).toThrow(RangeError);
    expect(() => idCardCheckChar("1101051949123100X")).toThrow(RangeError);
  });
});
