/**
 * 中文大写金额 of an amount in 分, by the rules for filling in bills and settlement vouchers
 * (中国人民银行《正确填写票据和结算凭证的基本规定》 [mem]):
 * - 壹贰叁肆伍陆柒捌玖 and 拾佰仟万亿; a leading ten is written 壹拾 (10 元 → 壹拾元整);
 * - a run of zeros inside the number is written as one 零 (10,001 元 → 壹万零壹元整; 100,000,100 元 → 壹亿零壹佰元整);
 *   zeros at the end of a group are not written (100,000,000 元 → 壹亿元整);
 * - 元 with nothing after it ends in 整; so does 角 (optional there, written here); 分 never does;
 * - 元位 zero before a non-zero 角 (1,680.32 → …捌拾元零叁角贰分) and 角 zero before a non-zero 分 (325.04 → …元零肆分)
 *   get one 零; an amount below 1 元 starts at its first non-zero unit (0.01 元 → 壹分).
 * Pure; exact for every safe integer of 分 (up to 90 万亿元).
 */
const DIGITS = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"] as const;
const GROUP_UNITS = ["仟", "佰", "拾", ""] as const;

/** 1 ≤ n < 10,000: the digits with 仟佰拾, inner zero runs as one 零, trailing zeros dropped. */
function groupWords(n: number): string {
  const digits = String(n).padStart(4, "0").split("").map(Number);
  let out = "";
  let started = false;
  let zero = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      if (started) zero = true;
      return;
    }
    if (zero) out += "零";
    zero = false;
    started = true;
    out += `${DIGITS[d]}${GROUP_UNITS[i]}`;
  });
  return out;
}

/** n ≥ 1 whole 元, in words without the 元. */
function integerWords(n: bigint): string {
  if (n < 10_000n) return groupWords(Number(n));
  const [unit, size] = n < 100_000_000n ? (["万", 10_000n] as const) : (["亿", 100_000_000n] as const);
  const high = n / size;
  const low = n % size;
  if (low === 0n) return `${integerWords(high)}${unit}`;
  // A gap below the unit (the next position down is zero) is read as one 零.
  const gap = low < size / 10n;
  return `${integerWords(high)}${unit}${gap ? "零" : ""}${integerWords(low)}`;
}

/** 大写金额 of `fen` (a non-negative safe integer), without the 人民币 prefix: 1 → 壹分, 1000 → 壹拾元整. */
export function rmbUppercase(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`an amount in fen must be a non-negative safe integer, got ${fen}`);
  if (fen === 0) return "零元整";
  const yuan = BigInt(Math.floor(fen / 100));
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = yuan > 0n ? `${integerWords(yuan)}元` : "";
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) {
    if (yuan > 0n && yuan % 10n === 0n) out += "零";
    out += `${DIGITS[jiao]}角`;
  } else if (yuan > 0n) {
    out += "零";
  }
  return cents > 0 ? `${out}${DIGITS[cents]}分` : `${out}整`;
}
