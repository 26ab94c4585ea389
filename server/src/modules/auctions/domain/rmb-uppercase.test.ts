import { describe, expect, it } from "vitest";
import { rmbUppercase } from "./rmb-uppercase.ts";

const yuan = (y: number) => Math.round(y * 100);

describe("中文大写金额", () => {
  it("writes the boundary amounts of the brief", () => {
    expect(rmbUppercase(1)).toBe("壹分"); // 0.01 元
    expect(rmbUppercase(yuan(10))).toBe("壹拾元整");
    expect(rmbUppercase(yuan(100_000_000))).toBe("壹亿元整");
    expect(rmbUppercase(yuan(10_001))).toBe("壹万零壹元整");
    expect(rmbUppercase(0)).toBe("零元整");
  });

  it("writes one 零 for a run of zeros and none for trailing zeros of a group", () => {
    expect(rmbUppercase(yuan(1_001))).toBe("壹仟零壹元整");
    expect(rmbUppercase(yuan(1_010))).toBe("壹仟零壹拾元整");
    expect(rmbUppercase(yuan(100_000))).toBe("壹拾万元整");
    expect(rmbUppercase(yuan(1_001_000))).toBe("壹佰万壹仟元整");
    expect(rmbUppercase(yuan(1_000_100))).toBe("壹佰万零壹佰元整");
    expect(rmbUppercase(yuan(100_010_000))).toBe("壹亿零壹万元整");
    expect(rmbUppercase(yuan(100_000_001))).toBe("壹亿零壹元整");
    expect(rmbUppercase(yuan(1_234_500_000_000))).toBe("壹万贰仟叁佰肆拾伍亿元整");
    expect(rmbUppercase(yuan(10_800_000))).toBe("壹仟零捌拾万元整");
  });

  it("follows the 角/分 rules of the bill-filling rules' examples", () => {
    expect(rmbUppercase(168_032)).toBe("壹仟陆佰捌拾元零叁角贰分"); // ¥1,680.32
    expect(rmbUppercase(140_950)).toBe("壹仟肆佰零玖元伍角整"); // ¥1,409.50
    expect(rmbUppercase(32_504)).toBe("叁佰贰拾伍元零肆分"); // ¥325.04
    expect(rmbUppercase(10)).toBe("壹角整");
    expect(rmbUppercase(15)).toBe("壹角伍分");
    expect(rmbUppercase(Number.MAX_SAFE_INTEGER)).toBe("玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分"); // 90,0719,9254,7409.91 元
  });

  it("refuses what is not a whole non-negative number of 分", () => {
    expect(() => rmbUppercase(-1)).toThrow(RangeError);
    expect(() => rmbUppercase(1.5)).toThrow(RangeError);
  });
});
