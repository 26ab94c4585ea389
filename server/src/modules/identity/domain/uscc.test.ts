import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROVINCE_PREFIXES } from "./code-check.ts";
import { checkUscc, organizationCodeCheckChar, USCC_CHARSET, usccCheckChar } from "./uscc.ts";

/** Real, published codes (GB 32100-2015 examples / public registrations). */
const PUBLISHED = ["91350100M000100Y43", "914403001922038216", "91440300708461136T"];

/**
 * Codes generated with `organizationCodeCheckChar` + `usccCheckChar`.
 * Hand check of 12330100470001235F:
 *   org code 47000123·W(3,7,9,10,5,8,4,2) = 12+49+0+0+0+8+8+6 = 83; 83 mod 11 = 6; 11−6 = 5 → "5".
 *   Σ C_i·W_i over "12330100470001235" = 1+6+27+81+0+26+0+0+80+203+0+0+0+24+20+90+140 = 698;
 *   698 mod 31 = 16; 31−16 = 15 → charset[15] = "F".
 */
const GENERATED = [
  "91110108MA01CK3D3T", // 企业, 北京海淀
  "12330100470001235F", // 事业单位, 杭州
  "52440106MJL042769J", // 民办非企业单位, 广州天河
  "93510100MA6CGF1B32", // 农民专业合作社, 成都
  "Y1440300MA5F7Q2R2G", // 其他, 深圳
];

/** Central-level registrations (region 100000) found in public data; both checksums hold. */
const CENTRAL = ["12100000400000456B", "12100000400009127B", "53100000500021676K"];

const otherCharsetChars = (c: string) => [...USCC_CHARSET].filter((x) => x !== c);
const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);
const reasonOf = (input: string) => {
  const r = checkUscc(input);
  return r.ok ? "OK" : r.reason;
};

/** Arbitrary structurally valid USCC, built with the check-char functions. */
const validUscc = fc
  .tuple(
    fc.constantFrom(..."123456789ANY"),
    fc.constantFrom(..."123456789Y"),
    fc.constantFrom(...PROVINCE_PREFIXES),
    fc.stringMatching(/^\d{4}$/),
    fc.array(fc.constantFrom(...USCC_CHARSET), { minLength: 8, maxLength: 8 }),
  )
  .map(([dept, type, province, county, body]) => {
    const org = body.join("");
    const first17 = `${dept}${type}${province}${county}${org}${organizationCodeCheckChar(org)}`;
    return first17 + usccCheckChar(first17);
  });

describe("checkUscc — accepts valid codes", () => {
  it.each([...PUBLISHED, ...GENERATED, ...CENTRAL])("%s passes", (code) => {
    expect(checkUscc(code)).toEqual({ ok: true, value: code });
  });

  it("computes the published check characters", () => {
    expect(organizationCodeCheckChar("M000100Y")).toBe("4");
    expect(organizationCodeCheckChar("19220382")).toBe("1");
    expect(organizationCodeCheckChar("70846113")).toBe("6");
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
    expect(usccCheckChar("91440300192203821")).toBe("6");
    expect(usccCheckChar("91440300708461136")).toBe("T");
  });

  it("maps organization-code remainders 10 → X and 11 → 0", () => {
    // 00000000: Σ = 0, 11 − 0 = 11 → "0"
    expect(organizationCodeCheckChar("00000000")).toBe("0");
    // 00000006: Σ = 6·2 = 12, 12 mod 11 = 1, 11 − 1 = 10 → "X"
    expect(organizationCodeCheckChar("00000006")).toBe("X");
    // 00000001: Σ = 2, 11 − 2 = 9 → "9"
    expect(organizationCodeCheckChar("00000001")).toBe("9");
  });

  it("normalises lower-case, surrounding whitespace and full-width characters", () => {
    expect(checkUscc("91350100m000100y43")).toEqual({
      ok: true,
      value: "91350100M000100Y43",
    });
    expect(checkUscc("  91440300708461136t\n")).toEqual({
      ok: true,
      value: "91440300708461136T",
    });
    expect(checkUscc("９１３５０１００Ｍ０００１００Ｙ４３")).toEqual({
      ok: true,
      value: "91350100M000100Y43",
    });
    expect(checkUscc("９１３５０１００ｍ０００１００ｙ４３")).toEqual({
      ok: true,
      value: "91350100M000100Y43",
    });
  });

  it("accepts any code built with the check-char functions (property)", () => {
    fc.assert(fc.property(validUscc, (code) => checkUscc(code).ok));
  });
});

describe("checkUscc — refuses corrupted codes", () => {
  it("refuses empty input", () => {
    expect(reasonOf("")).toBe("EMPTY");
    expect(reasonOf("   ")).toBe("EMPTY");
  });

  it("refuses wrong lengths with a precise message", () => {
    expect(checkUscc("91350100M000100Y4")).toEqual({
      ok: false,
      reason: "LENGTH",
      zh: "统一社会信用代码应为18位，实际为17位",
      en: "A unified social credit code has 18 characters; got 17",
    });
    const long = checkUscc("91350100M000100Y430");
    expect(long).toMatchObject({
      reason: "LENGTH",
      zh: "统一社会信用代码应为18位，实际为19位",
    });
  });

  it.each([
    [0, "I"],
    [8, "O"],
    [11, "Z"],
    [15, "S"],
    [17, "V"],
  ])("refuses forbidden letter at index %i (%s)", (i, letter) => {
    const result = checkUscc(replaceAt("91350100M000100Y43", i, letter));
    expect(result).toMatchObject({ ok: false, reason: "CHARSET" });
    if (result.ok) return;
    expect(result.zh).toContain(`第${i + 1}位字符“${letter}”`);
    expect(result.zh).toContain("I、O、Z、S、V");
    expect(result.en).toContain(`Character ${i + 1}`);
    expect(result.en).toContain(`"${letter}"`);
    expect(result.en).toContain("I, O, Z, S and V");
  });

  it("refuses non-alphanumeric characters, naming whitespace visibly", () => {
    expect(checkUscc("91350100M00-100Y43")).toMatchObject({
      reason: "CHARSET",
    });
    expect(checkUscc("91350100M00 100Y43")).toMatchObject({
      reason: "CHARSET",
      en: expect.stringContaining("U+0020"),
    });
    expect(checkUscc("91350100M00中100Y43")).toMatchObject({
      reason: "CHARSET",
      zh: expect.stringContaining("“中”"),
    });
  });

  it("refuses an unknown registration department (position 1)", () => {
    for (const c of "BCDEFGHJKLMPQRTUWX0") {
      expect(reasonOf(replaceAt("91350100M000100Y43", 0, c))).toBe("REGISTRATION_DEPARTMENT");
    }
  });

  it("refuses an unknown organization type (position 2)", () => {
    for (const c of "0ABX") {
      expect(reasonOf(replaceAt("91350100M000100Y43", 1, c))).toBe("ORGANIZATION_TYPE");
    }
  });

  it("refuses an invalid administrative division (positions 3–8)", () => {
    expect(reasonOf("91990100M000100Y43")).toBe("REGION"); // no province 99
    expect(reasonOf("91000000M000100Y43")).toBe("REGION");
    expect(reasonOf("91101000M000100Y43")).toBe("REGION"); // only exactly 100000 is the national code
    expect(reasonOf("9135A100M000100Y43")).toBe("REGION"); // letter in division code
    expect(checkUscc("91990100M000100Y43")).toMatchObject({
      zh: expect.stringContaining("“990100”"),
    });
  });

  it("refuses a wrong organization-code check character (position 17)", () => {
    expect(checkUscc("91350100M000100Y53")).toEqual({
      ok: false,
      reason: "ORG_CODE_CHECK",
      zh: "统一社会信用代码第9–17位（组织机构代码）校验错误：第17位应为4，实际为5",
      en: "The organization code in characters 9–17 of the unified social credit code fails its check: character 17 should be 4; got 5",
    });
  });

  it("names the expected check character (position 18)", () => {
    expect(checkUscc("91350100M000100Y44")).toEqual({
      ok: false,
      reason: "CHECK_DIGIT",
      zh: "统一社会信用代码校验位错误：第18位应为3，实际为4",
      en: "The unified social credit code check character is wrong: character 18 should be 3; got 4",
    });
  });

  it.each(PUBLISHED)("refuses every other check character for %s", (code) => {
    const others = otherCharsetChars(code.charAt(17));
    expect(others).toHaveLength(30);
    for (const c of others) expect(reasonOf(code.slice(0, 17) + c)).toBe("CHECK_DIGIT");
  });

  it("detects any single-character substitution in the first 17 positions (property)", () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (code, i, shift) => {
        const replacement = USCC_CHARSET.charAt((USCC_CHARSET.indexOf(code.charAt(i)) + shift) % 31);
        return !checkUscc(replaceAt(code, i, replacement)).ok;
      }),
    );
  });
});

describe("check-char helpers reject invalid input", () => {
  it("usccCheckChar throws on wrong length or forbidden characters", () => {
    expect(() => usccCheckChar("91350100M000100Y")).toThrow(RangeError);
    expect(() => usccCheckChar("91350100O000100Y4")).toThrow(RangeError);
    expect(() => usccCheckChar("91350100m000100Y4")).toThrow(RangeError);
  });

  it("organizationCodeCheckChar throws on wrong length or non-alphanumerics", () => {
    expect(() => organizationCodeCheckChar("M000100")).toThrow(RangeError);
    expect(() => organizationCodeCheckChar("M000-100")).toThrow(RangeError);
    expect(() => organizationCodeCheckChar("m000100y")).toThrow(RangeError);
  });
});
