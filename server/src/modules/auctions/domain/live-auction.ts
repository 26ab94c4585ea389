/**
 * 拍卖 / 现场竞价 / 网上限时竞价: an ascending (增价) auction with anti-sniping. Pure, no I/O.
 *
 * Anti-sniping replaces the auctioneer's "连续三次宣布同一应价而没有再应价的，落槌" of the hall: the lot
 * closes only after a quiet period. Two rule families, both parameters of the lot:
 * - `extend`: a fixed bidding window; a bid accepted within the last T before the end moves the end to
 *   now + T (an accepted bid earlier than that changes nothing). E.g. "在拍卖活动结束前，每最后5分钟如果有竞买人
 *   出价，将自动延迟5分钟".
 * - `restart`: a countdown of T; every accepted bid restarts it (end = now + T). Optionally only from the instant
 *   `from` on — this is 多次报价's 限时报价期 after a 自由报价期 (property-modes.ts), and land 网上限时竞价 after
 *   挂牌 ("以5分钟倒计时为竞价时限，如在5分钟倒计时内有新的出价，重新开始5分钟倒计时").
 * Since the end moves to now + T only when that is later, the end never moves backwards, and "within the
 * last T" needs no boundary convention: at exactly end − T, now + T equals the end.
 * Only accepted bids move the end; refusals and duplicates don't.
 *
 * Close at the final end (拍卖法第五十条、第五十一条; 39号令 [mem]): the highest bid wins if it is ≥ the reserve
 * (or there is none); otherwise the lot is unsold — 竞买人的最高应价未达到保留价时，该应价不发生效力.
 *
 * Ties are impossible: the ladder accepts a bid only if it is ≥ the current price + an increment > 0, so the
 * accepted prices form a strictly increasing chain and its last element is the unique maximum. Two bidders
 * offering the same amount at the same moment are serialised by the engine: the first is accepted, the
 * second is refused (BELOW_INCREMENT) and sees the new price. No "earliest wins" rule is needed at the close.
 */
import { assertCount, assertInstant, BASIS } from "./common.ts";
import {
  type AcceptedBid,
  acceptBid,
  type BidInput,
  type BidResult,
  closeLadder,
  createLadder,
  currentBid,
  type IncrementRule,
  type LadderState,
  minimumNextFen,
  withClosesAt,
} from "./ladder.ts";
import type { ListingOutcome, ListingState } from "./listing.ts";

export type AntiSniping = { kind: "extend"; windowMs: number } | { kind: "restart"; countdownMs: number; from?: Date } | { kind: "none" };

export interface LiveAuctionState {
  ladder: LadderState;
  antiSniping: AntiSniping;
  /** The end announced before bidding; `ladder.closesAt` is the current (possibly extended) end. */
  scheduledEnd: Date;
  /** How many times an accepted bid moved the end. */
  extensions: number;
}

export interface LiveAuctionInput {
  lotId: string;
  opensAt: Date;
  endsAt: Date;
  /** 起拍价/起叫价 (fen); after 挂牌, the listing's starting price with the standing bid seeded. */
  startingPriceFen: number;
  increment: IncrementRule;
  reserveFen?: number;
  onGrid?: boolean;
  /** Default false: the leader may not raise its own bid (and so extend the auction), see ladder.ts. */
  allowSelfOutbid?: boolean;
  participants?: readonly string[];
  /** A bid carried over (the highest 挂牌 bid). */
  standingBid?: AcceptedBid;
  antiSniping: AntiSniping;
}

function validateAntiSniping(a: AntiSniping): void {
  if (a.kind === "extend") assertCount(a.windowMs, "windowMs", 1);
  if (a.kind === "restart") {
    assertCount(a.countdownMs, "countdownMs", 1);
    if (a.from !== undefined) assertInstant(a.from, "from");
  }
}

export function createLiveAuction(input: LiveAuctionInput): LiveAuctionState {
  validateAntiSniping(input.antiSniping);
  const ladder = createLadder({
    lotId: input.lotId,
    rules: {
      startingPriceFen: input.startingPriceFen,
      increment: input.increment,
      onGrid: input.onGrid ?? true,
      allowSelfOutbid: input.allowSelfOutbid ?? false,
      ...(input.participants ? { participants: [...input.participants] } : {}),
    },
    opensAt: input.opensAt,
    closesAt: input.endsAt,
    ...(input.reserveFen === undefined ? {} : { reserveFen: input.reserveFen }),
    ...(input.standingBid ? { seed: [input.standingBid] } : {}),
  });
  return { ladder, antiSniping: input.antiSniping, scheduledEnd: input.endsAt, extensions: 0 };
}

export interface LiveFromListingOptions {
  opensAt: Date;
  endsAt: Date;
  antiSniping: AntiSniping;
  /** Default: the listing's increment (or the `liveIncrement` given at the close). */
  increment?: IncrementRule;
}

/**
 * Opens the 现场竞价 that a 挂牌 close decided (outcome TO_LIVE_AUCTION): only the bidders who asked may bid,
 * the highest 挂牌 bid stands, so the first acceptable live price is that price + one increment.
 */
export function liveAuctionFromListing(
  listing: ListingState,
  outcome: Extract<ListingOutcome, { outcome: "TO_LIVE_AUCTION" }>,
  options: LiveFromListingOptions,
): LiveAuctionState {
  const increment = options.increment ?? listing.ladder.rules.increment;
  const state = createLiveAuction({
    lotId: listing.ladder.lotId,
    opensAt: options.opensAt,
    endsAt: options.endsAt,
    startingPriceFen: outcome.standingBid ? listing.ladder.rules.startingPriceFen : outcome.startingPriceFen,
    increment,
    onGrid: listing.ladder.rules.onGrid,
    participants: outcome.participants,
    antiSniping: options.antiSniping,
    ...(listing.ladder.reserveFen === undefined ? {} : { reserveFen: listing.ladder.reserveFen }),
    ...(outcome.standingBid ? { standingBid: outcome.standingBid } : {}),
  });
  if (minimumNextFen(state.ladder) !== outcome.startingPriceFen) {
    throw new RangeError("the live increment differs from the one used at the close (pass it as liveIncrement to closeListing)");
  }
  return state;
}

/** The current end (after extensions). */
export function endsAt(state: LiveAuctionState): Date {
  return state.ladder.closesAt;
}

/** Where the end goes after a bid accepted at `t` (ms). */
function nextEnd(state: LiveAuctionState, t: number): number {
  const end = state.ladder.closesAt.getTime();
  const a = state.antiSniping;
  if (a.kind === "extend") return end - t <= a.windowMs ? Math.max(end, t + a.windowMs) : end;
  if (a.kind === "restart") return a.from === undefined || t >= a.from.getTime() ? Math.max(end, t + a.countdownMs) : end;
  return end;
}

/** One bid at server time `now`; an accepted bid may move the end (anti-sniping). */
export function bidLive(state: LiveAuctionState, bid: BidInput, now: Date): { state: LiveAuctionState; result: BidResult; endsAt: Date } {
  const r = acceptBid(state.ladder, bid, now);
  if (!r.result.accepted || r.result.duplicate) return { state, result: r.result, endsAt: state.ladder.closesAt };
  const end = nextEnd(state, now.getTime());
  const moved = end !== state.ladder.closesAt.getTime();
  const ladder = moved ? withClosesAt(r.state, new Date(end)) : r.state;
  const next = { ...state, ladder, extensions: state.extensions + (moved ? 1 : 0) };
  return { state: next, result: r.result, endsAt: ladder.closesAt };
}

export type LiveOutcome =
  | { outcome: "NOT_ENDED"; endsAt: Date }
  | { outcome: "SOLD"; winner: string; priceFen: number; sequence: number; basis: string }
  | { outcome: "UNSOLD"; reason: "NO_BIDS" | "RESERVE_NOT_MET"; basis: string };

/**
 * The result at `now`. Before the (extended) end it answers NOT_ENDED with the current end — a timer set for
 * an earlier end fires into this after a late bid extended the auction. Otherwise SOLD or UNSOLD, with the
 * ladder closed in the returned state.
 */
export function closeLiveAuction(state: LiveAuctionState, now: Date): { state: LiveAuctionState; outcome: LiveOutcome } {
  const t = assertInstant(now, "now");
  if (!state.ladder.closed && t < state.ladder.closesAt.getTime()) return { state, outcome: { outcome: "NOT_ENDED", endsAt: state.ladder.closesAt } };
  const closed = { ...state, ladder: closeLadder(state.ladder) };
  const top = currentBid(state.ladder);
  if (top === undefined) return { state: closed, outcome: { outcome: "UNSOLD", reason: "NO_BIDS", basis: BASIS.auction50 } };
  const reserve = state.ladder.reserveFen;
  if (reserve !== undefined && top.priceFen < reserve)
    return { state: closed, outcome: { outcome: "UNSOLD", reason: "RESERVE_NOT_MET", basis: BASIS.auction50 } };
  return { state: closed, outcome: { outcome: "SOLD", winner: top.bidderNumber, priceFen: top.priceFen, sequence: top.sequence, basis: BASIS.auction50 } };
}
