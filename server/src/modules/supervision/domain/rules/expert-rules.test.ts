import { describe, expect, it } from "vitest";
import { SR050, SR051, SR052, SR053 } from "./expert-rules.ts";
import { DEFAULT_RULE_PARAMS, type SectionFacts } from "./rule-types.ts";
import { bj, cleanSection, history, historySection, U } from "./test-fixtures.ts";

const withFacts = (change: (f: SectionFacts) => void): SectionFacts => {
  const f = cleanSection();
  change(f);
  return f;
};

describe("SR050 scores far from the committee (scoring.ts flagOutliers)", () => {
  it("one finding per expert listing every deviating score", () => {
    const f = withFacts((x) => {
      for (const r of x.reviews) if (r.expertId === "E3" && (r.bidder === U.B || r.bidder === U.D)) r.technical = 9000;
    });
    const found = SR050.evaluate(f);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence.expertId).toBe("E3");
    expect((found[0]!.evidence.deviations as { bidderId: string }[]).map((d) => d.bidderId)).toEqual([U.B, U.D].sort());
    expect(found[0]!.subjects).toBeUndefined();
  });

  it("10 points is allowed by default, more is not; the rule is a parameter", () => {
    // bidder A: the five experts' technical + commercial are 60.00, 60.75, 61.50, 62.25, 63.00. Raising E3's
    // by d moves the median to 62.25, so E3 deviates by d − 0.75 points; MAD stays small: the floor (10) applies
    const shift = (d: number) =>
      withFacts((x) => {
        const r = x.reviews.find((y) => y.expertId === "E3" && y.bidder === U.A)!;
        r.technical = (r.technical ?? 0) + d;
      });
    expect(SR050.evaluate(shift(1075))).toEqual([]);
    expect(SR050.evaluate(shift(1076))).toHaveLength(1);
    expect(SR050.evaluate(shift(1076), { ...DEFAULT_RULE_PARAMS, outlierRule: { minDeviation: 2000, madMultiplier: 2 } })).toEqual([]);
  });

  it("reviews without scores (qualification only) are ignored", () => {
    const f = withFacts((x) => {
      for (const r of x.reviews) {
        r.technical = undefined;
        r.commercial = undefined;
      }
    });
    expect(SR050.evaluate(f)).toEqual([]);
  });
});

describe("SR051 avoidance / SR052 punished experts", () => {
  it("a declared avoidance of a registered bidder counts", () => {
    const f = withFacts((x) => (x.committee!.experts[2]!.avoidUsccs = [U.D, "91350100MA0000Z999"]));
    expect(SR051.evaluate(f)[0]!.subjects).toEqual([U.D]);
  });

  it("a punishment ending on the evaluation day still counts, the day before does not", () => {
    const until = (d: string) => withFacts((x) => (x.committee!.experts[0]!.punishedUntil = d));
    expect(SR052.evaluate(until("2026-03-27"))).toHaveLength(1);
    expect(SR052.evaluate(until("2026-03-26"))).toEqual([]);
  });

  it("a credit record restricting 'evaluate' counts as well", () => {
    const f = withFacts((x) =>
      x.credit.push({
        subject: "E4",
        kind: "violation",
        restrictedActions: ["evaluate"],
        startsAt: bj("2026-01-01T00:00"),
        endsAt: null,
        revokedAt: null,
        documentNo: "专家处罚1号",
      }),
    );
    expect(SR052.evaluate(f)[0]!.evidence).toMatchObject({ expertId: "E4", records: ["专家处罚1号"] });
  });
});

describe("SR053 one expert on the same tenderer's sections", () => {
  it("counts per tenderer", () => {
    const h = history([0, 1, 2].map((i) => historySection({ experts: ["X"], buyer: i === 2 ? "91350100MA0000B999" : U.tenderer })));
    expect(SR053.evaluate(h)).toEqual([]);
    expect(SR053.evaluate(h, { ...DEFAULT_RULE_PARAMS, expertRepeatMin: 2 })[0]!.evidence).toMatchObject({ expertId: "X", buyer: U.tenderer });
  });
});
