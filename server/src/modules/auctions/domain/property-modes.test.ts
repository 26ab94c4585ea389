import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarSeed } from "../../../platform/calendar/chinese-days-seed.ts";
import { WorkingCalendar } from "../../../platform/calendar/working-days.ts";
import {
  approvalThresholdFen,
  bidMultiRound,
  checkDisclosurePeriod,
  checkResultPublicity,
  closeMultiRound,
  closeSealed,
  createMultiRound,
  createSealed,
  disclosureMinimum,
  type MultiRoundState,
  multiRoundPhase,
  needsApproval,
  rankWeighted,
  type SealedState,
  submitSealedBid,
  type WeightedBid,
  type WeightedConfig,
} from "./property-modes.ts";

const seed = calendarSeed(2025, 2026);
const cal = new WorkingCalendar({
  holidays: new Set(seed.filter((r) => r.kind === "holiday").map((r) => r.date)),
  workdays: new Set(seed.filter((r) => r.kind === "workday").map((r) => r.date)),
});
const bj = (local: string) => new Date(`${local}+08:00`);
const MIN = 60_000;

// ---------------------------------------------------------------------------------------------
// 多次报价
// ---------------------------------------------------------------------------------------------

describe("多次报价: free period, then a timed period restarted by every bid", () => {
  const FREE_START = bj("2026-06-01T09:00");
  const FREE_END = bj("2026-06-01T10:00");
  const after = (ms: number) => new Date(FREE_END.getTime() + ms);
  function make(extra: { requireFreePeriodBid?: boolean; reserveFen?: number } = {}): MultiRoundState {
    return createMultiRound({
      lotId: "GQ2026-001",
      freeStart: FREE_START,
      freeEnd: FREE_END,
      countdownMs: 5 * MIN,
      startingPriceFen: 20_000_000,
      increment: { kind: "fixed", incrementFen: 200_000 },
      ...extra,
    });
  }

  it("phases: before, free, timed (first countdown = freeEnd + T), ended", () => {
    const s = make();
    expect(multiRoundPhase(s, new Date(FREE_START.getTime() - 1))).toBe("before");
    expect(multiRoundPhase(s, FREE_START)).toBe("free");
    expect(multiRoundPhase(s, FREE_END)).toBe("timed");
    expect(multiRoundPhase(s, after(5 * MIN - 1))).toBe("timed");
    expect(multiRoundPhase(s, after(5 * MIN))).toBe("ended");
  });

  it("free-period bids do not move the end; timed-period bids restart the countdown", () => {
    let s = make();
    let r = bidMultiRound(s, { bidderNumber: "381920", priceFen: 20_000_000, clientBidId: "a" }, new Date(FREE_END.getTime() - 1));
    expect(r.endsAt).toEqual(after(5 * MIN));
    s = r.state;
    r = bidMultiRound(s, { bidderNumber: "520117", priceFen: 20_200_000, clientBidId: "b" }, after(4 * MIN));
    expect(r.endsAt).toEqual(after(9 * MIN));
    s = r.state;
    r = bidMultiRound(s, { bidderNumber: "381920", priceFen: 20_400_000, clientBidId: "c" }, after(9 * MIN - 1));
    expect(r.endsAt).toEqual(after(14 * MIN - 1));
    s = r.state;
    expect(closeMultiRound(s, after(14 * MIN - 2)).outcome).toMatchObject({ outcome: "NOT_ENDED" });
    expect(closeMultiRound(s, after(14 * MIN - 1)).outcome).toMatchObject({ outcome: "SOLD", winner: "381920", priceFen: 20_400_000 });
  });

  it("no bid at all: unsold when the first countdown runs out", () => {
    expect(closeMultiRound(make(), after(5 * MIN)).outcome).toMatchObject({ outcome: "UNSOLD", reason: "NO_BIDS" });
  });

  it("optionally only bidders who bid in the free period may bid in the timed period", () => {
    let s = make({ requireFreePeriodBid: true });
    s = bidMultiRound(s, { bidderNumber: "381920", priceFen: 20_000_000, clientBidId: "a" }, bj("2026-06-01T09:30")).state;
    expect(bidMultiRound(s, { bidderNumber: "520117", priceFen: 20_200_000, clientBidId: "b" }, after(MIN)).result).toMatchObject({
      accepted: false,
      reasons: ["NOT_PARTICIPANT"],
    });
    // in the free period anyone qualified may bid
    const free = bidMultiRound(s, { bidderNumber: "520117", priceFen: 20_200_000, clientBidId: "b" }, bj("2026-06-01T09:40"));
    expect(free.result.accepted).toBe(true);
    expect(bidMultiRound(free.state, { bidderNumber: "381920", priceFen: 20_400_000, clientBidId: "c" }, after(MIN)).result.accepted).toBe(true);
    // a retry of an accepted bid stays a duplicate
    expect(bidMultiRound(free.state, { bidderNumber: "520117", priceFen: 20_200_000, clientBidId: "b" }, after(MIN)).result).toMatchObject({ duplicate: true });
  });

  it("a sealed reserve above the public price decides the outcome", () => {
    let s = make({ reserveFen: 20_400_000 });
    s = bidMultiRound(s, { bidderNumber: "381920", priceFen: 20_200_000, clientBidId: "a" }, bj("2026-06-01T09:30")).state;
    expect(closeMultiRound(s, after(5 * MIN)).outcome).toMatchObject({ outcome: "UNSOLD", reason: "RESERVE_NOT_MET" });
  });
});

// ---------------------------------------------------------------------------------------------
// 一次报价
// ---------------------------------------------------------------------------------------------

describe("一次报价 (sealed): one price each, best wins, ties → earliest", () => {
  const OPEN = bj("2026-06-02T09:00");
  const CLOSE = bj("2026-06-02T11:00");
  const at = (m: number) => new Date(OPEN.getTime() + m * MIN);
  function sealed(bids: [string, number, number][], reserveFen?: number): SealedState {
    let s = createSealed({ lotId: "ZC-9", opensAt: OPEN, closesAt: CLOSE, floorFen: 3_000_000, ...(reserveFen === undefined ? {} : { reserveFen }) });
    bids.forEach(([bidderNumber, priceFen, m], i) => {
      const r = submitSealedBid(s, { bidderNumber, priceFen, clientBidId: `s${i}` }, at(m));
      if (!r.result.accepted) throw new Error(`setup bid refused: ${r.result.reasons}`);
      s = r.state;
    });
    return s;
  }

  it("refuses a second price, a price below the floor, and bids outside the window", () => {
    const s = sealed([["381920", 3_100_000, 5]]);
    expect(submitSealedBid(s, { bidderNumber: "381920", priceFen: 3_500_000, clientBidId: "x" }, at(6)).result).toMatchObject({ reasons: ["ALREADY_BID"] });
    expect(submitSealedBid(s, { bidderNumber: "520117", priceFen: 2_999_999, clientBidId: "x" }, at(6)).result).toMatchObject({ reasons: ["BELOW_START"] });
    expect(submitSealedBid(s, { bidderNumber: "520117", priceFen: 3_000_000, clientBidId: "x" }, CLOSE).result).toMatchObject({ reasons: ["LOT_CLOSED"] });
    expect(submitSealedBid(s, { bidderNumber: "520117", priceFen: 3_000_000, clientBidId: "x" }, at(-1)).result).toMatchObject({ reasons: ["NOT_OPEN"] });
    expect(submitSealedBid(s, { bidderNumber: "381920", priceFen: 3_100_000, clientBidId: "s0" }, at(7)).result).toMatchObject({
      accepted: true,
      duplicate: true,
      sequence: 1,
    });
  });

  it("the best price wins; equal prices → the earliest submission", () => {
    const s = sealed([
      ["381920", 3_300_000, 50],
      ["520117", 3_500_000, 30],
      ["704433", 3_500_000, 10],
    ]);
    expect(closeSealed(s, at(100)).outcome).toMatchObject({ outcome: "NOT_ENDED" });
    const out = closeSealed(s, CLOSE).outcome;
    expect(out).toMatchObject({ outcome: "SOLD", winner: "704433", priceFen: 3_500_000 });
    expect(out.outcome === "SOLD" && out.ranking.map((b) => b.bidderNumber)).toEqual(["704433", "520117", "381920"]);
  });

  it("no bid, or a best bid below a sealed reserve: unsold", () => {
    expect(closeSealed(sealed([]), CLOSE).outcome).toMatchObject({ outcome: "UNSOLD", reason: "NO_BIDS" });
    expect(closeSealed(sealed([["381920", 3_300_000, 5]], 3_400_000), CLOSE).outcome).toMatchObject({ outcome: "UNSOLD", reason: "RESERVE_NOT_MET" });
  });
});

// ---------------------------------------------------------------------------------------------
// 权重报价
// ---------------------------------------------------------------------------------------------

describe("权重报价: price weight × price score + Σ weights × factor scores", () => {
  const config: WeightedConfig = {
    priceWeightBp: 6_000,
    factors: [
      { key: "plan", weightBp: 3_000 },
      { key: "credit", weightBp: 1_000 },
    ],
    fullScore: 10_000,
    priceFormula: { kind: "ratioToHighest" },
    floorFen: 1_000_000,
  };
  const bid = (bidderNumber: string, priceFen: number, plan: number, credit: number, seq: number, minute = seq): WeightedBid => ({
    bidderNumber,
    priceFen,
    submittedAt: new Date(bj("2026-06-03T09:00").getTime() + minute * MIN),
    sequence: seq,
    factorScores: { plan, credit },
  });

  it("ranks by the weighted total (ratio to the highest price)", () => {
    const r = rankWeighted([bid("A", 1_200_000, 8_000, 9_000, 1), bid("B", 1_000_000, 10_000, 10_000, 2), bid("C", 900_000, 10_000, 10_000, 3)], config);
    // A: 0.6×100 + 0.3×80 + 0.1×90 = 93.00; B: price 100×1.0/1.2 = 83.33; 0.6×83.33 + 30 + 10 = 89.998 → 90.00
    expect(r.ranking).toEqual([
      { bidderNumber: "A", rank: 1, priceFen: 1_200_000, priceScore: 10_000, total: 9_300 },
      { bidderNumber: "B", rank: 2, priceFen: 1_000_000, priceScore: 8_333, total: 9_000 },
    ]);
    expect(r.invalid).toEqual([{ bidderNumber: "C", reason: "BELOW_FLOOR" }]);
    expect(r.winner).toBe("A");
  });

  it("linear above the floor", () => {
    const lin: WeightedConfig = { ...config, priceFormula: { kind: "linearAboveFloor", floorFen: 1_000_000 } };
    const r = rankWeighted([bid("A", 1_200_000, 0, 0, 1), bid("B", 1_050_000, 10_000, 10_000, 2)], lin);
    // A: price 100 → 60.00; B: price 100×0.05/0.2 = 25 → 15 + 30 + 10 = 55.00
    expect(r.ranking.map((x) => [x.bidderNumber, x.priceScore, x.total])).toEqual([
      ["A", 10_000, 6_000],
      ["B", 2_500, 5_500],
    ]);
    // everyone at the floor gets full marks
    expect(rankWeighted([bid("A", 1_000_000, 0, 0, 1)], lin).ranking[0]!.priceScore).toBe(10_000);
  });

  it("rounds half up exactly, also where binary floating point cannot", () => {
    // price score 10000 × 201/20000 = 100.5 hundredths → 101
    const half: WeightedConfig = { ...config, floorFen: 1 };
    expect(rankWeighted([bid("A", 20_000, 0, 0, 1), bid("B", 201, 0, 0, 2)], half).ranking[1]!.priceScore).toBe(101);
    // amounts beyond 2^53 / 10000: exact BigInt arithmetic
    const big = 9_000_000_000_001; // × 10000 exceeds 2^53
    expect(Number.isSafeInteger(big)).toBe(true);
    const r = rankWeighted([bid("A", big, 0, 0, 1), bid("B", big - 1, 0, 0, 2)], half);
    expect(r.ranking.map((x) => x.priceScore)).toEqual([10_000, 10_000]); // 9999.999…9989 rounds to 10000
    expect(r.ranking.map((x) => x.bidderNumber)).toEqual(["A", "B"]); // equal totals → higher price
  });

  it("equal totals: higher price first, then the earlier submission", () => {
    const priceOnly: WeightedConfig = { ...config, priceWeightBp: 0, factors: [{ key: "plan", weightBp: 10_000 }], floorFen: 1 };
    const mk = (n: string, p: number, seq: number, minute: number): WeightedBid => ({ ...bid(n, p, 0, 0, seq, minute), factorScores: { plan: 5_000 } });
    const r = rankWeighted([mk("A", 100, 1, 3), mk("B", 200, 2, 2), mk("C", 200, 3, 1)], priceOnly);
    expect(r.ranking.map((x) => x.bidderNumber)).toEqual(["C", "B", "A"]);
  });

  it("validates the configuration and the scores", () => {
    expect(() => rankWeighted([], { ...config, priceWeightBp: 5_000 })).toThrow(/10000/);
    expect(() => rankWeighted([bid("A", 1_200_000, 10_001, 0, 1)], config)).toThrow(RangeError);
    expect(() => rankWeighted([bid("A", 1_200_000, 1, 0, 1), bid("A", 1_300_000, 1, 0, 2)], config)).toThrow(/duplicate bidder/);
    expect(rankWeighted([], config)).toEqual({ ranking: [], invalid: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// 90% approval
// ---------------------------------------------------------------------------------------------

describe("needsApproval: 低于评估结果的90% (32号令 [mem])", () => {
  it("exactly 90% does not need approval; one fen below does", () => {
    expect(needsApproval(90_000_000, 100_000_000)).toBe(false);
    expect(needsApproval(89_999_999, 100_000_000)).toBe(true);
    expect(needsApproval(100_000_000, 100_000_000)).toBe(false);
  });

  it("90% that is not a whole fen: 90% of 11 fen is 9.9 fen", () => {
    expect(needsApproval(9, 11)).toBe(true);
    expect(needsApproval(10, 11)).toBe(false);
    expect(approvalThresholdFen(11)).toBe(10);
    expect(approvalThresholdFen(10)).toBe(9);
  });

  it("exact for the largest safe amounts", () => {
    const a = Number.MAX_SAFE_INTEGER; // 9007199254740991
    const t = approvalThresholdFen(a);
    expect(needsApproval(t, a)).toBe(false);
    expect(needsApproval(t - 1, a)).toBe(true);
  });

  it("property: needsApproval(p, a) ⇔ p < ⌈0.9 a⌉ ⇔ 10p < 9a", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (p, a) => {
        expect(needsApproval(p, a)).toBe(p < approvalThresholdFen(a));
        expect(needsApproval(p, a)).toBe(10n * BigInt(p) < 9n * BigInt(a));
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Disclosure and result publicity
// ---------------------------------------------------------------------------------------------

describe("checkDisclosurePeriod", () => {
  it("产权转让: ≥ 20 working days; across 国庆 2025 day 19 refused, day 20 accepted", () => {
    const start = bj("2025-09-26T09:00");
    expect(cal.workingDaysBetween("2025-09-26", "2025-10-29")).toBe(19);
    const short = checkDisclosurePeriod({ kind: "equity", start, end: bj("2025-10-29T17:00") }, cal);
    expect(short).toMatchObject({ ok: false, rule: "DISCLOSURE_TOO_SHORT", earliest: "2025-10-30", limit: 20 });
    expect(!short.ok && short.basis).toContain("第32号");
    expect(checkDisclosurePeriod({ kind: "equity", start, end: bj("2025-10-30T17:00") }, cal)).toEqual({ ok: true });
  });

  it("资产转让 with 转让底价 in (100万, 1000万): ≥ 10 working days; day 9 refused, day 10 accepted across 国庆 2025", () => {
    const start = bj("2025-09-26T09:00");
    const input = { kind: "asset" as const, start, reserveFen: 500_000_000 };
    expect(checkDisclosurePeriod({ ...input, end: bj("2025-10-15T17:00") }, cal)).toMatchObject({ ok: false, earliest: "2025-10-16", limit: 10 });
    expect(checkDisclosurePeriod({ ...input, end: bj("2025-10-16T09:00") }, cal)).toEqual({ ok: true });
  });

  it("band edges: 高于100万 and 低于1000万 are strict; the gaps fall back to 20", () => {
    const w = (fen: number) => disclosureMinimum("asset", fen).workdays;
    expect(w(100_000_000)).toBe(20); // exactly 100万
    expect(w(100_000_001)).toBe(10);
    expect(w(999_999_999)).toBe(10);
    expect(w(1_000_000_000)).toBe(20); // exactly 1000万
    expect(w(1_000_000_001)).toBe(20);
    expect(w(50_000_000)).toBe(20); // ≤ 100万: not set by the rule — conservative default
    expect(disclosureMinimum("equity", undefined).workdays).toBe(20);
    expect(() => disclosureMinimum("asset", undefined)).toThrow(RangeError);
  });

  it("bands are configurable (local rules)", () => {
    const bands = [
      { aboveFen: 0, belowFen: 100_000_001, workdays: 5 },
      { aboveFen: 100_000_000, belowFen: 1_000_000_000, workdays: 10 },
    ];
    const start = bj("2025-09-29T09:00");
    const r = checkDisclosurePeriod({ kind: "asset", start, end: bj("2025-10-11T12:00"), reserveFen: 50_000_000 }, cal, { assetBands: bands });
    expect(r).toMatchObject({ ok: false, earliest: "2025-10-13", limit: 5 });
  });
});

describe("checkResultPublicity: ≥ 5 working days (32号令 [mem])", () => {
  it("across 国庆 2025: working day 4 (the 调休 Saturday 10-11) refused, working day 5 accepted", () => {
    const start = bj("2025-09-29T09:00");
    expect(cal.workingDaysBetween("2025-09-29", "2025-10-11")).toBe(4);
    expect(checkResultPublicity({ start, end: bj("2025-10-11T17:00") }, cal)).toMatchObject({
      ok: false,
      rule: "RESULT_PUBLICITY_TOO_SHORT",
      earliest: "2025-10-13",
      limit: 5,
    });
    expect(checkResultPublicity({ start, end: bj("2025-10-13T09:00") }, cal)).toEqual({ ok: true });
  });

  it("refuses an end before the start", () => {
    expect(() => checkResultPublicity({ start: bj("2025-10-13T09:00"), end: bj("2025-10-12T09:00") }, cal)).toThrow(RangeError);
  });
});
