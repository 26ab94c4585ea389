import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AcceptedBid,
  acceptBid,
  type BidInput,
  bidderView,
  closeLadder,
  createLadder,
  type IncrementRule,
  incrementAt,
  isOpen,
  type LadderRules,
  type LadderState,
  minimumNextFen,
  reserveMet,
} from "./ladder.ts";

const bj = (local: string) => new Date(`${local}+08:00`);
const OPEN = bj("2026-03-02T09:00");
const CLOSE = bj("2026-03-16T15:00");
const at = (minutes: number) => new Date(OPEN.getTime() + minutes * 60_000);

function ladder(rules: Partial<LadderRules> = {}, extra: { reserveFen?: number } = {}): LadderState {
  return createLadder({
    lotId: "lot-1",
    rules: { startingPriceFen: 1_000_000, increment: { kind: "fixed", incrementFen: 10_000 }, onGrid: true, allowSelfOutbid: true, ...rules },
    opensAt: OPEN,
    closesAt: CLOSE,
    ...extra,
  });
}

/** Applies bids in order; returns the final state and every result. */
function run(state: LadderState, bids: readonly (BidInput & { at: Date })[]) {
  const results = [];
  for (const b of bids) {
    const r = acceptBid(state, b, b.at);
    state = r.state;
    results.push(r.result);
  }
  return { state, results };
}

describe("acceptBid: prices", () => {
  it("first bid ≥ starting price; later bids ≥ current + increment", () => {
    let s = ladder();
    let r = acceptBid(s, { bidderNumber: "381920", priceFen: 990_000, clientBidId: "a" }, at(1));
    expect(r.result).toMatchObject({ accepted: false, reasons: ["BELOW_START"], minimumFen: 1_000_000 });
    r = acceptBid(s, { bidderNumber: "381920", priceFen: 1_000_000, clientBidId: "b" }, at(1));
    expect(r.result).toEqual({ accepted: true, duplicate: false, sequence: 1, priceFen: 1_000_000, reasons: [] });
    s = r.state;
    expect(minimumNextFen(s)).toBe(1_010_000);
    r = acceptBid(s, { bidderNumber: "520117", priceFen: 1_000_000, clientBidId: "c" }, at(2));
    expect(r.result).toMatchObject({ accepted: false, reasons: ["BELOW_INCREMENT"] });
    expect(r.state).toBe(s);
    r = acceptBid(s, { bidderNumber: "520117", priceFen: 1_009_999, clientBidId: "c" }, at(2));
    expect(r.result).toMatchObject({ accepted: false, reasons: ["BELOW_INCREMENT", "OFF_GRID"] });
    r = acceptBid(s, { bidderNumber: "520117", priceFen: 1_010_000, clientBidId: "c" }, at(2));
    expect(r.result).toMatchObject({ accepted: true, sequence: 2 });
    // jump bidding: several increments at once
    r = acceptBid(r.state, { bidderNumber: "381920", priceFen: 1_040_000, clientBidId: "d" }, at(3));
    expect(r.result).toMatchObject({ accepted: true, sequence: 3, priceFen: 1_040_000 });
  });

  it("off the grid: (price − start) must be a multiple of the increment when the rules say so", () => {
    const s = ladder();
    expect(acceptBid(s, { bidderNumber: "1", priceFen: 1_005_000, clientBidId: "x" }, at(1)).result).toMatchObject({ reasons: ["OFF_GRID"] });
    const free = ladder({ onGrid: false });
    const r = acceptBid(free, { bidderNumber: "1", priceFen: 1_005_000, clientBidId: "x" }, at(1));
    expect(r.result.accepted).toBe(true);
    expect(acceptBid(r.state, { bidderNumber: "2", priceFen: 1_015_000, clientBidId: "y" }, at(2)).result.accepted).toBe(true);
    expect(acceptBid(r.state, { bidderNumber: "2", priceFen: 1_014_999, clientBidId: "y" }, at(2)).result).toMatchObject({ reasons: ["BELOW_INCREMENT"] });
  });

  it("increment table by price band: the band of the current price applies", () => {
    const increment: IncrementRule = {
      kind: "bands",
      bands: [
        { fromFen: 0, incrementFen: 1_000 },
        { fromFen: 100_000, incrementFen: 5_000 },
      ],
    };
    expect(incrementAt(increment, 99_999)).toBe(1_000);
    expect(incrementAt(increment, 100_000)).toBe(5_000);
    const { state, results } = run(ladder({ startingPriceFen: 98_000, increment }), [
      { bidderNumber: "1", priceFen: 98_000, clientBidId: "a", at: at(1) },
      { bidderNumber: "2", priceFen: 99_000, clientBidId: "b", at: at(2) },
      { bidderNumber: "1", priceFen: 100_000, clientBidId: "c", at: at(3) },
      { bidderNumber: "2", priceFen: 101_000, clientBidId: "d", at: at(4) }, // the band is now 5 000
      { bidderNumber: "2", priceFen: 105_000, clientBidId: "e", at: at(5) },
    ]);
    expect(results.map((r) => (r.accepted ? "ok" : r.reasons.join()))).toEqual(["ok", "ok", "ok", "BELOW_INCREMENT,OFF_GRID", "ok"]);
    expect(minimumNextFen(state)).toBe(110_000);
  });

  it("refuses malformed prices", () => {
    for (const p of [0, -100, 1.5, Number.NaN]) {
      expect(acceptBid(ladder(), { bidderNumber: "1", priceFen: p, clientBidId: "a" }, at(1)).result).toMatchObject({ reasons: ["INVALID_PRICE"] });
    }
  });

  it("validates the rules", () => {
    expect(() => ladder({ increment: { kind: "fixed", incrementFen: 0 } })).toThrow(RangeError);
    expect(() => ladder({ increment: { kind: "bands", bands: [{ fromFen: 10, incrementFen: 1 }] } })).toThrow(/start at 0/);
    expect(() =>
      ladder({
        increment: {
          kind: "bands",
          bands: [
            { fromFen: 0, incrementFen: 1 },
            { fromFen: 0, incrementFen: 2 },
          ],
        },
      }),
    ).toThrow(/sorted/);
    expect(() => createLadder({ lotId: "x", rules: ladder().rules, opensAt: CLOSE, closesAt: OPEN })).toThrow(RangeError);
  });
});

describe("acceptBid: the window (server clock)", () => {
  it("open on [opensAt, closesAt): before → NOT_OPEN, at the close → LOT_CLOSED", () => {
    const s = ladder();
    const bid = { bidderNumber: "1", priceFen: 1_000_000, clientBidId: "a" };
    expect(acceptBid(s, bid, new Date(OPEN.getTime() - 1)).result).toMatchObject({ accepted: false, reasons: ["NOT_OPEN"] });
    expect(acceptBid(s, bid, OPEN).result.accepted).toBe(true);
    expect(acceptBid(s, bid, new Date(CLOSE.getTime() - 1)).result.accepted).toBe(true);
    expect(acceptBid(s, bid, CLOSE).result).toMatchObject({ accepted: false, reasons: ["LOT_CLOSED"] });
    expect(acceptBid(closeLadder(s), bid, at(5)).result).toMatchObject({ accepted: false, reasons: ["LOT_CLOSED"] });
    expect(isOpen(s, OPEN)).toBe(true);
    expect(isOpen(s, CLOSE)).toBe(false);
  });

  it("a timing refusal is reported alone, whatever the price", () => {
    expect(acceptBid(ladder(), { bidderNumber: "1", priceFen: 5, clientBidId: "a" }, CLOSE).result).toMatchObject({ reasons: ["LOT_CLOSED"] });
  });

  it("the server clock may not run backwards along the ladder", () => {
    const r = acceptBid(ladder(), { bidderNumber: "1", priceFen: 1_000_000, clientBidId: "a" }, at(10));
    expect(acceptBid(r.state, { bidderNumber: "2", priceFen: 1_010_000, clientBidId: "b" }, at(9)).result).toMatchObject({ reasons: ["OUT_OF_ORDER"] });
  });
});

describe("acceptBid: who may bid", () => {
  it("self-outbidding is refused when the rules forbid it, allowed otherwise", () => {
    const first = { bidderNumber: "381920", priceFen: 1_000_000, clientBidId: "a" };
    const again = { bidderNumber: "381920", priceFen: 1_010_000, clientBidId: "b" };
    const forbid = acceptBid(ladder({ allowSelfOutbid: false }), first, at(1)).state;
    expect(acceptBid(forbid, again, at(2)).result).toMatchObject({ accepted: false, reasons: ["SELF_OUTBID"] });
    const allow = acceptBid(ladder({ allowSelfOutbid: true }), first, at(1)).state;
    expect(acceptBid(allow, again, at(2)).result.accepted).toBe(true);
    // once someone else leads, the first bidder may bid again
    const other = acceptBid(forbid, { bidderNumber: "520117", priceFen: 1_010_000, clientBidId: "c" }, at(2)).state;
    expect(acceptBid(other, { ...again, priceFen: 1_020_000 }, at(3)).result.accepted).toBe(true);
  });

  it("participants, when listed, are the only ones who may bid", () => {
    const s = ladder({ participants: ["381920", "520117"] });
    expect(acceptBid(s, { bidderNumber: "777777", priceFen: 1_000_000, clientBidId: "a" }, at(1)).result).toMatchObject({ reasons: ["NOT_PARTICIPANT"] });
    expect(acceptBid(s, { bidderNumber: "520117", priceFen: 1_000_000, clientBidId: "a" }, at(1)).result.accepted).toBe(true);
  });
});

describe("acceptBid: idempotency by clientBidId", () => {
  it("a retry returns the original result and adds no entry, even after the close", () => {
    const bid = { bidderNumber: "381920", priceFen: 1_000_000, clientBidId: "uuid-1" };
    const first = acceptBid(ladder(), bid, at(1));
    const again = acceptBid(first.state, bid, at(2));
    expect(again.result).toEqual({ accepted: true, duplicate: true, sequence: 1, priceFen: 1_000_000, reasons: ["DUPLICATE"] });
    expect(again.state).toBe(first.state);
    expect(acceptBid(closeLadder(first.state), bid, CLOSE).result).toMatchObject({ accepted: true, duplicate: true, sequence: 1 });
  });

  it("reusing an id for another bidder or price is a conflict", () => {
    const first = acceptBid(ladder(), { bidderNumber: "381920", priceFen: 1_000_000, clientBidId: "uuid-1" }, at(1)).state;
    expect(acceptBid(first, { bidderNumber: "520117", priceFen: 1_010_000, clientBidId: "uuid-1" }, at(2)).result).toMatchObject({
      accepted: false,
      reasons: ["CLIENT_ID_CONFLICT"],
    });
    expect(acceptBid(first, { bidderNumber: "381920", priceFen: 1_020_000, clientBidId: "uuid-1" }, at(2)).result).toMatchObject({
      reasons: ["CLIENT_ID_CONFLICT"],
    });
  });

  it("a refused bid is not remembered: its retry is decided afresh", () => {
    const s = ladder();
    expect(acceptBid(s, { bidderNumber: "1", priceFen: 1_000_000, clientBidId: "a" }, new Date(OPEN.getTime() - 1)).result.accepted).toBe(false);
    expect(acceptBid(s, { bidderNumber: "1", priceFen: 1_000_000, clientBidId: "a" }, OPEN).result.accepted).toBe(true);
  });
});

describe("the sealed reserve", () => {
  it("is known to the engine only; bidders learn whether there is one", () => {
    const s = ladder({}, { reserveFen: 1_050_000 });
    const view = bidderView(s);
    expect(view).not.toHaveProperty("reserveFen");
    expect(JSON.stringify(view)).not.toContain("1050000");
    expect(view.hasReserve).toBe(true);
    expect(bidderView(ladder()).hasReserve).toBe(false);
  });

  it("bids below it are accepted while bidding runs; reserveMet tells the engine", () => {
    const r = acceptBid(ladder({}, { reserveFen: 1_050_000 }), { bidderNumber: "1", priceFen: 1_000_000, clientBidId: "a" }, at(1));
    expect(r.result.accepted).toBe(true);
    expect(reserveMet(r.state)).toBe(false);
    const r2 = acceptBid(r.state, { bidderNumber: "2", priceFen: 1_050_000, clientBidId: "b" }, at(2));
    expect(reserveMet(r2.state)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const incrementArb: fc.Arbitrary<IncrementRule> = fc.oneof(
  fc.integer({ min: 1, max: 500 }).map((incrementFen) => ({ kind: "fixed" as const, incrementFen })),
  fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 600 })).map(([a, from, b]) => ({
    kind: "bands" as const,
    bands: [
      { fromFen: 0, incrementFen: a },
      { fromFen: from, incrementFen: b },
    ],
  })),
);

const rulesArb: fc.Arbitrary<LadderRules> = fc.record({
  startingPriceFen: fc.integer({ min: 1, max: 3_000 }),
  increment: incrementArb,
  onGrid: fc.boolean(),
  allowSelfOutbid: fc.boolean(),
});

/**
 * Bids with a small set of bidders and client ids (so duplicates and conflicts happen), times mostly forward.
 * The price is either raw or relative to the ladder when the bid is made (the minimum, a few increments
 * above it, or just below it), so that many bids are accepted.
 */
type Pick = { kind: "raw"; priceFen: number } | { kind: "min"; extraSteps: number } | { kind: "below" };
const bidsArb = fc.array(
  fc.record({
    bidderNumber: fc.constantFrom("381920", "520117", "704433"),
    clientBidId: fc.integer({ min: 0, max: 60 }).map((n) => `c${n}`),
    pick: fc.oneof(
      fc.integer({ min: -5, max: 12_000 }).map((priceFen): Pick => ({ kind: "raw", priceFen })),
      fc.integer({ min: 0, max: 3 }).map((extraSteps): Pick => ({ kind: "min", extraSteps })),
      fc.constant<Pick>({ kind: "below" }),
    ),
    deltaMs: fc.integer({ min: -5_000, max: 60_000 }),
  }),
  { maxLength: 80, size: "large" },
);
type RawBid = { bidderNumber: string; clientBidId: string; pick: Pick; deltaMs: number };

/** Runs the raw bids, pricing each against the state it meets; returns the bids as submitted. */
function runRaw(state: LadderState, raw: readonly RawBid[]) {
  let t = OPEN.getTime() - 60_000;
  const submitted: (BidInput & { at: Date })[] = [];
  const results = [];
  for (const b of raw) {
    t += b.deltaMs;
    const min = minimumNextFen(state);
    const top = state.bids[state.bids.length - 1];
    const step = incrementAt(state.rules.increment, top?.priceFen ?? state.rules.startingPriceFen);
    const priceFen = b.pick.kind === "raw" ? b.pick.priceFen : b.pick.kind === "below" ? min - 1 : min + b.pick.extraSteps * step;
    const bid = { bidderNumber: b.bidderNumber, clientBidId: b.clientBidId, priceFen, at: new Date(t) };
    submitted.push(bid);
    const r = acceptBid(state, bid, bid.at);
    state = r.state;
    results.push(r.result);
  }
  return { state, results, submitted };
}

function mk(rules: LadderRules): LadderState {
  return createLadder({ lotId: "p", rules, opensAt: OPEN, closesAt: new Date(OPEN.getTime() + 3_600_000) });
}

describe("ladder properties", () => {
  it("the accepted ladder is strictly increasing by ≥ the increment, starts ≥ the start, stays on the grid", () => {
    let longest = 0;
    fc.assert(
      fc.property(rulesArb, bidsArb, (rules, raw) => {
        const { state } = runRaw(mk(rules), raw);
        longest = Math.max(longest, state.bids.length);
        const bids: readonly AcceptedBid[] = state.bids;
        bids.forEach((b, i) => {
          expect(b.sequence).toBe(i + 1);
          const prev = bids[i - 1];
          if (prev === undefined) {
            expect(b.priceFen).toBeGreaterThanOrEqual(rules.startingPriceFen);
            if (rules.onGrid) expect((b.priceFen - rules.startingPriceFen) % incrementAt(rules.increment, rules.startingPriceFen)).toBe(0);
          } else {
            const inc = incrementAt(rules.increment, prev.priceFen);
            expect(b.priceFen - prev.priceFen).toBeGreaterThanOrEqual(inc);
            if (rules.onGrid) expect((b.priceFen - prev.priceFen) % inc).toBe(0);
            expect(b.serverTime.getTime()).toBeGreaterThanOrEqual(prev.serverTime.getTime());
            if (!rules.allowSelfOutbid) expect(b.bidderNumber).not.toBe(prev.bidderNumber);
          }
          expect(b.serverTime.getTime()).toBeGreaterThanOrEqual(OPEN.getTime());
        });
      }),
      { numRuns: 300 },
    );
    expect(longest).toBeGreaterThan(10); // the generator does build real ladders
  });

  it("replaying the same sequence gives the same ladder and the same results", () => {
    fc.assert(
      fc.property(rulesArb, bidsArb, (rules, raw) => {
        const a = runRaw(mk(rules), raw);
        const b = runRaw(mk(rules), raw);
        expect(b.state).toEqual(a.state);
        expect(b.results).toEqual(a.results);
        // and replaying the submitted bids (fixed prices) through the plain fold gives the same ladder
        expect(run(mk(rules), a.submitted).state).toEqual(a.state);
      }),
      { numRuns: 200 },
    );
  });

  it("a duplicate clientBidId never creates a second entry, and a retry returns the original sequence", () => {
    fc.assert(
      fc.property(rulesArb, bidsArb, (rules, raw) => {
        const { state, results, submitted: bids } = runRaw(mk(rules), raw);
        const ids = state.bids.map((b) => b.clientBidId);
        expect(new Set(ids).size).toBe(ids.length);
        results.forEach((r, i) => {
          if (!r.accepted) return;
          const entry = state.bids.find((b) => b.sequence === r.sequence)!;
          expect(entry.clientBidId).toBe(bids[i]!.clientBidId);
          const retry = acceptBid(state, bids[i]!, bids[i]!.at);
          expect(retry.result).toEqual({ accepted: true, duplicate: true, sequence: r.sequence, priceFen: r.priceFen, reasons: ["DUPLICATE"] });
          expect(retry.state).toBe(state);
        });
      }),
      { numRuns: 200 },
    );
  });

  it("a refusal never changes the state", () => {
    fc.assert(
      fc.property(rulesArb, bidsArb, (rules, raw) => {
        const { submitted } = runRaw(mk(rules), raw);
        let s = mk(rules);
        for (const b of submitted) {
          const r = acceptBid(s, b, b.at);
          if (!r.result.accepted || r.result.duplicate) expect(r.state).toBe(s);
          else expect(r.state.bids.length).toBe(s.bids.length + 1);
          s = r.state;
        }
      }),
      { numRuns: 100 },
    );
  });
});
