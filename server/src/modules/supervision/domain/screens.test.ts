import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE_SCREENS, computeScreens, hasRegularSteps, SCREEN_KEYS, type ScreenKey, type Screens } from "./screens.ts";

/**
 * The 5-bid tender (分), unsorted on purpose: sorted 980000, 1000000, 1030000, 1045000, 1120000.
 * Worked by hand, and checked independently with numpy/scipy (scipy.stats.skew/kurtosis with
 * bias=False, scipy.stats.kstest against 'uniform'):
 *   b1 = 980000, d12 = 20000, range = 140000, m = 1035000
 *   deviations −55000, −35000, −5000, 10000, 85000 → Σd² = 11.6e9, s² = 2.9e9, s = 53851.6480…
 *   cv     = 53851.648/1035000                         = 0.0520305778…
 *   spd    = 140000/980000 = 1/7                       = 0.1428571428…
 *   diffp  = 20000/980000 = 1/49                       = 0.0204081632…
 *   rd     : losing bids mean 1048750, Σd² = 7.81875e9, sd = √(7.81875e9/3) = 51051.45…
 *            20000/51051.45                            = 0.3917616855…
 *   rdnor  = 20000/(140000/4) = 4/7                    = 0.5714285714…
 *   rdalt  = 20000/mean(30000, 15000, 75000) = 0.5
 *   skew   = 5/(4·3)·Σ(d/s)³                           = 1.0825557969…
 *   kurt   = 5·6/(4·3·2)·Σ(d/s)⁴ − 3·16/(3·2)          = 1.3434155767…
 *   kstest : u = 0, 1/7, 5/14, 13/28, 1; D = 4/5 − 13/28 = 47/140 = 0.3357142857…
 */
const FIVE = [1030000, 980000, 1120000, 1000000, 1045000];

const EXPECTED: Record<(typeof BASE_SCREENS)[number], number> = {
  cv: 0.05203057784671019,
  spd: 1 / 7,
  diffp: 1 / 49,
  rd: 0.39176168549951346,
  rdnor: 4 / 7,
  rdalt: 0.5,
  skew: 1.0825557969157873,
  kurt: 1.3434155766944116,
  kstest: 47 / 140,
};

/** Subset summaries of FIVE, brute force with the same numpy/scipy definitions over all 10 3-subsets and 5 4-subsets. */
const EXPECTED_SUBSETS: Partial<Record<ScreenKey, number>> = {
  cv_sub3_mean: 0.04841925306688053,
  cv_sub3_median: 0.051368378442190214,
  cv_sub3_min: 0.02235402778027239,
  cv_sub3_max: 0.07327623672000352,
  rd_sub3_mean: 1.296362432175337,
  rd_sub3_median: 0.8171011693711216,
  rd_sub3_max: 4.714045207910317,
  rdalt_sub3_mean: 0.9166666666666666,
  skew_sub3_mean: 0.5532296787358412,
  skew_sub3_min: -1.361301396376017,
  kstest_sub3_mean: 0.3902014652014652,
  cv_sub4_mean: 0.05057485347919377,
  cv_sub4_median: 0.0555048154551208,
  kurt_sub4_mean: 0.5190446575736164,
  kurt_sub4_median: 1.401107608654188,
  kurt_sub4_min: -2.785657200703289,
  kurt_sub4_max: 1.9794006521401588,
  rd_sub4_median: 0.6221710168382552,
  diffp_sub4_max: 0.05102040816326531,
};

function expectClose(actual: number | undefined, expected: number, digits = 12) {
  expect(actual).toBeDefined();
  expect(actual!).toBeCloseTo(expected, digits);
}

function noNaN(screens: Screens) {
  for (const [key, value] of Object.entries(screens)) {
    if (typeof value === "number") expect(Number.isFinite(value), key).toBe(true);
  }
}

/** The base screens of a sorted list, straight from the formulas (a second, naive implementation). */
function naive(sorted: number[]): Partial<Record<string, number>> {
  const n = sorted.length;
  const [b1, b2] = [sorted[0]!, sorted[1]!];
  const bn = sorted[n - 1]!;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
  const m = mean(sorted);
  const s = sd(sorted);
  const out: Partial<Record<string, number>> = { cv: s / m, spd: (bn - b1) / b1, diffp: (b2 - b1) / b1 };
  if (bn > b1) {
    out.rdnor = (b2 - b1) / ((bn - b1) / (n - 1));
    const u = sorted.map((b) => (b - b1) / (bn - b1));
    out.kstest = Math.max(...u.map((x, i) => Math.max((i + 1) / n - x, x - i / n)));
  }
  if (n >= 3 && bn > b2) {
    out.rd = (b2 - b1) / sd(sorted.slice(1));
    const gaps = sorted.slice(2).map((b, i) => b - sorted[i + 1]!);
    out.rdalt = (b2 - b1) / mean(gaps);
  }
  if (n >= 3 && s > 0) out.skew = (n / ((n - 1) * (n - 2))) * sorted.reduce((a, b) => a + ((b - m) / s) ** 3, 0);
  if (n >= 4 && s > 0) {
    out.kurt = ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * sorted.reduce((a, b) => a + ((b - m) / s) ** 4, 0) - (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
  }
  return out;
}

describe("screens of a 5-bid tender", () => {
  const { n, screens } = computeScreens(FIVE, { id: "T-5" });

  it("computes every base screen as hand-computed", () => {
    expect(n).toBe(5);
    for (const key of BASE_SCREENS) expectClose(screens[key], EXPECTED[key]);
  });

  it("computes the subset summaries as the brute force over all 3- and 4-subsets", () => {
    for (const [key, value] of Object.entries(EXPECTED_SUBSETS)) expectClose(screens[key as ScreenKey], value!, 10);
  });

  it("summarises the 10 3-subsets by their mean, median, min and max", () => {
    const sorted = [...FIVE].sort((a, b) => a - b);
    const triples: number[][] = [];
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) for (let l = j + 1; l < 5; l++) triples.push([sorted[i]!, sorted[j]!, sorted[l]!]);
    expect(triples).toHaveLength(10);
    for (const key of BASE_SCREENS.filter((k) => k !== "kurt")) {
      const values = triples.map((t) => naive(t)[key]).filter((v): v is number => v !== undefined);
      const ordered = [...values].sort((a, b) => a - b);
      const mid = ordered.length / 2;
      const median = ordered.length % 2 ? ordered[Math.floor(mid)]! : (ordered[mid - 1]! + ordered[mid]!) / 2;
      expectClose(screens[`${key}_sub3_mean` as ScreenKey], values.reduce((a, b) => a + b, 0) / values.length);
      expectClose(screens[`${key}_sub3_median` as ScreenKey], median);
      expectClose(screens[`${key}_sub3_min` as ScreenKey], ordered[0]!);
      expectClose(screens[`${key}_sub3_max` as ScreenKey], ordered[ordered.length - 1]!);
    }
    expect(screens.kurt_sub3_mean).toBeUndefined();
  });

  it("has no identical prices or regular steps, and reports bid / estimate when given", () => {
    expect(screens.identicalPrices).toBe(0);
    expect(screens.regularSteps).toBe(false);
    expect(screens.bidToEstimate).toBeUndefined();
    expect(computeScreens(FIVE, { estimate: 1_225_000 }).screens.bidToEstimate).toBeCloseTo(0.8, 12);
  });

  it("lists every screen key once, in a fixed order", () => {
    expect(new Set(SCREEN_KEYS).size).toBe(SCREEN_KEYS.length);
    expect(SCREEN_KEYS.slice(0, 9)).toEqual([...BASE_SCREENS]);
    expect(SCREEN_KEYS).toContain("cv_sub3_mean");
    expect(SCREEN_KEYS).not.toContain("kurt_sub3_mean");
    expect(SCREEN_KEYS).toHaveLength(9 + 8 * 4 + 9 * 4);
  });
});

describe("edge cases", () => {
  it("n = 1: no screen is defined", () => {
    const { n, screens } = computeScreens([500_000]);
    expect(n).toBe(1);
    expect(screens).toEqual({ identicalPrices: 0, regularSteps: false });
  });

  it("n = 2: only the two-bid screens", () => {
    const { screens } = computeScreens([110, 100]);
    // s = √((5² + 5²)/1) = 7.0711, m = 105
    expect(screens.cv).toBeCloseTo((Math.SQRT2 * 5) / 105, 12);
    expect(screens.spd).toBeCloseTo(0.1, 12);
    expect(screens.diffp).toBeCloseTo(0.1, 12);
    expect(screens.rdnor).toBe(1); // 1 by construction with two bids
    expect(screens.kstest).toBe(0.5); // u = 0, 1
    for (const key of ["rd", "rdalt", "skew", "kurt"] as const) expect(screens[key]).toBeUndefined();
    expect(Object.keys(screens).some((k) => k.includes("_sub"))).toBe(false);
    expect(screens.regularSteps).toBe(false);
  });

  it("n = 3: everything but kurtosis; one 3-subset equals the tender", () => {
    // 100, 110, 130: m = 113.33, d = −13.33, −3.33, 16.67, s² = 233.33
    const { screens } = computeScreens([130, 100, 110]);
    expect(screens.cv).toBeCloseTo(Math.sqrt(700 / 3) / (340 / 3), 12);
    expect(screens.rd).toBeCloseTo(10 / (20 / Math.SQRT2), 12); // sd(110, 130) = 20/√2
    expect(screens.rdnor).toBeCloseTo(10 / (30 / 2), 12);
    expect(screens.rdalt).toBeCloseTo(10 / 20, 12);
    expect(screens.skew).toBeCloseTo(0.9352195295828237, 12); // scipy.stats.skew(bias=False)
    expect(screens.kstest).toBeCloseTo(1 / 3, 12); // u = 0, 1/3, 1
    expect(screens.kurt).toBeUndefined();
    expect(screens.cv_sub3_mean).toBeCloseTo(screens.cv!, 12);
    expect(screens.cv_sub3_min).toBeCloseTo(screens.cv!, 12);
    expect(screens.cv_sub4_mean).toBeUndefined();
  });

  it("identical bids: dispersion is 0, the ratio screens are undefined, identical prices are counted", () => {
    const { screens } = computeScreens([1000, 1000, 1000, 1000], { bidders: ["A", "B", "C", "D"] });
    expect(screens.cv).toBe(0);
    expect(screens.spd).toBe(0);
    expect(screens.diffp).toBe(0);
    for (const key of ["rd", "rdnor", "rdalt", "skew", "kurt", "kstest"] as const) expect(screens[key]).toBeUndefined();
    expect(screens.identicalPrices).toBe(6); // C(4, 2) pairs of different bidders
    expect(screens.regularSteps).toBe(false);
    noNaN(screens);
  });

  it("counts identical prices only between different bidders", () => {
    expect(computeScreens([100, 100, 120], { bidders: ["A", "A", "B"] }).screens.identicalPrices).toBe(0);
    expect(computeScreens([100, 100, 100, 120, 120], { bidders: ["A", "A", "B", "C", "D"] }).screens.identicalPrices).toBe(2);
    expect(computeScreens([100, 100, 120]).screens.identicalPrices).toBe(1); // no bidders: every bid is its own bidder
  });

  it("detects prices in regular steps within ±0.1 % of b1", () => {
    expect(computeScreens([1_000_000, 1_020_000, 1_040_000, 1_060_000]).screens.regularSteps).toBe(true);
    expect(hasRegularSteps([1_000_000, 1_020_000, 1_040_900], 3)).toBe(true); // gaps differ by 900 <= 1000
    expect(hasRegularSteps([1_000_000, 1_020_000, 1_041_100], 3)).toBe(false); // 1100 > 1000
    expect(hasRegularSteps([1_000_000, 1_020_000], 2)).toBe(false);
  });

  it("keeps large amounts (near 2^53 分) exact enough and finite", () => {
    const big = 2 ** 52;
    const { screens } = computeScreens([big, big + 2_000, big + 3_000, big + 5_000, big + 9_000]);
    expect(screens.rdnor).toBeCloseTo(2_000 / (9_000 / 4), 12);
    expect(screens.rdalt).toBeCloseTo(2_000 / (7_000 / 3), 12);
    noNaN(screens);
  });

  it("samples 220 subsets deterministically per tender id when n > 12", () => {
    const bids = Array.from({ length: 40 }, (_, i) => 1_000_000 + ((i * 7919) % 503) * 100);
    const a = computeScreens(bids, { id: "T-40" }).screens;
    const b = computeScreens([...bids].reverse(), { id: "T-40" }).screens;
    const c = computeScreens(bids, { id: "T-41" }).screens;
    expect(a).toEqual(b);
    expect(a.cv_sub3_mean).not.toBe(c.cv_sub3_mean);
    expect(a.cv_sub3_mean).toBeGreaterThan(0);
    noNaN(a);
  });

  it("rejects an empty tender and non-positive amounts", () => {
    expect(() => computeScreens([])).toThrow(RangeError);
    expect(() => computeScreens([100, 0])).toThrow(RangeError);
  });
});

describe("properties", () => {
  const tender = fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 14 });

  it("never outputs NaN or Infinity", () => {
    fc.assert(
      fc.property(tender, (bids) => {
        noNaN(computeScreens(bids, { id: "p" }).screens);
      }),
    );
  });

  it("the relative screens are invariant under scaling every bid by a constant", () => {
    fc.assert(
      fc.property(tender, fc.integer({ min: 2, max: 1000 }), (bids, k) => {
        const a = computeScreens(bids, { id: "s" }).screens;
        const b = computeScreens(
          bids.map((x) => x * k),
          { id: "s" },
        ).screens;
        expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
        for (const key of SCREEN_KEYS) {
          const x = a[key];
          if (x === undefined) continue;
          expect(Math.abs(b[key]! - x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
        }
        expect(b.identicalPrices).toBe(a.identicalPrices);
        expect(b.regularSteps).toBe(a.regularSteps);
      }),
      { numRuns: 200 },
    );
  });

  it("matches the naive formulas on random tenders", () => {
    fc.assert(
      fc.property(tender, (bids) => {
        const { screens } = computeScreens(bids);
        const expected = naive([...bids].sort((a, b) => a - b));
        for (const key of BASE_SCREENS) {
          const want = expected[key];
          if (bids.length < 2 || want === undefined || !Number.isFinite(want)) {
            expect(screens[key], key).toBeUndefined();
            continue;
          }
          expect(Math.abs(screens[key]! - want), key).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(want)));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("subset summaries", () => {
  it("equal the brute force over all 3- and 4-subsets on random tenders", () => {
    const combinations = (xs: number[], k: number): number[][] =>
      k === 0 ? [[]] : xs.flatMap((x, i) => combinations(xs.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 3, maxLength: 9 }), (bids) => {
        const { screens } = computeScreens(bids);
        const sorted = [...bids].sort((a, b) => a - b);
        for (const k of [3, 4]) {
          const subsets = combinations(sorted, k).map(naive);
          for (const key of BASE_SCREENS) {
            const values = subsets.map((s) => s[key]).filter((v): v is number => v !== undefined && Number.isFinite(v));
            const name = (stat: string) => `${key}_sub${k}_${stat}` as ScreenKey;
            if (values.length === 0) {
              expect(screens[name("mean")], name("mean")).toBeUndefined();
              continue;
            }
            const ordered = [...values].sort((a, b) => a - b);
            const mid = ordered.length / 2;
            const median = ordered.length % 2 ? ordered[Math.floor(mid)]! : (ordered[mid - 1]! + ordered[mid]!) / 2;
            const want: [string, number][] = [
              ["mean", values.reduce((a, b) => a + b, 0) / values.length],
              ["median", median],
              ["min", ordered[0]!],
              ["max", ordered[ordered.length - 1]!],
            ];
            for (const [stat, value] of want) {
              expect(Math.abs(screens[name(stat)]! - value), name(stat)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
