import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkBidSectionCode,
  checkClassifyCode,
  checkProjectCode,
  checkTenderProjectCode,
  checkUnifiedDealCode,
  DEAL_CODE_CHARSET,
  formatBidSectionCode,
  formatClassifyCode,
  formatProjectCode,
  formatTenderProjectCode,
  formatUnifiedDealCode,
  unifiedDealCheckChar,
} from "./codes.ts";

const reasonOf = (r: { ok: boolean; reason?: string }) => (r.ok ? "OK" : r.reason);
const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);

const PROJECT = "3301002026000001"; // 杭州市平台, 2026, project no. 1
const TENDER = "3301002026000001001";
const SECTION = "3301002026000001001002";

describe("项目编号 PROJECT_CODE", () => {
  it("formats and parses <division><yyyy><sequence>", () => {
    expect(formatProjectCode({ divisionCode: "330100", year: 2026, sequence: 1 })).toBe(PROJECT);
    const r = checkProjectCode(PROJECT);
    expect(r).toEqual({ ok: true, value: PROJECT, parts: { divisionCode: "330100", year: 2026, sequence: 1 } });
    expect(checkProjectCode(" ３３０１００２０２６０００００１ ").ok).toBe(true); // full-width, trimmed
  });

  it("rejects corrupted variants", () => {
    expect(reasonOf(checkProjectCode(""))).toBe("EMPTY");
    expect(reasonOf(checkProjectCode(PROJECT.slice(1)))).toBe("LENGTH");
    expect(reasonOf(checkProjectCode(`${PROJECT}0`))).toBe("LENGTH");
    expect(reasonOf(checkProjectCode(replaceAt(PROJECT, 12, "A")))).toBe("CHARSET");
    expect(reasonOf(checkProjectCode(replaceAt(PROJECT, 0, "9")))).toBe("DIVISION"); // 93 is no province
    expect(reasonOf(checkProjectCode("3301001999000001"))).toBe("YEAR");
    expect(reasonOf(checkProjectCode("3301002026000000"))).toBe("SEQUENCE");
  });

  it("formatter refuses bad parts", () => {
    expect(() => formatProjectCode({ divisionCode: "930100", year: 2026, sequence: 1 })).toThrow(RangeError);
    expect(() => formatProjectCode({ divisionCode: "330100", year: 2026, sequence: 0 })).toThrow(RangeError);
    expect(() => formatProjectCode({ divisionCode: "330100", year: 2026, sequence: 1_000_000 })).toThrow(RangeError);
  });
});

describe("招标项目编号 / 标段编号 — prefix hierarchy", () => {
  it("builds each level from its parent", () => {
    expect(formatTenderProjectCode(PROJECT, 1)).toBe(TENDER);
    expect(formatBidSectionCode(TENDER, 2)).toBe(SECTION);
    expect(() => formatTenderProjectCode(PROJECT, 1000)).toThrow(RangeError);
    expect(() => formatBidSectionCode(PROJECT, 1)).toThrow(RangeError); // a project code is no tender project code
  });

  it("checks the prefix relation", () => {
    expect(checkTenderProjectCode(TENDER, PROJECT)).toMatchObject({ ok: true, parts: { projectCode: PROJECT, tenderSequence: 1 } });
    expect(reasonOf(checkTenderProjectCode(TENDER, "3301002026000002"))).toBe("PARENT_MISMATCH");
    expect(checkBidSectionCode(SECTION, TENDER)).toMatchObject({ ok: true, parts: { tenderProjectCode: TENDER, projectCode: PROJECT, sectionSequence: 2 } });
    expect(reasonOf(checkBidSectionCode(SECTION, "3301002026000001002"))).toBe("PARENT_MISMATCH");
  });

  it("rejects corrupted variants", () => {
    expect(reasonOf(checkTenderProjectCode(`${PROJECT}000`))).toBe("SEQUENCE");
    expect(reasonOf(checkTenderProjectCode(`${PROJECT}01`))).toBe("LENGTH");
    expect(reasonOf(checkTenderProjectCode(replaceAt(TENDER, 17, "x")))).toBe("CHARSET");
    expect(reasonOf(checkTenderProjectCode(replaceAt(TENDER, 7, "8")))).toBe("YEAR"); // 2826
    expect(reasonOf(checkBidSectionCode(`${TENDER}000`))).toBe("SEQUENCE");
    expect(reasonOf(checkBidSectionCode("3301002026000001000002"))).toBe("SEQUENCE"); // inner tender sequence 000
    expect(checkBidSectionCode("3301002026000001000002")).toMatchObject({ zh: expect.stringContaining("前19位") });
    expect(reasonOf(checkBidSectionCode(SECTION.slice(0, 21)))).toBe("LENGTH");
  });
});

describe("标段(包)分类代码", () => {
  it("accepts 7-character class codes, padded with 00", () => {
    expect(checkClassifyCode("A080101")).toEqual({ ok: true, value: "A080101", parts: { category: "A", level1: "08", level2: "01", level3: "01" } });
    expect(checkClassifyCode("A080000").ok).toBe(true); // 施工, first level only
    expect(checkClassifyCode("c050100").ok).toBe(true); // normalised to upper case
    expect(checkClassifyCode("E010000").ok).toBe(true);
    expect(formatClassifyCode({ category: "B", level1: "03", level2: "02", level3: "00" })).toBe("B030200");
    expect(() => formatClassifyCode({ category: "B", level1: "00", level2: "00", level3: "00" })).toThrow(RangeError);
  });

  it("rejects corrupted variants", () => {
    expect(reasonOf(checkClassifyCode(""))).toBe("EMPTY");
    expect(reasonOf(checkClassifyCode("A08010"))).toBe("LENGTH");
    expect(reasonOf(checkClassifyCode("F080101"))).toBe("CATEGORY");
    expect(reasonOf(checkClassifyCode("1080101"))).toBe("CATEGORY");
    expect(reasonOf(checkClassifyCode("A08O101"))).toBe("CHARSET"); // letter O, not zero
    expect(reasonOf(checkClassifyCode("A000000"))).toBe("CLASS_LEVEL");
    expect(reasonOf(checkClassifyCode("A080001"))).toBe("CLASS_LEVEL"); // third level without second
  });
});

describe("统一交易标识码 (our format)", () => {
  /**
   * Hand computation for 330100 + 20260301 + 000001:
   *   digits   3 3 0 1  0  0  2  0  2  6  0  3 0  1  0  0  0  0  0  1
   *   weights  1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 22 4 12   (3^(i−1) mod 31)
   *   Σ = 3+9+27+32+40+174+39+24+12 = 360; 360 mod 31 = 19; 31 − 19 = 12 → charset[12] = "C".
   */
  const CODE = "33010020260301000001C";

  it("matches the hand-computed example", () => {
    expect(unifiedDealCheckChar("33010020260301000001")).toBe("C");
    expect(formatUnifiedDealCode({ divisionCode: "330100", date: "2026-03-01", sequence: 1 })).toBe(CODE);
    expect(checkUnifiedDealCode(CODE)).toEqual({ ok: true, value: CODE, parts: { divisionCode: "330100", date: "2026-03-01", sequence: 1 } });
    expect(checkUnifiedDealCode(CODE.toLowerCase()).ok).toBe(true);
  });

  it("rejects corrupted variants", () => {
    expect(reasonOf(checkUnifiedDealCode(""))).toBe("EMPTY");
    expect(reasonOf(checkUnifiedDealCode(CODE.slice(0, 20)))).toBe("LENGTH");
    expect(reasonOf(checkUnifiedDealCode(replaceAt(CODE, 20, "D")))).toBe("CHECK_CHAR");
    expect(reasonOf(checkUnifiedDealCode(replaceAt(CODE, 20, "I")))).toBe("CHARSET"); // not in the GB 32100 set
    expect(reasonOf(checkUnifiedDealCode(replaceAt(CODE, 3, "A")))).toBe("CHARSET");
    expect(reasonOf(checkUnifiedDealCode(replaceAt(CODE, 19, "2")))).toBe("CHECK_CHAR");
    // 20260230 does not exist
    const badDate = "33010020260230000001";
    expect(reasonOf(checkUnifiedDealCode(badDate + unifiedDealCheckChar(badDate)))).toBe("DATE");
    const zeroSeq = "33010020260301000000";
    expect(reasonOf(checkUnifiedDealCode(zeroSeq + unifiedDealCheckChar(zeroSeq)))).toBe("SEQUENCE");
    const badDivision = "93010020260301000001";
    expect(reasonOf(checkUnifiedDealCode(badDivision + unifiedDealCheckChar(badDivision)))).toBe("DIVISION");
    expect(() => formatUnifiedDealCode({ divisionCode: "330100", date: "2026-02-30", sequence: 1 })).toThrow(RangeError);
    expect(() => unifiedDealCheckChar("3301002026030100000")).toThrow(RangeError);
  });

  const validCode = fc
    .record({
      division: fc.constantFrom("110000", "330100", "440305", "510100", "650000"),
      day: fc.integer({ min: 0, max: 3650 }),
      sequence: fc.integer({ min: 1, max: 999_999 }),
    })
    .map(({ division, day, sequence }) => {
      const date = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      return formatUnifiedDealCode({ divisionCode: division, date, sequence });
    });

  it("every formatted code validates", () => {
    fc.assert(
      fc.property(validCode, (code) => {
        expect(checkUnifiedDealCode(code).ok).toBe(true);
      }),
    );
  });

  it("detects every single-digit substitution", () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 19 }), fc.integer({ min: 1, max: 9 }), (code, i, delta) => {
        const digit = String((Number(code.charAt(i)) + delta) % 10);
        expect(checkUnifiedDealCode(replaceAt(code, i, digit)).ok).toBe(false);
      }),
    );
  });

  it("detects every transposition of two different digits", () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 19 }), (code, i, j) => {
        fc.pre(code.charAt(i) !== code.charAt(j));
        const swapped = replaceAt(replaceAt(code, i, code.charAt(j)), j, code.charAt(i));
        expect(checkUnifiedDealCode(swapped).ok).toBe(false);
      }),
    );
  });

  it("detects every wrong check character", () => {
    fc.assert(
      fc.property(validCode, fc.constantFrom(...DEAL_CODE_CHARSET), (code, c) => {
        fc.pre(c !== code.charAt(20));
        expect(reasonOf(checkUnifiedDealCode(replaceAt(code, 20, c)))).toBe("CHECK_CHAR");
      }),
    );
  });
});
