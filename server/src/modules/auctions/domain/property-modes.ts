/**
 * 企业国有资产交易 (国资委 财政部令第32号): 网络竞价 modes, the 90% approval rule and the disclosure and
 * result-publicity periods. Pure, no I/O.
 *
 * 32号令第二十二条 [mem]: 竞价可以采取拍卖、招投标、网络竞价以及其他竞价方式; 企业国有资产法第五十四条 (verified):
 * with two or more qualified buyers the transfer must use 公开竞价. The exact rules of the 网络竞价 modes are
 * set by each 产权交易机构 and are **[mem]** here (regulations-cn.md §4); everything below is a parameter:
 * - 多次报价: a 自由报价期 (bids raise the price, no countdown), then a 限时报价期 whose countdown restarts with
 *   every accepted bid; the highest bid wins when the countdown runs out. Implemented on live-auction.ts
 *   (`restart` from the end of the free period). Optionally only bidders who bid in the free period may bid in
 *   the timed period (`requireFreePeriodBid`, a common exchange rule [mem]).
 * - 一次报价: each bidder submits one sealed price in the window; the best (highest) price wins; equal prices →
 *   the earliest submission (价格优先、时间优先).
 * - 权重报价: price combined with weighted non-price factors (the 实施方案 published with the disclosure):
 *   total = price weight × price score + Σ weightᵢ × factor scoreᵢ, computed exactly (BigInt rationals).
 *
 * Arithmetic: money in fen; weights in basis points (10000 = 100%); scores in hundredths of a point
 * (10000 = 100.00). Exact BigInt rationals, each published score rounded half up to 0.01 once.
 */
import { type CivilDate, toCivilDate, type WorkingCalendar } from "../../../platform/calendar/working-days.ts";
import { type AuctionLimitResult, assertCount, assertFen, assertId, assertInstant, BASIS, OK, violation, yuan } from "./common.ts";
import { type AcceptedBid, type BidInput, type BidResult, type IncrementRule, isOpen, minimumNextFen, type RefusalReason } from "./ladder.ts";
import { bidLive, closeLiveAuction, createLiveAuction, type LiveAuctionState, type LiveOutcome } from "./live-auction.ts";

// ---------------------------------------------------------------------------------------------
// 多次报价
// ---------------------------------------------------------------------------------------------

export interface MultiRoundInput {
  lotId: string;
  freeStart: Date;
  /** End of the 自由报价期 = start of the 限时报价期. */
  freeEnd: Date;
  /** Countdown of the 限时报价期 (ms), restarted by every accepted bid. */
  countdownMs: number;
  /** 挂牌价/转让底价 (public): the lowest acceptable first bid. */
  startingPriceFen: number;
  increment: IncrementRule;
  /** A sealed reserve above the public starting price, if the exchange uses one. */
  reserveFen?: number;
  onGrid?: boolean;
  /** Default false (see ladder.ts). */
  allowSelfOutbid?: boolean;
  /** Only bidders with a bid in the free period may bid in the timed period. Default false. */
  requireFreePeriodBid?: boolean;
  participants?: readonly string[];
}

export interface MultiRoundState {
  auction: LiveAuctionState;
  freeEnd: Date;
  requireFreePeriodBid: boolean;
}

export function createMultiRound(input: MultiRoundInput): MultiRoundState {
  const freeStart = assertInstant(input.freeStart, "freeStart");
  const freeEnd = assertInstant(input.freeEnd, "freeEnd");
  if (freeEnd <= freeStart) throw new RangeError("the free period must end after it starts");
  assertCount(input.countdownMs, "countdownMs", 1);
  const auction = createLiveAuction({
    lotId: input.lotId,
    opensAt: input.freeStart,
    endsAt: new Date(freeEnd + input.countdownMs),
    startingPriceFen: input.startingPriceFen,
    increment: input.increment,
    onGrid: input.onGrid ?? true,
    allowSelfOutbid: input.allowSelfOutbid ?? false,
    antiSniping: { kind: "restart", countdownMs: input.countdownMs, from: input.freeEnd },
    ...(input.reserveFen === undefined ? {} : { reserveFen: input.reserveFen }),
    ...(input.participants ? { participants: input.participants } : {}),
  });
  return { auction, freeEnd: input.freeEnd, requireFreePeriodBid: input.requireFreePeriodBid ?? false };
}

export type MultiRoundPhase = "before" | "free" | "timed" | "ended";

export function multiRoundPhase(state: MultiRoundState, now: Date): MultiRoundPhase {
  const t = assertInstant(now, "now");
  const ladder = state.auction.ladder;
  if (ladder.closed || t >= ladder.closesAt.getTime()) return "ended";
  if (t < ladder.opensAt.getTime()) return "before";
  return t < state.freeEnd.getTime() ? "free" : "timed";
}

export function bidMultiRound(state: MultiRoundState, bid: BidInput, now: Date): { state: MultiRoundState; result: BidResult; endsAt: Date } {
  const ladder = state.auction.ladder;
  const t = assertInstant(now, "now");
  if (
    state.requireFreePeriodBid &&
    t >= state.freeEnd.getTime() &&
    isOpen(ladder, now) &&
    !ladder.bids.some((b) => b.clientBidId === bid.clientBidId) &&
    !ladder.bids.some((b) => b.bidderNumber === bid.bidderNumber && b.serverTime.getTime() < state.freeEnd.getTime())
  ) {
    return {
      state,
      result: { accepted: false, priceFen: bid.priceFen, reasons: ["NOT_PARTICIPANT"], minimumFen: minimumNextFen(ladder) },
      endsAt: ladder.closesAt,
    };
  }
  const r = bidLive(state.auction, bid, now);
  return { state: r.state === state.auction ? state : { ...state, auction: r.state }, result: r.result, endsAt: r.endsAt };
}

export function closeMultiRound(state: MultiRoundState, now: Date): { state: MultiRoundState; outcome: LiveOutcome } {
  const r = closeLiveAuction(state.auction, now);
  return { state: { ...state, auction: r.state }, outcome: r.outcome };
}

// ---------------------------------------------------------------------------------------------
// 一次报价 (sealed)
// ---------------------------------------------------------------------------------------------

export interface SealedState {
  lotId: string;
  opensAt: Date;
  closesAt: Date;
  /** 挂牌价/转让底价 (public): bids below are refused. */
  floorFen: number;
  /** A sealed reserve, if any (engine only). */
  reserveFen?: number;
  bids: readonly AcceptedBid[];
  lastSequence: number;
  closed: boolean;
}

export function createSealed(input: { lotId: string; opensAt: Date; closesAt: Date; floorFen: number; reserveFen?: number }): SealedState {
  assertId(input.lotId, "lotId");
  const a = assertInstant(input.opensAt, "opensAt");
  const b = assertInstant(input.closesAt, "closesAt");
  if (b <= a) throw new RangeError("closesAt must be after opensAt");
  assertFen(input.floorFen, "floorFen");
  if (input.reserveFen !== undefined) assertFen(input.reserveFen, "reserveFen");
  const state: SealedState = {
    lotId: input.lotId,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    floorFen: input.floorFen,
    bids: [],
    lastSequence: 0,
    closed: false,
  };
  return input.reserveFen === undefined ? state : { ...state, reserveFen: input.reserveFen };
}

/**
 * One sealed price per bidder (a second one is ALREADY_BID; a retry with the same clientBidId is DUPLICATE).
 * The service must keep the prices secret until the close (e.g. the tendering envelope encryption).
 */
export function submitSealedBid(state: SealedState, bid: BidInput, now: Date): { state: SealedState; result: BidResult } {
  assertId(bid.bidderNumber, "bidderNumber");
  assertId(bid.clientBidId, "clientBidId");
  const t = assertInstant(now, "now");
  const refuse = (reasons: RefusalReason[]) => ({ state, result: { accepted: false as const, priceFen: bid.priceFen, reasons, minimumFen: state.floorFen } });
  const prior = state.bids.find((b) => b.clientBidId === bid.clientBidId);
  if (prior) {
    if (prior.bidderNumber !== bid.bidderNumber || prior.priceFen !== bid.priceFen) return refuse(["CLIENT_ID_CONFLICT"]);
    return { state, result: { accepted: true, duplicate: true, sequence: prior.sequence, priceFen: prior.priceFen, reasons: ["DUPLICATE"] } };
  }
  if (state.closed || t >= state.closesAt.getTime()) return refuse(["LOT_CLOSED"]);
  if (t < state.opensAt.getTime()) return refuse(["NOT_OPEN"]);
  const reasons: RefusalReason[] = [];
  if (state.bids.some((b) => b.bidderNumber === bid.bidderNumber)) reasons.push("ALREADY_BID");
  if (!Number.isSafeInteger(bid.priceFen) || bid.priceFen <= 0) reasons.push("INVALID_PRICE");
  else if (bid.priceFen < state.floorFen) reasons.push("BELOW_START");
  if (reasons.length > 0) return refuse(reasons);
  const sequence = state.lastSequence + 1;
  const entry: AcceptedBid = { sequence, priceFen: bid.priceFen, bidderNumber: bid.bidderNumber, serverTime: new Date(t), clientBidId: bid.clientBidId };
  return {
    state: { ...state, bids: [...state.bids, entry], lastSequence: sequence },
    result: { accepted: true, duplicate: false, sequence, priceFen: bid.priceFen, reasons: [] },
  };
}

/** Best price first; equal prices → earliest server time, then lower sequence. */
export function compareSealed(a: AcceptedBid, b: AcceptedBid): number {
  return b.priceFen - a.priceFen || a.serverTime.getTime() - b.serverTime.getTime() || a.sequence - b.sequence;
}

export type SealedOutcome =
  | { outcome: "NOT_ENDED"; endsAt: Date }
  | { outcome: "SOLD"; winner: string; priceFen: number; sequence: number; ranking: AcceptedBid[]; basis: string }
  | { outcome: "UNSOLD"; reason: "NO_BIDS" | "RESERVE_NOT_MET"; ranking: AcceptedBid[]; basis: string };

export function closeSealed(state: SealedState, now: Date): { state: SealedState; outcome: SealedOutcome } {
  const t = assertInstant(now, "now");
  if (!state.closed && t < state.closesAt.getTime()) return { state, outcome: { outcome: "NOT_ENDED", endsAt: state.closesAt } };
  const closed = state.closed ? state : { ...state, closed: true };
  const ranking = [...state.bids].sort(compareSealed);
  const top = ranking[0];
  if (top === undefined) return { state: closed, outcome: { outcome: "UNSOLD", reason: "NO_BIDS", ranking, basis: BASIS.property22 } };
  if (state.reserveFen !== undefined && top.priceFen < state.reserveFen) {
    return { state: closed, outcome: { outcome: "UNSOLD", reason: "RESERVE_NOT_MET", ranking, basis: BASIS.property22 } };
  }
  return {
    state: closed,
    outcome: { outcome: "SOLD", winner: top.bidderNumber, priceFen: top.priceFen, sequence: top.sequence, ranking, basis: BASIS.property22 },
  };
}

// ---------------------------------------------------------------------------------------------
// 权重报价
// ---------------------------------------------------------------------------------------------

/** Exact rational n/d, d > 0. */
export interface Rational {
  n: bigint;
  d: bigint;
}

/**
 * Price score formulas (full marks F, price P, highest valid price Pmax):
 * - ratioToHighest: F × P / Pmax;
 * - linearAboveFloor: F × (P − floor) / (Pmax − floor); everyone gets F when Pmax = floor.
 */
export type PriceFormula = { kind: "ratioToHighest" } | { kind: "linearAboveFloor"; floorFen: number };

export interface WeightedConfig {
  /** Weight of the price score, basis points. */
  priceWeightBp: number;
  /** Non-price factors and their weights (bp); price + factors = 10000. */
  factors: readonly { key: string; weightBp: number }[];
  /** Full marks of every score, hundredths (10000 = 100.00 points). */
  fullScore: number;
  priceFormula: PriceFormula;
  /** Bids below this price are invalid (the public 转让底价). */
  floorFen?: number;
}

export interface WeightedBid {
  bidderNumber: string;
  priceFen: number;
  submittedAt: Date;
  sequence: number;
  /** Factor scores in hundredths, 0..fullScore, one per configured factor. */
  factorScores: Readonly<Record<string, number>>;
}

export interface WeightedRank {
  bidderNumber: string;
  rank: number;
  priceFen: number;
  /** Price score, hundredths, rounded half up from the exact value. */
  priceScore: number;
  /** Weighted total, hundredths, rounded half up from the exact weighted sum of the published components. */
  total: number;
}

/** n/d rounded half up, n ≥ 0, d > 0. */
function roundHalfUp(r: Rational): number {
  return Number((2n * r.n + r.d) / (2n * r.d));
}

function validateWeighted(config: WeightedConfig): void {
  assertCount(config.priceWeightBp, "priceWeightBp");
  assertCount(config.fullScore, "fullScore", 1);
  const keys = new Set<string>();
  let sum = config.priceWeightBp;
  for (const f of config.factors) {
    assertId(f.key, "factor key");
    if (keys.has(f.key)) throw new RangeError(`duplicate factor ${f.key}`);
    keys.add(f.key);
    assertCount(f.weightBp, `weight of ${f.key}`);
    sum += f.weightBp;
  }
  if (sum !== 10_000) throw new RangeError(`weights must add up to 10000 bp, got ${sum}`);
  if (config.priceFormula.kind === "linearAboveFloor") assertFen(config.priceFormula.floorFen, "floorFen");
  if (config.floorFen !== undefined) assertFen(config.floorFen, "floorFen");
}

/** Price score as an exact rational (hundredths). */
export function priceScoreExact(config: WeightedConfig, priceFen: number, maxFen: number): Rational {
  const full = BigInt(config.fullScore);
  const f = config.priceFormula;
  if (f.kind === "ratioToHighest") return { n: full * BigInt(priceFen), d: BigInt(maxFen) };
  if (maxFen === f.floorFen) return { n: full, d: 1n };
  return { n: full * BigInt(priceFen - f.floorFen), d: BigInt(maxFen - f.floorFen) };
}

/**
 * Ranks 权重报价 bids. Invalid bids (below the floor, or below the formula's floor) are listed apart.
 *
 * Rounding and order follow tendering/domain/scoring.ts: the price score is rounded half up to 0.01 once,
 * the total is the exact weighted sum of the published components (price score and factor scores) rounded
 * half up to 0.01, and the ranking uses the published total — so anyone can check it from the published
 * numbers. Then: higher price; earlier submission; lower sequence (documented defaults; the 实施方案 may set
 * others).
 */
export function rankWeighted(
  bids: readonly WeightedBid[],
  config: WeightedConfig,
): { ranking: WeightedRank[]; invalid: { bidderNumber: string; reason: "BELOW_FLOOR" }[]; winner?: string } {
  validateWeighted(config);
  const seenBidders = new Set<string>();
  const seenSeq = new Set<number>();
  for (const b of bids) {
    assertId(b.bidderNumber, "bidderNumber");
    if (seenBidders.has(b.bidderNumber)) throw new RangeError(`duplicate bidder ${b.bidderNumber}`);
    seenBidders.add(b.bidderNumber);
    if (seenSeq.has(b.sequence)) throw new RangeError(`duplicate sequence ${b.sequence}`);
    seenSeq.add(b.sequence);
    assertFen(b.priceFen, "priceFen");
    assertInstant(b.submittedAt, "submittedAt");
    for (const f of config.factors) {
      const s = b.factorScores[f.key];
      if (s === undefined || !Number.isSafeInteger(s) || s < 0 || s > config.fullScore) {
        throw new RangeError(`score of ${b.bidderNumber} for ${f.key} must be an integer in 0..${config.fullScore}, got ${s}`);
      }
    }
  }
  const floor = Math.max(config.floorFen ?? 0, config.priceFormula.kind === "linearAboveFloor" ? config.priceFormula.floorFen : 0);
  const invalid = bids.filter((b) => b.priceFen < floor).map((b) => ({ bidderNumber: b.bidderNumber, reason: "BELOW_FLOOR" as const }));
  const valid = bids.filter((b) => b.priceFen >= floor);
  if (valid.length === 0) return { ranking: [], invalid };
  const maxFen = Math.max(...valid.map((b) => b.priceFen));
  const scored = valid.map((b) => {
    const priceScore = roundHalfUp(priceScoreExact(config, b.priceFen, maxFen));
    let sum = BigInt(config.priceWeightBp) * BigInt(priceScore);
    for (const f of config.factors) sum += BigInt(f.weightBp) * BigInt(b.factorScores[f.key]!);
    return { b, priceScore, total: roundHalfUp({ n: sum, d: 10_000n }) };
  });
  scored.sort(
    (x, y) => y.total - x.total || y.b.priceFen - x.b.priceFen || x.b.submittedAt.getTime() - y.b.submittedAt.getTime() || x.b.sequence - y.b.sequence,
  );
  const ranking = scored.map((s, i) => ({ bidderNumber: s.b.bidderNumber, rank: i + 1, priceFen: s.b.priceFen, priceScore: s.priceScore, total: s.total }));
  return { ranking, invalid, winner: ranking[0]!.bidderNumber };
}

// ---------------------------------------------------------------------------------------------
// 90% of the appraisal
// ---------------------------------------------------------------------------------------------

/**
 * 32号令第十八条 [mem]: "新的转让底价低于评估结果的90%时，应当经转让行为批准单位书面同意". True iff
 * priceFen < 90% × appraisalFen, exactly (10 × price < 9 × appraisal, BigInt). Exactly 90% is not 低于 and
 * needs no approval. The rule speaks of the 转让底价; since no deal can be below the 底价, a deal price below
 * 90% implies a 底价 below 90% that must have been approved — so checking the deal price is a sound test.
 */
export function needsApproval(priceFen: number, appraisalFen: number): boolean {
  assertFen(priceFen, "priceFen", 0);
  assertFen(appraisalFen, "appraisalFen");
  return 10n * BigInt(priceFen) < 9n * BigInt(appraisalFen);
}

/** The lowest price that needs no approval: ⌈9 × appraisal / 10⌉. */
export function approvalThresholdFen(appraisalFen: number): number {
  assertFen(appraisalFen, "appraisalFen");
  return Number((9n * BigInt(appraisalFen) + 9n) / 10n);
}

// ---------------------------------------------------------------------------------------------
// Disclosure and result publicity
// ---------------------------------------------------------------------------------------------

export const PROPERTY_LIMITS = {
  disclosureWorkdays: 20, // 32号令第十三条 [mem]; also 第十八条 for a re-disclosure
  resultPublicityWorkdays: 5, // 32号令第二十九条 [mem]
} as const;

/** Asset-transfer bands by 转让底价: strictly above `aboveFen` and (if given) strictly below `belowFen`. */
export interface AssetBand {
  aboveFen: number;
  belowFen?: number;
  workdays: number;
}

/**
 * 32号令第四十八条 [mem] / local 资产转让 rules: "转让底价高于100万元、低于1000万元的资产转让项目，信息公告期应不少于
 * 10个工作日；转让底价高于1000万元的……不少于20个工作日". The gaps (≤ 100万, exactly 1000万) fall back to 20.
 */
export const DEFAULT_ASSET_BANDS: readonly AssetBand[] = [{ aboveFen: 100_000_000, belowFen: 1_000_000_000, workdays: 10 }];

export type DisclosureKind = "equity" | "asset";

/** Minimum disclosure length in working days and its basis. */
export function disclosureMinimum(
  kind: DisclosureKind,
  reserveFen: number | undefined,
  bands: readonly AssetBand[] = DEFAULT_ASSET_BANDS,
): { workdays: number; basis: string } {
  if (kind === "equity") return { workdays: PROPERTY_LIMITS.disclosureWorkdays, basis: BASIS.property13 };
  if (reserveFen === undefined) throw new RangeError("an asset transfer needs its 转让底价 (reserveFen) to find the disclosure period");
  assertFen(reserveFen, "reserveFen");
  for (const b of bands) {
    if (reserveFen > b.aboveFen && (b.belowFen === undefined || reserveFen < b.belowFen)) return { workdays: b.workdays, basis: BASIS.property48 };
  }
  return { workdays: PROPERTY_LIMITS.disclosureWorkdays, basis: BASIS.property48 };
}

function spanCheck(
  calendar: WorkingCalendar,
  startTime: Date,
  endTime: Date,
  n: number,
  rule: "DISCLOSURE_TOO_SHORT" | "RESULT_PUBLICITY_TOO_SHORT",
  basis: string,
  zhWhat: string,
  enWhat: string,
): AuctionLimitResult {
  const a = assertInstant(startTime, "start");
  const b = assertInstant(endTime, "end");
  if (b < a) throw new RangeError(`${enWhat}: end is before start`);
  const start: CivilDate = toCivilDate(startTime);
  const end: CivilDate = toCivilDate(endTime);
  if (calendar.isAtLeast(start, end, n, "workday")) return OK;
  const earliest = n === 0 ? start : calendar.addWorkingDays(start, n);
  return violation(
    rule,
    basis,
    `${zhWhat}不得少于${n}个工作日：自${start}开始的，最早于${earliest}结束，实际为${end}`,
    `The ${enWhat} lasts at least ${n} working days: starting ${start}, it may end on ${earliest} at the earliest; it ends ${end}`,
    { earliest, limit: n },
  );
}

/** 正式信息披露 ≥ 20 working days (产权转让), or the band of an asset transfer. */
export function checkDisclosurePeriod(
  input: { kind: DisclosureKind; start: Date; end: Date; reserveFen?: number },
  calendar: WorkingCalendar,
  options: { assetBands?: readonly AssetBand[] } = {},
): AuctionLimitResult {
  const { workdays, basis } = disclosureMinimum(input.kind, input.reserveFen, options.assetBands);
  const what = input.kind === "asset" && input.reserveFen !== undefined ? `（转让底价${yuan(input.reserveFen)}）` : "";
  return spanCheck(calendar, input.start, input.end, workdays, "DISCLOSURE_TOO_SHORT", basis, `信息披露期${what}`, "disclosure period");
}

/** 交易结果公告 ≥ 5 working days. */
export function checkResultPublicity(input: { start: Date; end: Date }, calendar: WorkingCalendar): AuctionLimitResult {
  return spanCheck(
    calendar,
    input.start,
    input.end,
    PROPERTY_LIMITS.resultPublicityWorkdays,
    "RESULT_PUBLICITY_TOO_SHORT",
    BASIS.property29,
    "交易结果公告期",
    "result publicity",
  );
}
