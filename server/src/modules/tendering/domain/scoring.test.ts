import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  aggregateExpertScores,
  type Bid,
  computeBasePrice,
  drawCoefficient,
  type ExpertScore,
  evaluateComprehensive,
  flagOutliers,
  formatHundredths,
  type PriceScoreRule,
  parseHundredths,
  priceScore,
  rankLowestEvaluatedPrice,
  roundHalfUp,
} from "./scoring.ts";

const WAN = 1_000_000; // 1万元 in fen
const bid = (bidderId: string, wan: number, extra: Partial<Bid> = {}): Bid => ({ bidderId, bidPriceFen: Math.round(wan * WAN), ...extra });
const pts = (p: number) => Math.round(p * 100); // points → hundredths (test literals only)

describe("exact helpers", () => {
  it("parses and formats hundredths", () => {
    expect(parseHundredths("45.25")).toBe(4525);
    expect(parseHundredths("45.2")).toBe(4520);
    expect(parseHundredths("45")).toBe(4500);
    expect(() => parseHundredths("45.255")).toThrow(RangeError);
    expect(() => parseHundredths("-1")).toThrow(RangeError);
    expect(formatHundredths(4525)).toBe("45.25");
    expect(formatHundredths(5)).toBe("0.05");
  });

  it("roundHalfUp = 四舍五入 (Math.round semantics) on exact rationals", () => {
    expect(roundHalfUp(29995n, 10n)).toBe(3000n);
    expect(roundHalfUp(29994n, 10n)).toBe(2999n);
    expect(roundHalfUp(-5n, 2n)).toBe(-2n);
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 1000 }), (n, d) => {
        expect(Number(roundHalfUp(BigInt(n), BigInt(d)))).toBe(Math.round(n / d) + 0); // + 0: Math.round(-0.4) is -0
      }),
    );
  });
});

describe("经评审的最低投标价法", () => {
  /**
   * Ceiling 1000万. D (1050万) is above it → rejected (条例51(5)); E was rejected by the committee.
   * Evaluated prices: A 980+5 = 985万, B 990−10 = 980万, C 975+5 = 980万.
   * B and C tie at 980万 → lower bid price first: C (975) before B (990). Then A.
   */
  it("worked example", () => {
    const r = rankLowestEvaluatedPrice(
      [
        { ...bid("A", 980), adjustmentsFen: 5 * WAN },
        { ...bid("B", 990), adjustmentsFen: -10 * WAN },
        { ...bid("C", 975), adjustmentsFen: 5 * WAN },
        bid("D", 1050),
        bid("E", 700, { rejected: true, rejectionReason: "BELOW_COST" }),
      ],
      { ceilingPriceFen: 1000 * WAN },
    );
    expect(r.ranking.map((x) => [x.bidderId, x.rank, x.evaluatedPriceFen])).toEqual([
      ["C", 1, 980 * WAN],
      ["B", 2, 980 * WAN],
      ["A", 3, 985 * WAN],
    ]);
    expect(r.candidates).toEqual([
      { bidderId: "C", order: 1 },
      { bidderId: "B", order: 2 },
      { bidderId: "A", order: 3 },
    ]);
    expect(r.rejected).toEqual([
      { bidderId: "D", reason: "ABOVE_CEILING" },
      { bidderId: "E", reason: "BELOW_COST" },
    ]);
    expect(r.insufficientCompetition).toBe(false);
    expect(r.unresolvedTies).toEqual([]);
  });

  it("a bid exactly at the ceiling is valid", () => {
    expect(rankLowestEvaluatedPrice([bid("A", 1000), bid("B", 999), bid("C", 998)], { ceilingPriceFen: 1000 * WAN }).validBidCount).toBe(3);
  });

  it("final tiebreak: earliest submission, else unresolved; or a drawn lot", () => {
    const x = bid("X", 500, { submittedAt: new Date("2026-03-21T02:00:00Z") });
    const y = bid("Y", 500, { submittedAt: new Date("2026-03-21T01:00:00Z") });
    expect(rankLowestEvaluatedPrice([x, y]).ranking.map((b) => b.bidderId)).toEqual(["Y", "X"]);
    const noTimes = rankLowestEvaluatedPrice([bid("Y", 500), bid("X", 500), bid("Z", 400)]);
    expect(noTimes.ranking.map((b) => b.bidderId)).toEqual(["Z", "X", "Y"]);
    expect(noTimes.unresolvedTies).toEqual([["X", "Y"]]);
    // Fisher–Yates over [X, Y]: random 0 → swap → [Y, X]; random 0.99 → keep → [X, Y]
    expect(rankLowestEvaluatedPrice([bid("X", 500), bid("Y", 500)], { finalTiebreak: { kind: "lot", random: () => 0 } }).ranking[0]?.bidderId).toBe("Y");
    expect(rankLowestEvaluatedPrice([bid("X", 500), bid("Y", 500)], { finalTiebreak: { kind: "lot", random: () => 0.99 } }).ranking[0]?.bidderId).toBe("X");
    expect(() => rankLowestEvaluatedPrice([bid("X", 500), bid("Y", 500)], { finalTiebreak: { kind: "lot", random: () => 1 } })).toThrow(RangeError);
  });

  it("at most 3 candidates (条例53); fewer than 3 valid bids flagged", () => {
    const r = rankLowestEvaluatedPrice([bid("A", 1), bid("B", 2), bid("C", 3), bid("D", 4)]);
    expect(r.candidates.map((c) => c.order)).toEqual([1, 2, 3]);
    expect(rankLowestEvaluatedPrice([bid("A", 1), bid("B", 2)]).insufficientCompetition).toBe(true);
    expect(() => rankLowestEvaluatedPrice([bid("A", 1)], { maxCandidates: 4 })).toThrow(RangeError);
    expect(() => rankLowestEvaluatedPrice([bid("A", 1), bid("A", 2)])).toThrow(RangeError);
  });

  it("property: ranking is sorted by evaluated price, then bid price", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), price: fc.integer({ min: 1, max: 50 }), adj: fc.integer({ min: -5, max: 5 }) }),
          {
            selector: (b) => b.id,
            minLength: 1,
            maxLength: 8,
          },
        ),
        (rows) => {
          const r = rankLowestEvaluatedPrice(rows.map((b) => ({ bidderId: b.id, bidPriceFen: b.price * 1000, adjustmentsFen: b.adj * 100 })));
          for (let i = 1; i < r.ranking.length; i++) {
            const [p, q] = [r.ranking[i - 1], r.ranking[i]];
            if (!p || !q) throw new Error("unreachable");
            expect(p.evaluatedPriceFen < q.evaluatedPriceFen || (p.evaluatedPriceFen === q.evaluatedPriceFen && p.bidPriceFen <= q.bidPriceFen)).toBe(true);
          }
        },
      ),
    );
  });
});

describe("base price", () => {
  // Valid bids 880, 950, 1000, 1060, 1200 万元 (sum 5090万)
  const bids = [bid("A", 880), bid("B", 950), bid("C", 1000), bid("D", 1060), bid("E", 1200)];

  it("lowest valid bid", () => {
    expect(computeBasePrice(bids, { kind: "lowest" })).toEqual({ basePriceFen: 880 * WAN, excludedBidderIds: [] });
  });

  it("average, optionally without the highest and lowest", () => {
    // 5090万 / 5 = 1018万
    expect(computeBasePrice(bids, { kind: "average" }).basePriceFen).toBe(1018 * WAN);
    // without E (1200) and A (880): 3010万 / 3 = 1003.333333万 = 1,003,333,333.33 fen → 1,003,333,333
    expect(computeBasePrice(bids, { kind: "average", trim: { minBids: 5 } })).toEqual({ basePriceFen: 1_003_333_333, excludedBidderIds: ["E", "A"] });
    // 4 bids < minBids 5: no trimming; (880+950+1000+1060)/4 = 972.5万
    expect(computeBasePrice(bids.slice(0, 4), { kind: "average", trim: { minBids: 5 } })).toEqual({ basePriceFen: 972_500_000, excludedBidderIds: [] });
  });

  it("average × K, K drawn with the injected random source", () => {
    const coefficientsBp = [9500, 9600, 9700, 9800];
    // random 0.6 → index ⌊0.6 × 4⌋ = 2 → K = 0.97
    // (3010万 / 3) × 0.97 = 973.2333…万 = 973,233,333.33 fen → 973,233,333
    expect(computeBasePrice(bids, { kind: "averageTimesK", coefficientsBp, trim: { minBids: 5 } }, () => 0.6)).toEqual({
      basePriceFen: 973_233_333,
      coefficientBp: 9700,
      excludedBidderIds: ["E", "A"],
    });
    expect(drawCoefficient(coefficientsBp, () => 0)).toBe(9500);
    expect(drawCoefficient(coefficientsBp, () => 0.999_999)).toBe(9800);
    expect(() => drawCoefficient(coefficientsBp, () => Number.NaN)).toThrow(RangeError);
    expect(() => computeBasePrice(bids, { kind: "averageTimesK", coefficientsBp })).toThrow(RangeError); // no random source
  });
});

describe("price score", () => {
  // Full marks 30.00; −1.00 per 1% above the base, −0.50 per 1% below.
  const rule: PriceScoreRule = { fullMarks: 3000, pointsPerPercentAbove: 100, pointsPerPercentBelow: 50 };
  const base = 1000 * WAN;

  it("worked examples", () => {
    expect(priceScore(1000 * WAN, base, rule)).toBe(3000); // at the base: 30.00
    expect(priceScore(1030 * WAN, base, rule)).toBe(2700); // +3% → 30 − 3 × 1.00 = 27.00
    expect(priceScore(970 * WAN, base, rule)).toBe(2850); // −3% → 30 − 3 × 0.50 = 28.50
    // +0.012345% → 30 − 0.012345 = 29.987655 → 29.99
    expect(priceScore(1_000_123_450, base, rule)).toBe(2999);
    // half up: base 1万元, bid +50 fen = +0.005% → 29.995 → 30.00
    expect(priceScore(1_000_050, 1_000_000, rule)).toBe(3000);
    // +0.015% → 29.985 → 29.99; +0.016% → 29.984 → 29.98
    expect(priceScore(1_000_150, 1_000_000, rule)).toBe(2999);
    expect(priceScore(1_000_160, 1_000_000, rule)).toBe(2998);
    // floored at 0: +40% → 30 − 40 < 0
    expect(priceScore(1400 * WAN, base, rule)).toBe(0);
  });

  it("property: within [0, full], maximal at the base, non-increasing away from it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (b, basePrice, step) => {
          const s = priceScore(b, basePrice, rule);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(rule.fullMarks);
          const further = b >= basePrice ? b + step : Math.max(1, b - step);
          expect(priceScore(further, basePrice, rule)).toBeLessThanOrEqual(s);
        },
      ),
    );
  });
});

describe("expert scores: aggregation and outliers", () => {
  const s = (expertId: string, bidderId: string, technical: number, commercial: number): ExpertScore => ({
    expertId,
    bidderId,
    technical: pts(technical),
    commercial: pts(commercial),
  });

  it("7 experts: highest and lowest dropped, mean of the other 5", () => {
    // subjective totals: E1 50, E2 52, E3 56, E4 52, E5 35 (lowest), E6 60 (highest), E7 55
    const scores = [
      s("E1", "P", 40, 10),
      s("E2", "P", 42, 10),
      s("E3", "P", 44, 12),
      s("E4", "P", 41, 11),
      s("E5", "P", 30, 5),
      s("E6", "P", 45, 15),
      s("E7", "P", 43, 12),
    ];
    // kept E1 E2 E3 E4 E7: technical 210/5 = 42.00, commercial 55/5 = 11.00
    expect(aggregateExpertScores(scores)).toEqual([{ bidderId: "P", technical: 4200, commercial: 1100, droppedExpertIds: ["E6", "E5"] }]);
    // without trimming: technical 285/7 = 40.714… → 40.71; commercial 75/7 = 10.714… → 10.71
    expect(aggregateExpertScores(scores, { trimMinExperts: null })).toEqual([{ bidderId: "P", technical: 4071, commercial: 1071, droppedExpertIds: [] }]);
    // 6 experts < 7: no trimming
    expect(aggregateExpertScores(scores.slice(0, 6))[0]?.droppedExpertIds).toEqual([]);
  });

  it("ties in trimming drop the smallest id as lowest and the largest as highest", () => {
    const scores = ["E1", "E2", "E3", "E4", "E5", "E6", "E7"].map((e) => s(e, "P", 40, 10));
    expect(aggregateExpertScores(scores)[0]?.droppedExpertIds).toEqual(["E7", "E1"]);
  });

  it("means round half up to 0.01", () => {
    // (45.25 + 45.26) / 2 = 45.255 → 45.26
    expect(aggregateExpertScores([s("E1", "P", 45.25, 0), s("E2", "P", 45.26, 0)])[0]?.technical).toBe(4526);
    // (45.25 + 45.25 + 45.26) / 3 = 45.2533… → 45.25
    expect(aggregateExpertScores([s("E1", "P", 45.25, 0), s("E2", "P", 45.25, 0), s("E3", "P", 45.26, 0)])[0]?.technical).toBe(4525);
  });

  it("flags |score − median| > max(10 points, 2 × MAD)", () => {
    // 67, 65, 68, 67, 30: median 67; |dev| 0, 2, 1, 0, 37 → MAD 1; threshold max(10, 2) = 10 → E5 flagged
    const unanimous = [s("E1", "C", 48, 19), s("E2", "C", 47, 18), s("E3", "C", 49, 19), s("E4", "C", 48, 19), s("E5", "C", 20, 10)];
    expect(flagOutliers(unanimous)).toEqual([{ expertId: "E5", bidderId: "C", score: 3000, median: 6700, threshold: 1000 }]);
    // 40, 50, 60, 70, 95: median 60; |dev| 20, 10, 0, 10, 35 → MAD 10; threshold max(10, 20) = 20:
    // E5 (35 > 20) flagged, E1 (20, not > 20) not
    const spread = [s("E1", "Q", 40, 0), s("E2", "Q", 50, 0), s("E3", "Q", 60, 0), s("E4", "Q", 70, 0), s("E5", "Q", 95, 0)];
    expect(flagOutliers(spread)).toEqual([{ expertId: "E5", bidderId: "Q", score: 9500, median: 6000, threshold: 2000 }]);
    // even count: 50, 52, 54, 80 → median 53; |dev| 3, 1, 1, 27 → MAD (1+3)/2 = 2; threshold 10 → E4 flagged
    const even = [s("E1", "R", 50, 0), s("E2", "R", 52, 0), s("E3", "R", 54, 0), s("E4", "R", 80, 0)];
    expect(flagOutliers(even)).toEqual([{ expertId: "E4", bidderId: "R", score: 8000, median: 5300, threshold: 1000 }]);
    // exactly 10 points away with MAD 0 is not flagged
    const edge = [s("E1", "T", 60, 0), s("E2", "T", 60, 0), s("E3", "T", 60, 0), s("E4", "T", 50, 0), s("E5", "T", 70, 0)];
    expect(flagOutliers(edge)).toEqual([]);
  });
});

describe("综合评估法 — worked example", () => {
  /**
   * Base price = lowest valid bid = A's 950万. Price score full 30, −1.00 per 1% above, −0.50 below:
   *   A 950万: 30.00
   *   B 1000万: +50/950 = +5.263157…% → 30 − 5.263157… = 24.736842… → 24.74
   *   C 1030万: +80/950 = +8.421052…% → 30 − 8.421052… = 21.578947… → 21.58
   * Experts E1..E5 (5 < 7: no trimming), technical / commercial:
   *   A: 40 42 41 39 43 → 205/5 = 41.00;  15 16 15 14 15 → 75/5 = 15.00;  total 41 + 15 + 30 = 86.00
   *   B: 45 46 44 45 47 → 227/5 = 45.40;  18 18 17 19 18 → 90/5 = 18.00;  total 45.40 + 18 + 24.74 = 88.14
   *   C: 48 47 49 48 20 → 212/5 = 42.40;  19 18 19 19 10 → 85/5 = 17.00;  total 42.40 + 17 + 21.58 = 80.98
   * Ranking B (88.14), A (86.00), C (80.98). E5's 30 points for C is 37 from the median 67 → flagged.
   */
  const bids = [bid("A", 950), bid("B", 1000), bid("C", 1030)];
  const table: Record<string, [number[], number[]]> = {
    A: [
      [40, 42, 41, 39, 43],
      [15, 16, 15, 14, 15],
    ],
    B: [
      [45, 46, 44, 45, 47],
      [18, 18, 17, 19, 18],
    ],
    C: [
      [48, 47, 49, 48, 20],
      [19, 18, 19, 19, 10],
    ],
  };
  const expertScores: ExpertScore[] = Object.entries(table).flatMap(([bidderId, [tech, comm]]) =>
    tech.map((t, i) => ({ expertId: `E${i + 1}`, bidderId, technical: pts(t), commercial: pts(comm[i] ?? 0) })),
  );
  const priceRule: PriceScoreRule = { fullMarks: 3000, pointsPerPercentAbove: 100, pointsPerPercentBelow: 50 };

  it("ranks and names up to 3 candidates", () => {
    const r = evaluateComprehensive({ bids, expertScores, basePrice: { kind: "lowest" }, priceRule, maxScores: { technical: 5000, commercial: 2000 } });
    expect(r.basePrice.basePriceFen).toBe(950 * WAN);
    expect(r.ranking.map((x) => [x.bidderId, x.technical, x.commercial, x.price, x.total, x.rank])).toEqual([
      ["B", 4540, 1800, 2474, 8814, 1],
      ["A", 4100, 1500, 3000, 8600, 2],
      ["C", 4240, 1700, 2158, 8098, 3],
    ]);
    expect(r.candidates).toEqual([
      { bidderId: "B", order: 1, total: 8814 },
      { bidderId: "A", order: 2, total: 8600 },
      { bidderId: "C", order: 3, total: 8098 },
    ]);
    expect(r.outliers).toEqual([{ expertId: "E5", bidderId: "C", score: 3000, median: 6700, threshold: 1000 }]);
    expect(r.insufficientCompetition).toBe(false);
  });

  it("rejected bids are out of the base price and need no expert scores", () => {
    const withRejected = [...bids, bid("D", 900, { rejected: true, rejectionReason: "NON_RESPONSIVE" })];
    const r = evaluateComprehensive({ bids: withRejected, expertScores, basePrice: { kind: "lowest" }, priceRule });
    expect(r.basePrice.basePriceFen).toBe(950 * WAN); // D's 900万 does not count
    expect(r.rejected).toEqual([{ bidderId: "D", reason: "NON_RESPONSIVE" }]);
    expect(r.candidates[0]?.bidderId).toBe("B");
  });

  it("refuses incomplete, duplicate or out-of-range expert scores", () => {
    const base = { bids, basePrice: { kind: "lowest" } as const, priceRule };
    expect(() => evaluateComprehensive({ ...base, expertScores: expertScores.slice(1) })).toThrow(/has not scored/);
    expect(() => evaluateComprehensive({ ...base, expertScores: [...expertScores, expertScores[0] as ExpertScore] })).toThrow(/twice/);
    expect(() => evaluateComprehensive({ ...base, expertScores, maxScores: { technical: 4000 } })).toThrow(RangeError);
  });

  it("weighted components: 60% technical, 10% commercial, 30% price", () => {
    // one bid: base = its own price → price = full marks 95.25 (single-bid case also flags competition)
    // 0.6 × 85.50 + 0.1 × 90.00 + 0.3 × 95.25 = 51.30 + 9.00 + 28.575 = 88.875 → 88.88
    const r = evaluateComprehensive({
      bids: [bid("S", 500)],
      expertScores: [
        { expertId: "E1", bidderId: "S", technical: 8550, commercial: 9000 },
        { expertId: "E2", bidderId: "S", technical: 8550, commercial: 9000 },
      ],
      basePrice: { kind: "lowest" },
      priceRule: { fullMarks: 9525, pointsPerPercentAbove: 100, pointsPerPercentBelow: 100 },
      weights: { technical: 6000, commercial: 1000, price: 3000 },
    });
    expect(r.ranking[0]?.total).toBe(8888);
    expect(r.insufficientCompetition).toBe(true);
  });

  it("equal totals: lower bid price first, then higher technical score", () => {
    // Base = lowest = 1000万 (X and Y); price full 0 so totals are the subjective scores only.
    const zeroPrice: PriceScoreRule = { fullMarks: 0, pointsPerPercentAbove: 0, pointsPerPercentBelow: 0 };
    const scores = (rows: Array<[string, number, number]>) => rows.map(([b, t, c]) => ({ expertId: "E1", bidderId: b, technical: pts(t), commercial: pts(c) }));
    const r1 = evaluateComprehensive({
      bids: [bid("X", 1010), bid("Y", 1000)],
      expertScores: scores([
        ["X", 50, 10],
        ["Y", 50, 10],
      ]),
      basePrice: { kind: "lowest" },
      priceRule: zeroPrice,
    });
    expect(r1.ranking.map((x) => x.bidderId)).toEqual(["Y", "X"]); // same total 60, Y cheaper
    const r2 = evaluateComprehensive({
      bids: [bid("X", 1000), bid("Y", 1000)],
      expertScores: scores([
        ["X", 45, 15],
        ["Y", 50, 10],
      ]),
      basePrice: { kind: "lowest" },
      priceRule: zeroPrice,
    });
    expect(r2.ranking.map((x) => x.bidderId)).toEqual(["Y", "X"]); // same total and price, Y more technical
    expect(r2.unresolvedTies).toEqual([]);
  });
});
