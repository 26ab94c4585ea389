import type { Selectable } from "kysely";
import type { AuctionLotLiveTable } from "../../platform/db/schema.ts";
import type { ActionContext } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { isSealedMethod, type LotRules, ladderOf, standingOf } from "./auction-ladder-state.ts";
import { type BidResult, minimumNextFen } from "./domain/ladder.ts";
import { bidLive, type LiveAuctionState } from "./domain/live-auction.ts";

const SEALED_LOT = new AppError("STATE_INVALID", {
  zh: "该标的采用密封报价（招标/一次报价/权重报价），请提交密封报价",
  en: "This lot takes one sealed offer per bidder, not ladder bids",
});

/** A bid waiting for its batch. */
export interface PendingBid {
  ctx: ActionContext;
  lotId: number;
  subjectId: number;
  priceFen: number;
  clientBidId: string;
}

/** An accepted bid's acknowledgement (or the original acceptance again, for a retried client bid id). */
export interface BidAck {
  accepted: true;
  duplicate: boolean;
  sequence: number;
  serverTime: Date;
  endsAt: Date;
  /** Lowest acceptable next price right after this bid (null when answering a retry). */
  minimumNextFen: number | null;
}

export type Refusal = Extract<BidResult, { accepted: false }>;

/** What the batch read under the lots' row locks. */
export interface BatchReads {
  lots: readonly (Selectable<AuctionLotLiveTable> & LotRules)[];
  /** Numbered or not, the applications of the batch's subjects to the batch's lots. */
  bidders: readonly { id: number; lot_id: number; subject_id: number; bidder_number: string | null }[];
  /** Bids already committed under the batch's client bid ids. */
  earlier: readonly { lot_id: number; client_bid_id: string; sequence: number; bidder_number: string; price_fen: number; server_time: Date }[];
  /** The SUBJECT_RESTRICTED refusal of a subject barred from bidding now, if any. */
  restriction: (subjectId: number) => AppError | undefined;
}

export type BidDecision =
  | { kind: "accepted"; ack: BidAck; bidderId: number; bidderNumber: string; phase: "open" | "live" }
  | { kind: "duplicate"; ack: BidAck }
  | { kind: "refused"; refusal: Refusal; bidderId: number; bidderNumber: string; at: Date; endsAt: Date }
  | { kind: "error"; error: AppError };

type EarlierBid = BatchReads["earlier"][number];

/**
 * The answer to a bid whose client bid id was accepted in an earlier batch: that acceptance again (a retry after a
 * lost answer), or CLIENT_ID_CONFLICT when the id comes back with another price or from another bidder.
 */
export function retryAnswer(
  bid: PendingBid,
  prior: EarlierBid,
  now: { bidderId: number; bidderNumber: string; endsAt: Date; at: Date },
): Extract<BidDecision, { kind: "duplicate" | "refused" }> {
  if (prior.bidder_number !== now.bidderNumber || prior.price_fen !== bid.priceFen) {
    const refusal: Refusal = { accepted: false, priceFen: bid.priceFen, reasons: ["CLIENT_ID_CONFLICT"], minimumFen: 0 };
    return { kind: "refused", refusal, bidderId: now.bidderId, bidderNumber: now.bidderNumber, at: now.at, endsAt: now.endsAt };
  }
  return {
    kind: "duplicate",
    ack: { accepted: true, duplicate: true, sequence: prior.sequence, serverTime: prior.server_time, endsAt: now.endsAt, minimumNextFen: null },
  };
}

/** A lot whose running row the batch moves, with the state it ends in. */
export interface LotAfter {
  lotId: number;
  state: LiveAuctionState;
}

/**
 * Decides a batch of bids, in arrival order, on the state read under the lots' row locks — the same rules as
 * one bid at a time, each bid seeing the ones accepted before it in the batch. Pure; `now` is read per bid.
 */
export function decideBatch(bids: readonly PendingBid[], reads: BatchReads, now: () => Date): { decisions: BidDecision[]; moved: LotAfter[] } {
  const lots = new Map(reads.lots.map((row) => [row.lot_id, { row, state: ladderOf(row, row, standingOf(row)), moved: false }]));
  const bidders = new Map(reads.bidders.map((b) => [`${b.lot_id}:${b.subject_id}`, b]));
  const earlier = new Map(reads.earlier.map((e) => [`${e.lot_id}:${e.client_bid_id}`, e]));
  const decisions = bids.map((bid): BidDecision => {
    const lot = lots.get(bid.lotId);
    if (!lot) return { kind: "error", error: notFound({ zh: "标的", en: "The lot" }) };
    if (isSealedMethod(lot.row.method)) return { kind: "error", error: SEALED_LOT };
    const bidder = bidders.get(`${bid.lotId}:${bid.subjectId}`);
    if (!bidder?.bidder_number) return { kind: "error", error: new AppError("NOT_ELIGIBLE_TO_BID") };
    const bidderNumber = bidder.bidder_number;
    const prior = earlier.get(`${bid.lotId}:${bid.clientBidId}`);
    if (prior) return retryAnswer(bid, prior, { bidderId: bidder.id, bidderNumber, endsAt: lot.state.ladder.closesAt, at: now() });
    // Every bid checks the sanctions again: a ban issued during the auction applies at once.
    const restricted = reads.restriction(bid.subjectId);
    if (restricted) return { kind: "error", error: restricted };

    const at = now();
    const closed = lot.row.closed || lot.row.phase === "closed";
    const { state, result, endsAt } = bidLive(lot.state, { bidderNumber, priceFen: bid.priceFen, clientBidId: bid.clientBidId }, at);
    if (!result.accepted || closed) {
      const refusal: Refusal = result.accepted
        ? { accepted: false, priceFen: bid.priceFen, reasons: ["LOT_CLOSED"], minimumFen: minimumNextFen(lot.state.ladder) }
        : result;
      return { kind: "refused", refusal, bidderId: bidder.id, bidderNumber, at, endsAt: lot.state.ladder.closesAt };
    }
    if (result.duplicate) {
      // The same client bid id twice in this batch: the second is answered with the first's acceptance.
      const first = lot.state.ladder.bids.find((b) => b.sequence === result.sequence);
      const ack = { accepted: true as const, duplicate: true, sequence: result.sequence, serverTime: first?.serverTime ?? at, endsAt, minimumNextFen: null };
      return { kind: "duplicate", ack };
    }
    lot.state = state;
    lot.moved = true;
    const ack = { accepted: true as const, duplicate: false, sequence: result.sequence, serverTime: at, endsAt, minimumNextFen: minimumNextFen(state.ladder) };
    return { kind: "accepted", ack, bidderId: bidder.id, bidderNumber, phase: lot.row.phase === "live" ? "live" : "open" };
  });
  const moved = [...lots.entries()].filter(([, l]) => l.moved).map(([lotId, l]) => ({ lotId, state: l.state }));
  return { decisions, moved };
}
