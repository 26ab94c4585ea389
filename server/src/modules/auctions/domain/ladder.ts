/**
 * The bid ladder of one lot (标的): which bids are accepted, in what order. Pure, no I/O; the caller
 * supplies `now` from the server clock and persists the returned state.
 *
 * The ladder is a strictly increasing chain. A bid is accepted iff
 * 1. the lot is open at `now`: `opensAt ≤ now < closesAt` (a bid at exactly the close is too late — the
 *    countdown has reached zero) and the lot was not closed explicitly;
 * 2. the bidder may bid here (`participants`, when the rules restrict them, e.g. 现场竞价 after 挂牌);
 * 3. the first bid is ≥ the starting price (起始价/起拍价); every later bid is ≥ current + increment, where
 *    the increment is fixed or read from a table of price bands at the current price;
 * 4. when `onGrid`, the price lies on the increment grid: (price − base) is a multiple of increment(base)
 *    with base = the current price (the starting price for the first bid). For a fixed increment this is
 *    exactly "(price − start) is a multiple of the increment", because every accepted price is on the grid;
 *    with bands it means "the current price plus a whole number of the increments in force" — the way
 *    bidders raise in practice (加价幅度的N倍，N为正整数);
 * 5. the same bidder does not outbid itself when `allowSelfOutbid` is false.
 *
 * Self-outbidding. The ladder takes the choice from the rules. Defaults chosen by the callers:
 * - 挂牌 (listing.ts): allowed. 39号令 (第十七条 [mem]) lets 符合条件的竞买人 submit 报价单 throughout the
 *   挂牌 period without restriction; a raise of one's own standing bid harms no one but the raiser.
 * - 拍卖/现场竞价/网络竞价 (live-auction.ts, property-modes.ts): refused. Auction practice (e.g. 北交所 网络竞价
 *   出价规则: 不可在自己出价领先状态下再次出价) — and with anti-sniping a leader could otherwise keep
 *   extending the auction by raising itself.
 *
 * Idempotency. Clients give every bid a `clientBidId`. If a bid with that id was already accepted, the same
 * result is returned again (reason DUPLICATE, no second entry) — even after the close, so a retry never turns
 * into a refusal. Reusing an id for a different bidder or price is refused (CLIENT_ID_CONFLICT). Refusals are
 * not remembered by the ladder (the service logs them for the audit trail), so a refused bid may be retried.
 *
 * Reserve (保留价/底价). `reserveFen` is sealed: 拍卖法第二十八条 (委托人有权确定拍卖标的的保留价并要求拍卖人保密),
 * 39号令第十条 [mem] (底价……在拍卖挂牌出让活动结束之前应当保密). It lives in the engine's state only;
 * {@link bidderView} strips it and says only whether there is one (拍卖法第五十条: 无保留价的应当在拍卖前予以说明).
 * Bids below the reserve are accepted while bidding runs; the reserve only decides the outcome at the close.
 *
 * Bids are irrevocable (拍卖法第三十六条: 竞买人一经应价，不得撤回): there is no withdrawal operation.
 */
import { assertFen, assertId, assertInstant } from "./common.ts";

export interface IncrementBand {
  /** The band applies while the current price is ≥ this (fen). The first band starts at 0. */
  fromFen: number;
  incrementFen: number;
}

export type IncrementRule = { kind: "fixed"; incrementFen: number } | { kind: "bands"; bands: readonly IncrementBand[] };

export interface LadderRules {
  /** 起始价/起拍价: the lowest acceptable first bid (fen). */
  startingPriceFen: number;
  increment: IncrementRule;
  /** Prices must be the base plus a whole number of increments. */
  onGrid: boolean;
  allowSelfOutbid: boolean;
  /** When set, only these 竞买号 may bid (e.g. the bidders who asked for 现场竞价). */
  participants?: readonly string[];
}

/** One accepted bid. The ladder's total order is `sequence`; prices strictly increase along it. */
export interface AcceptedBid {
  sequence: number;
  priceFen: number;
  /** 竞买号 (anonymous, see bidder-numbers.ts). */
  bidderNumber: string;
  /** Server time of acceptance. */
  serverTime: Date;
  clientBidId: string;
}

export interface LadderState {
  lotId: string;
  rules: LadderRules;
  opensAt: Date;
  closesAt: Date;
  /** Closed explicitly (after the close was decided, or 中止/终止). */
  closed: boolean;
  bids: readonly AcceptedBid[];
  /** Highest sequence number issued so far (a ladder seeded with a carried-over bid continues its numbering). */
  lastSequence: number;
  /** Sealed reserve (fen); known to the engine only. Absent = no reserve. */
  reserveFen?: number;
}

/** What a bidder may see: everything but the reserve amount. */
export type BidderLadderView = Omit<LadderState, "reserveFen"> & { hasReserve: boolean };

export interface BidInput {
  bidderNumber: string;
  priceFen: number;
  clientBidId: string;
}

export type RefusalReason =
  | "NOT_OPEN"
  | "LOT_CLOSED"
  | "OUT_OF_ORDER"
  | "NOT_PARTICIPANT"
  | "SELF_OUTBID"
  | "INVALID_PRICE"
  | "BELOW_START"
  | "BELOW_INCREMENT"
  | "OFF_GRID"
  | "CLIENT_ID_CONFLICT"
  | "ALREADY_BID";

export type BidReason = RefusalReason | "DUPLICATE";

export type BidResult =
  | { accepted: true; duplicate: boolean; sequence: number; priceFen: number; reasons: BidReason[] }
  | { accepted: false; priceFen: number; reasons: RefusalReason[] /** Lowest acceptable price now. */; minimumFen: number };

export interface LadderInput {
  lotId: string;
  rules: LadderRules;
  opensAt: Date;
  closesAt: Date;
  reserveFen?: number;
  /** Bids carried over (e.g. the highest 挂牌 bid standing at the start of 现场竞价); must increase. */
  seed?: readonly AcceptedBid[];
}

function validateIncrement(rule: IncrementRule): void {
  if (rule.kind === "fixed") {
    assertFen(rule.incrementFen, "incrementFen");
    return;
  }
  if (rule.bands.length === 0) throw new RangeError("an increment table needs at least one band");
  rule.bands.forEach((b, i) => {
    assertFen(b.fromFen, `bands[${i}].fromFen`, 0);
    assertFen(b.incrementFen, `bands[${i}].incrementFen`);
    if (i === 0 && b.fromFen !== 0) throw new RangeError("the first increment band must start at 0 fen");
    const prev = rule.bands[i - 1];
    if (prev && b.fromFen <= prev.fromFen) throw new RangeError("increment bands must be sorted by strictly increasing fromFen");
  });
}

export function validateRules(rules: LadderRules): void {
  assertFen(rules.startingPriceFen, "startingPriceFen");
  validateIncrement(rules.increment);
  for (const p of rules.participants ?? []) assertId(p, "participant");
}

/** The increment in force when the current price is `priceFen`. */
export function incrementAt(rule: IncrementRule, priceFen: number): number {
  if (rule.kind === "fixed") return rule.incrementFen;
  let inc = rule.bands[0]!.incrementFen;
  for (const b of rule.bands) if (priceFen >= b.fromFen) inc = b.incrementFen;
  return inc;
}

export function createLadder(input: LadderInput): LadderState {
  assertId(input.lotId, "lotId");
  validateRules(input.rules);
  const open = assertInstant(input.opensAt, "opensAt");
  const close = assertInstant(input.closesAt, "closesAt");
  if (close <= open) throw new RangeError("closesAt must be after opensAt");
  if (input.reserveFen !== undefined) assertFen(input.reserveFen, "reserveFen");
  const seed = [...(input.seed ?? [])];
  let last = 0;
  seed.forEach((b, i) => {
    assertFen(b.priceFen, "seed priceFen");
    assertId(b.bidderNumber, "seed bidderNumber");
    assertId(b.clientBidId, "seed clientBidId");
    assertInstant(b.serverTime, "seed serverTime");
    if (!Number.isSafeInteger(b.sequence) || b.sequence <= last) throw new RangeError("seed sequences must increase");
    const prev = seed[i - 1];
    if (prev && b.priceFen <= prev.priceFen) throw new RangeError("seed prices must increase");
    last = b.sequence;
  });
  const state: LadderState = {
    lotId: input.lotId,
    rules: input.rules,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    closed: false,
    bids: seed,
    lastSequence: last,
  };
  return input.reserveFen === undefined ? state : { ...state, reserveFen: input.reserveFen };
}

/** The standing (highest) bid, if any. */
export function currentBid(state: LadderState | BidderLadderView): AcceptedBid | undefined {
  return state.bids[state.bids.length - 1];
}

/** The lowest price the next bid may have. */
export function minimumNextFen(state: LadderState | BidderLadderView): number {
  const cur = currentBid(state);
  return cur === undefined ? state.rules.startingPriceFen : cur.priceFen + incrementAt(state.rules.increment, cur.priceFen);
}

/** Engine only: does the standing bid meet the reserve? (true when there is no reserve and some bid.) */
export function reserveMet(state: LadderState): boolean {
  const cur = currentBid(state);
  return cur !== undefined && (state.reserveFen === undefined || cur.priceFen >= state.reserveFen);
}

/** The state as a bidder may see it: without the reserve amount. */
export function bidderView(state: LadderState): BidderLadderView {
  const { reserveFen, ...rest } = state;
  return { ...rest, hasReserve: reserveFen !== undefined };
}

/** Is the lot open for bids at `now`? */
export function isOpen(state: LadderState, now: Date): boolean {
  const t = assertInstant(now, "now");
  return !state.closed && t >= state.opensAt.getTime() && t < state.closesAt.getTime();
}

/** Marks the ladder closed; later bids are refused with LOT_CLOSED (duplicates still answer DUPLICATE). */
export function closeLadder(state: LadderState): LadderState {
  return state.closed ? state : { ...state, closed: true };
}

/** Moves the closing instant (anti-sniping extension, countdown restart). */
export function withClosesAt(state: LadderState, closesAt: Date): LadderState {
  const t = assertInstant(closesAt, "closesAt");
  if (t <= state.opensAt.getTime()) throw new RangeError("closesAt must be after opensAt");
  return t === state.closesAt.getTime() ? state : { ...state, closesAt };
}

/** Price checks alone (reasons in a fixed order), for a bid at `priceFen` on `state`. */
export function priceReasons(state: LadderState, priceFen: number): RefusalReason[] {
  if (!Number.isSafeInteger(priceFen) || priceFen <= 0) return ["INVALID_PRICE"];
  const out: RefusalReason[] = [];
  const cur = currentBid(state);
  const base = cur === undefined ? state.rules.startingPriceFen : cur.priceFen;
  if (cur === undefined && priceFen < base) out.push("BELOW_START");
  if (cur !== undefined && priceFen < minimumNextFen(state)) out.push("BELOW_INCREMENT");
  if (state.rules.onGrid && priceFen >= base && (priceFen - base) % incrementAt(state.rules.increment, base) !== 0) out.push("OFF_GRID");
  return out;
}

/**
 * Decides one bid at server time `now`. Returns the new state (the same object when nothing changed) and
 * the result. Reasons come in a fixed order: a bid outside the window is refused for that alone
 * (NOT_OPEN / LOT_CLOSED / OUT_OF_ORDER); otherwise every eligibility and price problem is listed.
 */
export function acceptBid(state: LadderState, bid: BidInput, now: Date): { state: LadderState; result: BidResult } {
  assertId(bid.bidderNumber, "bidderNumber");
  assertId(bid.clientBidId, "clientBidId");
  const t = assertInstant(now, "now");
  const refuse = (reasons: RefusalReason[]) => ({
    state,
    result: { accepted: false as const, priceFen: bid.priceFen, reasons, minimumFen: minimumNextFen(state) },
  });

  const prior = state.bids.find((b) => b.clientBidId === bid.clientBidId);
  if (prior) {
    if (prior.bidderNumber !== bid.bidderNumber || prior.priceFen !== bid.priceFen) return refuse(["CLIENT_ID_CONFLICT"]);
    return { state, result: { accepted: true, duplicate: true, sequence: prior.sequence, priceFen: prior.priceFen, reasons: ["DUPLICATE"] } };
  }

  if (state.closed || t >= state.closesAt.getTime()) return refuse(["LOT_CLOSED"]);
  if (t < state.opensAt.getTime()) return refuse(["NOT_OPEN"]);
  const cur = currentBid(state);
  // The server clock must not run backwards along the ladder (replays use the recorded times).
  if (cur && t < cur.serverTime.getTime()) return refuse(["OUT_OF_ORDER"]);

  const reasons: RefusalReason[] = [];
  if (state.rules.participants && !state.rules.participants.includes(bid.bidderNumber)) reasons.push("NOT_PARTICIPANT");
  if (!state.rules.allowSelfOutbid && cur?.bidderNumber === bid.bidderNumber) reasons.push("SELF_OUTBID");
  reasons.push(...priceReasons(state, bid.priceFen));
  if (reasons.length > 0) return refuse(reasons);

  const sequence = state.lastSequence + 1;
  const entry: AcceptedBid = { sequence, priceFen: bid.priceFen, bidderNumber: bid.bidderNumber, serverTime: new Date(t), clientBidId: bid.clientBidId };
  return {
    state: { ...state, bids: [...state.bids, entry], lastSequence: sequence },
    result: { accepted: true, duplicate: false, sequence, priceFen: bid.priceFen, reasons: [] },
  };
}
