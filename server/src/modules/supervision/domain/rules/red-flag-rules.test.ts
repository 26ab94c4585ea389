import { describe, expect, it } from "vitest";
import { SR015, SR016, SR018, SR019, SR022, SR023, SR024, SR025, SR026, SR027 } from "./red-flag-rules.ts";
import { DEFAULT_RULE_PARAMS, type SectionFacts } from "./rule-types.ts";
import { quantile, tukeyFences } from "./support.ts";
import { bidOf, bj, cleanSection, firm, gapSection, history, ringHistory, U } from "./test-fixtures.ts";

const M = 1_000_000;
const withFacts = (change: (f: SectionFacts) => void): SectionFacts => {
  const f = cleanSection();
  change(f);
  return f;
};

describe("fences", () => {
  it("quantiles interpolate linearly (type 7) and fences are Q1 − 1.5·IQR, Q3 + 1.5·IQR", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(tukeyFences([1, 2, 3, 4])).toEqual({ q1: 1.75, q3: 3.25, iqr: 1.5, lower: -0.5, upper: 5.5 });
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });
});

describe("event red flags", () => {
  it("SR015 R003: 14 days flagged, 15 not; compulsory tenders are left to SR002", () => {
    const period = (published: string) =>
      withFacts((f) => {
        f.project.compulsory = false;
        f.notice!.publishedAt = bj(published);
      });
    expect(SR015.evaluate(period("2026-03-10T09:00"))).toEqual([]);
    expect(SR015.evaluate(period("2026-03-11T09:00"))[0]!.evidence).toEqual({ days: 14, threshold: 15 });
    const compulsory = period("2026-03-11T09:00");
    compulsory.project.compulsory = true;
    expect(SR015.evaluate(compulsory)).toEqual([]);
    expect(SR015.evaluate(period("2026-03-11T09:00"), { ...DEFAULT_RULE_PARAMS, shortSubmissionDays: 10 })).toEqual([]);
  });

  it("SR016 R018 waits for the bid deadline", () => {
    const f = withFacts((x) => {
      x.bids = x.bids.slice(0, 1);
      x.asOf = bj("2026-03-25T09:29");
    });
    expect(SR016.evaluate(f)).toEqual([]);
    f.asOf = bj("2026-03-25T09:30");
    expect(SR016.evaluate(f)[0]!.evidence).toMatchObject({ bidder: U.A });
  });

  it("SR018 / SR019 only for price-only sections whose winner bid lowest", () => {
    const close = withFacts((f) => (bidOf(f, U.B).priceFen = 431 * M));
    expect(SR018.evaluate(close)[0]!.subjects).toEqual([U.A, U.B].sort());
    const comprehensive = withFacts((f) => {
      bidOf(f, U.B).priceFen = 431 * M;
      f.section.evaluationMethod = "comprehensive";
    });
    expect(SR018.evaluate(comprehensive)).toEqual([]);
    const notLowest = withFacts((f) => {
      bidOf(f, U.B).priceFen = 431 * M;
      f.award!.winner = U.B;
    });
    expect(SR018.evaluate(notLowest)).toEqual([]);
    // 0.5% is the boundary: (b2 − b1)/b1 = 0.005 still flags
    expect(SR018.evaluate(withFacts((f) => (bidOf(f, U.B).priceFen = 432_150_000)))).toHaveLength(1);
    expect(SR018.evaluate(withFacts((f) => (bidOf(f, U.B).priceFen = 432_200_000)))).toEqual([]);
  });

  it("SR019 needs 3 valid bids", () => {
    const f = withFacts((x) => {
      bidOf(x, U.A).priceFen = 380 * M;
      bidOf(x, U.C).rejected = true;
      bidOf(x, U.D).rejected = true;
    });
    expect(SR019.evaluate(f)).toEqual([]);
    bidOf(f, U.D).rejected = false;
    expect(SR019.evaluate(f)[0]!.evidence).toMatchObject({ bids: 3 });
  });

  it("SR022 R036 names the rejection reason", () => {
    const f = withFacts((x) => {
      bidOf(x, U.A).rejected = true;
      bidOf(x, U.A).rejectReason = "资格不符";
    });
    expect(SR022.evaluate(f)[0]!.message.zh).toContain("资格不符");
  });
});

describe("population fences (batch)", () => {
  const gaps = (n: number, odd?: number) => history(Array.from({ length: n }, (_, i) => gapSection(i, odd !== undefined && i === 7 ? odd : 0.04 + 0.0005 * i)));

  it("SR023 / SR024 flag only the outlying section, with the fence as evidence", () => {
    const low = SR023.evaluate(gaps(20, 0.001));
    expect(low).toHaveLength(1);
    expect(low[0]!.section?.sectionCode).toBeDefined();
    expect(low[0]!.evidence).toMatchObject({ gap: 0.001, population: 20 });
    const high = SR024.evaluate(gaps(20, 0.3));
    expect(high.map((f) => f.evidence.gap)).toEqual([0.3]);
  });

  it("stay silent below the minimum population", () => {
    expect(SR023.evaluate(gaps(19, 0.001))).toEqual([]);
    expect(SR023.evaluate(gaps(19, 0.001), { ...DEFAULT_RULE_PARAMS, fenceMinPopulation: 10 })).toHaveLength(1);
  });

  it("SR025 flags the firm that always loses, and only it", () => {
    const found = SR025.evaluate(ringHistory((i) => firm((i % 5) + 1)));
    expect(found.map((f) => f.subjects)).toEqual([[firm(6)]]);
    expect(found[0]!.evidence).toMatchObject({ validBids: 24, wins: 0 });
  });

  it("SR026 tenderer level; a buyer population of one is too small", () => {
    const found = SR026.evaluate(
      ringHistory(
        (i) => firm((i % 5) + 1),
        (i, f) => (f === firm(6) ? i < 12 : i < 10 && i % 5 === Number(f.slice(-3)) % 5),
      ),
    );
    expect(found.map((f) => [f.evidence.level, f.subjects])).toEqual([["tenderer", [firm(6)]]]);
  });

  it("SR027 counts divisions by the first 3 characters of the classification code", () => {
    const h = history(
      Array.from({ length: 100 }, (_, i) => ({
        ...gapSection(i, 0.05),
        winner: firm(i % 5),
        classifyCode: i % 5 === 0 ? `A${10 + (Math.floor(i / 5) % 4)}0${i % 10}01` : "A010101",
      })),
    );
    const found = SR027.evaluate(h);
    expect(found.map((f) => f.evidence.divisions)).toEqual([["A10", "A11", "A12", "A13"]]);
  });
});
