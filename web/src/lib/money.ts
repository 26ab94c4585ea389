/**
 * Registered capital is stored as integer 分 (fen). The forms take 万元 or 元 as text and convert by
 * shifting the decimal point in the string, so no binary floating point is ever involved.
 */
export type MoneyUnit = "wan" | "yuan";

/** Digits after the point each unit allows: 1 万元 = 10^6 分, 1 元 = 10^2 分. */
const SCALE: Record<MoneyUnit, number> = { wan: 6, yuan: 2 };

/** "1,234.5" 万元 → 1234500000 分; undefined when the text is not an amount representable in whole 分. */
export function toFen(text: string, unit: MoneyUnit): number | undefined {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replaceAll(",", ""));
  if (!match) return undefined;
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > SCALE[unit]) return undefined;
  const fen = BigInt(whole + fraction.padEnd(SCALE[unit], "0"));
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : undefined;
}

/** 1234500000 分 → "1234.5" in 万元 (or 元): the inverse of {@link toFen}. */
export function fromFen(fen: number, unit: MoneyUnit): string {
  const scale = SCALE[unit];
  const digits = String(fen).padStart(scale + 1, "0");
  const fraction = digits.slice(-scale).replace(/0+$/, "");
  const whole = digits.slice(0, -scale);
  return fraction ? `${whole}.${fraction}` : whole;
}

const group = (whole: string) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Human display: "50,000 万元" from one million 元 up, "8,500.50 元" below. */
export function formatFen(fen: number, units: Record<MoneyUnit, string>): string {
  if (fen >= 1_000_000) {
    const [whole = "0", fraction] = fromFen(fen, "wan").split(".");
    return `${group(whole)}${fraction ? `.${fraction}` : ""} ${units.wan}`;
  }
  const [whole = "0", fraction = ""] = fromFen(fen, "yuan").split(".");
  return `${group(whole)}.${fraction.padEnd(2, "0")} ${units.yuan}`;
}
