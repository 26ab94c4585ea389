import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/http/app-error.ts";
import { type BatchReads, decideBatch, type PendingBid } from "./auction-bid-batch.ts";

const WAN = 1_000_000;
const T0 = new Date("2026-05-06T02:00:00Z");
const ctx = {
  actor: {
    userId: 1,
    username: "b",
    role: "bidder" as const,
    personId: null,
    subjectId: 1,
    subjectUscc: null,
    departmentCode: null,
    platformCode: null,
    sessionId: 1,
  },
  ip: "127.0.0.1",
  requestId: "r",
};

/** A 拍卖 lot open since T0 - 1 h, ending T0 + 1 h, 100 万 start, 1 万 increments, 60 s anti-sniping window. */
function lot(lotId: number, overrides: Partial<BatchReads["lots"][number]> = {}): BatchReads["lots"][number] {
  return {
    lot_id: lotId,
    closes_at: new Date(T0.getTime() + 3_600_000),
    last_sequence: 0,
    current_price_fen: null,
    current_bidder_number: null,
    current_bid_time: null,
    current_client_bid_id: null,
    extensions: 0,
    closed: false,
    method: "auction",
    phase: "open",
    opens_at: new Date(T0.getTime() - 3_600_000),
    free_end: null,
    starting_price_fen: 100 * WAN,
    increment_fen: WAN,
    countdown_ms: 60_000,
    live_participants: null,
    ...overrides,
  };
}
const bidders: BatchReads["bidders"] = [
  { id: 11, lot_id: 1, subject_id: 1, bidder_number: "100001" },
  { id: 12, lot_id: 1, subject_id: 2, bidder_number: "100002" },
  { id: 13, lot_id: 1, subject_id: 3, bidder_number: null },
  { id: 21, lot_id: 2, subject_id: 1, bidder_number: "200001" },
];
const reads = (over: Partial<BatchReads> = {}): BatchReads => ({ lots: [lot(1), lot(2)], bidders, earlier: [], restriction: () => undefined, ...over });
const bid = (lotId: number, subjectId: number, priceWan: number, clientBidId: string): PendingBid => ({
  ctx,
  lotId,
  subjectId,
  priceFen: priceWan * WAN,
  clientBidId,
});
const clock = () => {
  let t = T0.getTime();
  return () => {
    t += 1000;
    return new Date(t);
  };
};

describe("a batch of bids decided under the lots' locks", () => {
  it("accepts the first bid at a price and refuses the same price after it, telling the new minimum", () => {
    const { decisions, moved } = decideBatch([bid(1, 1, 100, "a-1"), bid(1, 2, 100, "b-1"), bid(1, 2, 101, "b-2")], reads(), clock());
    expect(decisions.map((d) => d.kind)).toEqual(["accepted", "refused", "accepted"]);
    expect(decisions[1]).toMatchObject({ refusal: { reasons: ["BELOW_INCREMENT"], minimumFen: 101 * WAN }, bidderNumber: "100002" });
    expect(decisions[2]).toMatchObject({ ack: { sequence: 2, minimumNextFen: 102 * WAN } });
    expect(moved).toHaveLength(1);
    expect(moved[0]?.state.ladder.lastSequence).toBe(2);
  });

  it("answers a client bid id repeated in the batch with the first acceptance, and one committed earlier with the original", () => {
    const earlier = [{ lot_id: 1, client_bid_id: "old-1", sequence: 7, bidder_number: "100001", price_fen: 90 * WAN, server_time: T0 }];
    const { decisions } = decideBatch(
      [bid(1, 1, 100, "a-1"), bid(1, 1, 100, "a-1"), bid(1, 1, 90, "old-1"), bid(1, 1, 95, "old-1")],
      reads({ earlier }),
      clock(),
    );
    expect(decisions[0]).toMatchObject({ kind: "accepted", ack: { sequence: 1, duplicate: false } });
    const first = decisions[0] as Extract<(typeof decisions)[number], { kind: "accepted" }>;
    expect(decisions[1]).toMatchObject({ kind: "duplicate", ack: { sequence: 1, duplicate: true, serverTime: first.ack.serverTime } });
    expect(decisions[2]).toMatchObject({ kind: "duplicate", ack: { sequence: 7, serverTime: T0 } });
    expect(decisions[3]).toMatchObject({ kind: "refused", refusal: { reasons: ["CLIENT_ID_CONFLICT"] } });
  });

  it("refuses one bidder's ban, a missing number or an unknown lot without touching the other bids", () => {
    const banned = new AppError("SUBJECT_RESTRICTED");
    const { decisions } = decideBatch(
      [bid(1, 2, 100, "b-1"), bid(1, 3, 101, "c-1"), bid(9, 1, 100, "x-1"), bid(1, 1, 101, "a-1")],
      reads({ restriction: (subject) => (subject === 2 ? banned : undefined) }),
      clock(),
    );
    expect(decisions.map((d) => (d.kind === "error" ? d.error.code : d.kind))).toEqual(["SUBJECT_RESTRICTED", "NOT_ELIGIBLE_TO_BID", "NOT_FOUND", "accepted"]);
    expect(decisions[3]).toMatchObject({ ack: { sequence: 1 } });
  });

  it("keeps lots apart, refuses the leader raising itself, and refuses everything on a closed lot", () => {
    const { decisions, moved } = decideBatch(
      [bid(1, 1, 100, "a-1"), bid(2, 1, 100, "a-2"), bid(1, 1, 101, "a-3")],
      reads({ lots: [lot(1), lot(2, { closed: true })] }),
      clock(),
    );
    expect(decisions[0]).toMatchObject({ kind: "accepted", ack: { sequence: 1 } });
    expect(decisions[1]).toMatchObject({ kind: "refused", refusal: { reasons: ["LOT_CLOSED"] } });
    expect(decisions[2]).toMatchObject({ kind: "refused", refusal: { reasons: ["SELF_OUTBID"] } });
    expect(moved.map((m) => m.lotId)).toEqual([1]);
  });

  it("refuses a ladder bid on a lot sold by sealed offers", () => {
    const { decisions } = decideBatch([bid(1, 1, 100, "a-1")], reads({ lots: [lot(1, { method: "sealed" })] }), clock());
    expect(decisions[0]).toMatchObject({ kind: "error", error: { code: "STATE_INVALID" } });
  });

  it("moves the end of an 拍卖 when a bid comes inside the anti-sniping window", () => {
    const end = new Date(T0.getTime() + 30_000);
    const { decisions, moved } = decideBatch([bid(1, 1, 100, "a-1")], reads({ lots: [lot(1, { closes_at: end })] }), clock());
    // Accepted at T0 + 1 s, 29 s before the end: the end moves to 60 s after the bid.
    expect(decisions[0]).toMatchObject({ ack: { endsAt: new Date(T0.getTime() + 61_000) } });
    expect(moved[0]?.state.extensions).toBe(1);
  });
});
