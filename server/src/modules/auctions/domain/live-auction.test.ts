import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bidListing, closeListing, createListing } from "./listing.ts";
import { type AntiSniping, bidLive, closeLiveAuction, createLiveAuction, endsAt, type LiveAuctionState, liveAuctionFromListing } from "./live-auction.ts";

const bj = (local: string) => new Date(`${local}+08:00`);
const OPEN = bj("2026-05-20T10:00");
const END = bj("2026-05-20T11:00");
const MIN = 60_000;
const before = (end: Date, ms: number) => new Date(end.getTime() - ms);

function auction(antiSniping: AntiSniping, extra: { reserveFen?: number; allowSelfOutbid?: boolean } = {}): LiveAuctionState {
  return createLiveAuction({
    lotId: "auction-1",
    opensAt: OPEN,
    endsAt: END,
    startingPriceFen: 5_000_000,
    increment: { kind: "fixed", incrementFen: 100_000 },
    antiSniping,
    ...extra,
  });
}

const EXTEND: AntiSniping = { kind: "extend", windowMs: 5 * MIN };

describe("anti-sniping: extend (a bid in the last T moves the end to now + T)", () => {
  it("a bid before the last T changes nothing", () => {
    const r = bidLive(auction(EXTEND), { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, before(END, 10 * MIN));
    expect(r.result.accepted).toBe(true);
    expect(r.endsAt).toEqual(END);
    expect(r.state.extensions).toBe(0);
  });

  it("a bid at exactly end − T leaves the end where it is (now + T = end)", () => {
    const r = bidLive(auction(EXTEND), { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, before(END, 5 * MIN));
    expect(r.endsAt).toEqual(END);
  });

  it("a bid within the last T extends to now + T; again and again", () => {
    let s = auction(EXTEND);
    let r = bidLive(s, { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, before(END, 2 * MIN));
    expect(r.endsAt).toEqual(new Date(END.getTime() + 3 * MIN));
    s = r.state;
    r = bidLive(s, { bidderNumber: "520117", priceFen: 5_100_000, clientBidId: "b" }, new Date(END.getTime() + 2 * MIN)); // old end passed, new one not
    expect(r.result.accepted).toBe(true);
    expect(r.endsAt).toEqual(new Date(END.getTime() + 7 * MIN));
    expect(r.state.extensions).toBe(2);
    expect(r.state.scheduledEnd).toEqual(END);
    expect(endsAt(r.state)).toEqual(r.endsAt);
  });

  it("a bid 1 ms before the end extends; at the end it is too late", () => {
    const s = auction(EXTEND);
    const late = bidLive(s, { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, END);
    expect(late.result).toMatchObject({ accepted: false, reasons: ["LOT_CLOSED"] });
    expect(late.endsAt).toEqual(END);
    const snipe = bidLive(s, { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, before(END, 1));
    expect(snipe.endsAt).toEqual(new Date(END.getTime() - 1 + 5 * MIN));
  });

  it("refused bids and duplicates do not extend", () => {
    const first = bidLive(auction(EXTEND), { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, before(END, 20 * MIN)).state;
    const low = bidLive(first, { bidderNumber: "520117", priceFen: 5_000_000, clientBidId: "b" }, before(END, MIN));
    expect(low.result.accepted).toBe(false);
    expect(low.endsAt).toEqual(END);
    const dup = bidLive(first, { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, before(END, MIN));
    expect(dup.result).toMatchObject({ accepted: true, duplicate: true });
    expect(dup.endsAt).toEqual(END);
  });

  it("the leader may not raise its own bid (and so keep extending) by default", () => {
    const first = bidLive(auction(EXTEND), { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, before(END, 2 * MIN)).state;
    const self = bidLive(first, { bidderNumber: "381920", priceFen: 5_100_000, clientBidId: "b" }, before(END, MIN));
    expect(self.result).toMatchObject({ accepted: false, reasons: ["SELF_OUTBID"] });
    expect(self.state).toBe(first);
  });
});

describe("anti-sniping: restart (every bid restarts the countdown)", () => {
  const RESTART: AntiSniping = { kind: "restart", countdownMs: 5 * MIN };

  it("every accepted bid sets the end to now + T", () => {
    const s = createLiveAuction({
      lotId: "x",
      opensAt: OPEN,
      endsAt: new Date(OPEN.getTime() + 5 * MIN),
      startingPriceFen: 5_000_000,
      increment: { kind: "fixed", incrementFen: 100_000 },
      antiSniping: RESTART,
    });
    const r1 = bidLive(s, { bidderNumber: "1", priceFen: 5_000_000, clientBidId: "a" }, new Date(OPEN.getTime() + MIN));
    expect(r1.endsAt).toEqual(new Date(OPEN.getTime() + 6 * MIN));
    const r2 = bidLive(r1.state, { bidderNumber: "2", priceFen: 5_100_000, clientBidId: "b" }, new Date(OPEN.getTime() + 6 * MIN - 1));
    expect(r2.endsAt).toEqual(new Date(OPEN.getTime() + 11 * MIN - 1));
    expect(bidLive(r2.state, { bidderNumber: "1", priceFen: 5_200_000, clientBidId: "c" }, new Date(OPEN.getTime() + 11 * MIN - 2)).result.accepted).toBe(true);
    expect(bidLive(r2.state, { bidderNumber: "1", priceFen: 5_200_000, clientBidId: "c" }, new Date(OPEN.getTime() + 11 * MIN - 1)).result).toMatchObject({
      reasons: ["LOT_CLOSED"],
    });
  });
});

describe("close at the final end", () => {
  it("NOT_ENDED before the (extended) end — a timer for the old end fires too early", () => {
    const r = bidLive(auction(EXTEND), { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, before(END, MIN));
    expect(closeLiveAuction(r.state, END).outcome).toEqual({ outcome: "NOT_ENDED", endsAt: r.endsAt });
    const c = closeLiveAuction(r.state, r.endsAt);
    expect(c.outcome).toMatchObject({ outcome: "SOLD", winner: "381920", priceFen: 5_000_000, sequence: 1 });
    expect(c.state.ladder.closed).toBe(true);
  });

  it("highest bid ≥ reserve → sold; below → unsold (拍卖法第五十条); no bid → unsold", () => {
    const s = auction(EXTEND, { reserveFen: 5_100_000 });
    const one = bidLive(s, { bidderNumber: "381920", priceFen: 5_000_000, clientBidId: "a" }, before(END, 30 * MIN)).state;
    expect(closeLiveAuction(one, END).outcome).toMatchObject({ outcome: "UNSOLD", reason: "RESERVE_NOT_MET", basis: "拍卖法第五十条" });
    const two = bidLive(one, { bidderNumber: "520117", priceFen: 5_100_000, clientBidId: "b" }, before(END, 20 * MIN)).state;
    expect(closeLiveAuction(two, END).outcome).toMatchObject({ outcome: "SOLD", winner: "520117", priceFen: 5_100_000 });
    expect(closeLiveAuction(s, END).outcome).toMatchObject({ outcome: "UNSOLD", reason: "NO_BIDS" });
  });

  it("after the close every bid is refused", () => {
    const c = closeLiveAuction(auction(EXTEND), END).state;
    expect(bidLive(c, { bidderNumber: "1", priceFen: 9_000_000, clientBidId: "z" }, END).result).toMatchObject({ reasons: ["LOT_CLOSED"] });
  });
});

describe("现场竞价 after 挂牌", () => {
  const schedule = { announcementTime: bj("2026-04-01T09:00"), listingStart: bj("2026-04-21T09:00"), listingEnd: bj("2026-05-12T10:00") };
  const LIVE_OPEN = bj("2026-05-12T10:10");
  const LIVE_END = bj("2026-05-12T10:15");
  const RESTART: AntiSniping = { kind: "restart", countdownMs: 5 * MIN };

  function listed(reserveFen: number) {
    let s = createListing({ lotId: "land-9", schedule, startingPriceFen: 100_000_000, increment: { kind: "fixed", incrementFen: 1_000_000 }, reserveFen });
    s = bidListing(s, { bidderNumber: "381920", priceFen: 100_000_000, clientBidId: "l1" }, bj("2026-04-22T10:00")).state;
    s = bidListing(s, { bidderNumber: "520117", priceFen: 102_000_000, clientBidId: "l2" }, bj("2026-05-06T10:00")).state;
    const out = closeListing(s, { stillCompeting: ["381920", "704433"], now: schedule.listingEnd });
    if (out.outcome !== "TO_LIVE_AUCTION") throw new Error("expected a live auction");
    return { s, out };
  }

  it("the highest 挂牌 bid stands; the first live bid must be ≥ it + one increment; only those who asked may bid", () => {
    const { s, out } = listed(101_000_000);
    const live = liveAuctionFromListing(s, out, { opensAt: LIVE_OPEN, endsAt: LIVE_END, antiSniping: RESTART });
    const at = new Date(LIVE_OPEN.getTime() + MIN);
    expect(bidLive(live, { bidderNumber: "381920", priceFen: 102_500_000, clientBidId: "v1" }, at).result).toMatchObject({
      reasons: ["BELOW_INCREMENT", "OFF_GRID"],
    });
    // 520117 leads from the 挂牌 but did not ask to continue
    expect(bidLive(live, { bidderNumber: "520117", priceFen: 103_000_000, clientBidId: "v1" }, at).result).toMatchObject({
      reasons: ["NOT_PARTICIPANT", "SELF_OUTBID"],
    });
    expect(bidLive(live, { bidderNumber: "999999", priceFen: 103_000_000, clientBidId: "v1" }, at).result).toMatchObject({ reasons: ["NOT_PARTICIPANT"] });
    const r = bidLive(live, { bidderNumber: "381920", priceFen: 103_000_000, clientBidId: "v1" }, at);
    expect(r.result).toMatchObject({ accepted: true, sequence: 3 }); // numbering continues after the 挂牌 bids
    const r2 = bidLive(r.state, { bidderNumber: "704433", priceFen: 104_000_000, clientBidId: "v2" }, new Date(at.getTime() + MIN));
    expect(closeLiveAuction(r2.state, r2.endsAt).outcome).toMatchObject({ outcome: "SOLD", winner: "704433", priceFen: 104_000_000 });
  });

  it("nobody bids live: the 挂牌 leader wins unless below the reserve", () => {
    const a = listed(101_000_000);
    const liveA = liveAuctionFromListing(a.s, a.out, { opensAt: LIVE_OPEN, endsAt: LIVE_END, antiSniping: RESTART });
    expect(closeLiveAuction(liveA, LIVE_END).outcome).toMatchObject({ outcome: "SOLD", winner: "520117", priceFen: 102_000_000, sequence: 2 });
    const b = listed(110_000_000);
    const liveB = liveAuctionFromListing(b.s, b.out, { opensAt: LIVE_OPEN, endsAt: LIVE_END, antiSniping: RESTART });
    expect(closeLiveAuction(liveB, LIVE_END).outcome).toMatchObject({ outcome: "UNSOLD", reason: "RESERVE_NOT_MET" });
  });

  it("refuses a live increment different from the one the close used", () => {
    const { s, out } = listed(101_000_000);
    expect(() =>
      liveAuctionFromListing(s, out, { opensAt: LIVE_OPEN, endsAt: LIVE_END, antiSniping: RESTART, increment: { kind: "fixed", incrementFen: 2_000_000 } }),
    ).toThrow(/liveIncrement/);
  });
});

describe("properties", () => {
  const antiArb: fc.Arbitrary<AntiSniping> = fc.oneof(
    fc.integer({ min: 1, max: 10 * MIN }).map((windowMs) => ({ kind: "extend" as const, windowMs })),
    fc.integer({ min: 1, max: 10 * MIN }).map((countdownMs) => ({ kind: "restart" as const, countdownMs })),
  );
  const bidsArb = fc.array(
    fc.record({ bidder: fc.constantFrom("1", "2", "3"), steps: fc.integer({ min: -1, max: 3 }), deltaMs: fc.integer({ min: 0, max: 4 * MIN }) }),
    { maxLength: 60, size: "large" },
  );

  it("the end never moves backwards, an accepted bid leaves ≥ T, the winner is the unique highest bid (no ties)", () => {
    fc.assert(
      fc.property(antiArb, bidsArb, fc.option(fc.integer({ min: 5_000_000, max: 8_000_000 })), (anti, raw, reserve) => {
        let s = auction(anti, reserve === null ? {} : { reserveFen: reserve });
        let t = OPEN.getTime();
        raw.forEach((b, i) => {
          t += b.deltaMs;
          const top = s.ladder.bids[s.ladder.bids.length - 1];
          const price = top === undefined ? 5_000_000 + Math.max(0, b.steps) * 100_000 : top.priceFen + b.steps * 100_000;
          const before = endsAt(s).getTime();
          const r = bidLive(s, { bidderNumber: b.bidder, priceFen: price, clientBidId: `c${i}` }, new Date(t));
          expect(r.endsAt.getTime()).toBeGreaterThanOrEqual(before);
          if (r.result.accepted && !r.result.duplicate) {
            expect(t).toBeLessThan(before);
            const T = anti.kind === "extend" ? anti.windowMs : anti.kind === "restart" ? anti.countdownMs : 0;
            // the anti-sniping guarantee: after an accepted bid the others always have at least T to answer
            expect(r.endsAt.getTime()).toBeGreaterThanOrEqual(t + T);
            if (anti.kind === "restart") expect(r.endsAt.getTime()).toBe(Math.max(before, t + T));
            if (anti.kind === "extend") expect(r.endsAt.getTime()).toBe(before - t <= T ? t + T : before);
          } else if (!r.result.accepted && t >= before) {
            expect(r.result.reasons).toEqual(["LOT_CLOSED"]);
          }
          s = r.state;
        });
        const prices = s.ladder.bids.map((b) => b.priceFen);
        for (let i = 1; i < prices.length; i++) expect(prices[i]!).toBeGreaterThan(prices[i - 1]!);
        const out = closeLiveAuction(s, endsAt(s)).outcome;
        if (prices.length === 0) expect(out).toMatchObject({ outcome: "UNSOLD", reason: "NO_BIDS" });
        else {
          const max = Math.max(...prices);
          expect(prices.filter((p) => p === max)).toHaveLength(1);
          if (reserve !== null && max < reserve) expect(out).toMatchObject({ outcome: "UNSOLD", reason: "RESERVE_NOT_MET" });
          else expect(out).toMatchObject({ outcome: "SOLD", priceFen: max });
        }
      }),
      { numRuns: 300 },
    );
  });
});
