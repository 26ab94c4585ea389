import type { Selectable } from "kysely";
import type { AuctionLotLiveTable, AuctionMethod, AuctionPhase } from "../../platform/db/schema.ts";
import type { AcceptedBid } from "./domain/ladder.ts";
import { type AntiSniping, createLiveAuction, type LiveAuctionState } from "./domain/live-auction.ts";

/** The sealed methods: one sealed price per bidder, opened at the end (招标出让, 一次报价, 权重报价). */
export const SEALED_METHODS = ["tender", "sealed", "weighted"] as const satisfies readonly AuctionMethod[];
export type SealedMethod = (typeof SEALED_METHODS)[number];
export const isSealedMethod = (method: AuctionMethod): method is SealedMethod => (SEALED_METHODS as readonly string[]).includes(method);

/** What of a lot row the ladder needs. */
export interface LotRules {
  method: AuctionMethod;
  phase: AuctionPhase;
  opens_at: Date;
  free_end: Date | null;
  starting_price_fen: number;
  increment_fen: number;
  countdown_ms: number;
  live_participants: string[] | null;
}

/** What of the running state the ladder needs. */
export interface LiveRow {
  closes_at: Date;
  extensions: number;
}

/**
 * The anti-sniping rule in force for a lot in its phase:
 * - 挂牌 (listing, phase open): none — the listing ends at its 挂牌截止时间;
 * - 现场竞价 after a 挂牌 (phase live): every accepted bid restarts the countdown ("如在倒计时内有新的出价，重新开始倒计时");
 * - 拍卖 (auction): a bid in the last `countdown` moves the end to now + countdown;
 * - 多次报价 (multi_round): free period, then a countdown restarted by every bid from the free period's end.
 */
export function antiSnipingOf(lot: LotRules): AntiSniping {
  if (lot.method === "listing") return lot.phase === "live" ? { kind: "restart", countdownMs: lot.countdown_ms } : { kind: "none" };
  if (lot.method === "auction") return { kind: "extend", windowMs: lot.countdown_ms };
  return { kind: "restart", countdownMs: lot.countdown_ms, ...(lot.free_end ? { from: lot.free_end } : {}) };
}

/**
 * The domain state of a lot's ladder, rebuilt from the lot, its running row and its standing bid: the rules of
 * the domain (strictly increasing by the increment, on the grid, the window, self-outbidding, the participants
 * of a 现场竞价) then decide each bid. Only the standing bid matters for the next one, so no other bid is loaded;
 * the idempotency of a retried client bid id is answered by the unique index on (lot, client_bid_id).
 */
export function ladderOf(lot: LotRules, live: LiveRow, standing: AcceptedBid | undefined): LiveAuctionState {
  const listing = lot.method === "listing" && lot.phase === "open";
  const state = createLiveAuction({
    lotId: "lot",
    opensAt: lot.opens_at,
    endsAt: live.closes_at,
    startingPriceFen: lot.starting_price_fen,
    increment: { kind: "fixed", incrementFen: lot.increment_fen },
    onGrid: true,
    // 挂牌: a bidder may raise its own standing 报价; in every timed auction it may not (ladder.ts).
    allowSelfOutbid: listing,
    antiSniping: antiSnipingOf(lot),
    ...(lot.phase === "live" && lot.live_participants ? { participants: lot.live_participants } : {}),
    ...(standing ? { standingBid: standing } : {}),
  });
  return { ...state, extensions: live.extensions };
}

/** The columns of `auction_lot as l` that {@link ladderOf} needs, for the queries that rebuild a ladder. */
export const LOT_RULES = [
  "l.method",
  "l.phase",
  "l.opens_at",
  "l.free_end",
  "l.starting_price_fen",
  "l.increment_fen",
  "l.countdown_ms",
  "l.live_participants",
] as const;

/** The standing bid, as the running row keeps it. */
export function standingOf(live: Selectable<AuctionLotLiveTable>): AcceptedBid | undefined {
  if (live.last_sequence === 0 || live.current_price_fen === null) return undefined;
  return {
    sequence: live.last_sequence,
    priceFen: live.current_price_fen,
    bidderNumber: live.current_bidder_number as string,
    serverTime: live.current_bid_time as Date,
    clientBidId: live.current_client_bid_id as string,
  };
}
