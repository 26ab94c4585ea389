/**
 * Anonymous 竞买号 (bidder numbers) and the eligibility to bid. Pure, no I/O; randomness is injected.
 *
 * Bidders appear in the hall, the ladder and the live feed only by a 竞买号: 拍卖法第二十一条 (委托人、买受人要求对其
 * 身份保密的，拍卖人应当为其保密) and the need to keep competitors from recognising — and colluding with or
 * pressuring — each other (拍卖法第三十七条; collusion screens). A number must therefore reveal nothing:
 * - it is drawn uniformly from the injected random source (pass `crypto.randomBytes` in production), by
 *   rejection sampling (no modulo bias), never derived from the bidder, the registration order or the time;
 * - it is unique within the lot; the same bidder asking again gets the number it already has;
 * - numbers have `digits` digits and no leading zero (so spreadsheets and forms don't mangle them). The space
 *   must stay at most half full (expected < 2 draws per number); otherwise use more digits.
 */
import { assertCount, assertId, BASIS } from "./common.ts";

/** A source of uniformly random bytes, e.g. `crypto.randomBytes`. */
export type RandomSource = (size: number) => Uint8Array;

export const DEFAULT_DIGITS = 6;
const MAX_DRAWS = 1000;

/** Uniform integer in [0, n) from 6 random bytes (n ≤ 2^48), by rejection sampling. */
function uniformBelow(random: RandomSource, n: number): number {
  const range = 2 ** 48;
  const limit = range - (range % n);
  for (let i = 0; i < MAX_DRAWS; i++) {
    const bytes = random(6);
    if (!(bytes instanceof Uint8Array) || bytes.length < 6) throw new RangeError("the random source must return the requested number of bytes");
    let v = 0;
    for (let k = 0; k < 6; k++) v = v * 256 + bytes[k]!;
    if (v < limit) return v % n;
  }
  throw new Error("random source rejected too often; is it broken?");
}

/**
 * Returns the 竞买号 of `bidderId` in the lot — the existing one, or a fresh unpredictable one — and the new
 * assignment map (the input is not modified). `assigned` maps bidder id → 竞买号 for this lot only.
 */
export function assignBidderNumber(
  assigned: ReadonlyMap<string, string>,
  bidderId: string,
  random: RandomSource,
  options: { digits?: number } = {},
): { bidderNumber: string; assigned: ReadonlyMap<string, string> } {
  assertId(bidderId, "bidderId");
  const existing = assigned.get(bidderId);
  if (existing !== undefined) return { bidderNumber: existing, assigned };
  const digits = options.digits ?? DEFAULT_DIGITS;
  assertCount(digits, "digits", 2);
  if (digits > 12) throw new RangeError("digits must be at most 12");
  const low = 10 ** (digits - 1);
  const space = 10 ** digits - low;
  if ((assigned.size + 1) * 2 > space) throw new RangeError(`${digits}-digit bidder numbers are too few for ${assigned.size + 1} bidders; use more digits`);
  const taken = new Set(assigned.values());
  for (let i = 0; i < MAX_DRAWS; i++) {
    const candidate = String(low + uniformBelow(random, space));
    if (!taken.has(candidate)) {
      const next = new Map(assigned);
      next.set(bidderId, candidate);
      return { bidderNumber: candidate, assigned: next };
    }
  }
  throw new Error("could not draw an unused bidder number; is the random source broken?");
}

export type IneligibleReason = "DEPOSIT_NOT_ARRIVED" | "BANNED" | "NOT_QUALIFIED";

export interface Eligibility {
  /** 竞买保证金 received in the trading centre's account by the deadline (39号令, 32号令: 交易保证金). */
  depositArrived: boolean;
  /** A credit restriction on "auction" is in force (失信联合惩戒; credit module `restricts(…, "auction", now)`). */
  banned: boolean;
  /** Meets the 竞买人/受让方资格条件 of the announcement (拍卖法第三十三条) and passed the review. */
  qualified: boolean;
}

export type MayBidResult = { ok: true } | { ok: false; reasons: IneligibleReason[]; basis: string; zh: string; en: string };

const TEXT: Record<IneligibleReason, { zh: string; en: string }> = {
  NOT_QUALIFIED: { zh: "不符合竞买资格条件", en: "does not meet the bidder qualification conditions" },
  DEPOSIT_NOT_ARRIVED: { zh: "竞买保证金未到账", en: "the bidding deposit has not arrived" },
  BANNED: { zh: "被依法限制参与竞买", en: "is barred from bidding by a credit restriction" },
};

/** May this bidder bid? All three conditions must hold; every failing one is reported. */
export function mayBid(e: Eligibility): MayBidResult {
  const reasons: IneligibleReason[] = [];
  if (!e.qualified) reasons.push("NOT_QUALIFIED");
  if (!e.depositArrived) reasons.push("DEPOSIT_NOT_ARRIVED");
  if (e.banned) reasons.push("BANNED");
  if (reasons.length === 0) return { ok: true };
  return {
    ok: false,
    reasons,
    basis: BASIS.auction33,
    zh: `不得竞买：${reasons.map((r) => TEXT[r].zh).join("；")}`,
    en: `May not bid: ${reasons.map((r) => TEXT[r].en).join("; ")}`,
  };
}
