import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibrate, collusionRisk, DEFAULT_RISK_MODEL, type LabelledTender, screenScore, statisticalProbability } from "./collusion-risk.ts";
import { computeScreens, mulberry32, type Screens } from "./screens.ts";

const riskOf = (bids: number[], signals?: Parameters<typeof collusionRisk>[0]["signals"]) => {
  const { n, screens } = computeScreens(bids, { id: "t" });
  return collusionRisk({ n, screens, signals });
};

// textbook cover bidding: the designated winner far below tightly clustered cover bids
const CARTEL = [900_000, 1_000_000, 1_005_000, 1_010_000, 1_015_000, 1_012_000];
// a competitive spread: bids spread evenly
const COMPETITIVE = [900_000, 950_000, 1_000_000, 1_050_000, 1_100_000, 1_020_000];

describe("collusionRisk", () => {
  it("scores the textbook cartel pattern above a competitive spread", () => {
    const cartel = riskOf(CARTEL);
    const competitive = riskOf(COMPETITIVE);
    expect(cartel.risk).toBeGreaterThan(0.5);
    expect(competitive.risk).toBeLessThan(0.1);
    expect(cartel.risk).toBeGreaterThan(competitive.risk + 0.4);
    expect(cartel.flags).toEqual(expect.arrayContaining(["HIGH_DIFFP", "HIGH_RD", "HIGH_RDNOR", "HIGH_RDALT", "NEGATIVE_SKEW"]));
    expect(competitive.flags).toEqual([]);
  });

  it("orients every screen score by the direction of the literature", () => {
    for (const ref of Object.values(DEFAULT_RISK_MODEL.screens)) {
      expect(screenScore(ref.cartel, ref)).toBeCloseTo(0.8808, 3);
      expect(screenScore(ref.competitive, ref)).toBeCloseTo(0.1192, 3);
    }
  });

  it("never lowers the risk when CV is lowered and the rest held", () => {
    const arbitraryScreens = fc.record({
      spd: fc.double({ min: 0, max: 1, noNaN: true }),
      diffp: fc.double({ min: 0, max: 0.5, noNaN: true }),
      rd: fc.double({ min: 0, max: 10, noNaN: true }),
      rdnor: fc.double({ min: 0, max: 5, noNaN: true }),
      skew: fc.double({ min: -3, max: 3, noNaN: true }),
      identicalPrices: fc.constantFrom(0, 0, 1),
      regularSteps: fc.boolean(),
    });
    fc.assert(
      fc.property(
        arbitraryScreens,
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (rest, n, a, b) => {
          const [low, high] = a < b ? [a, b] : [b, a];
          const lower = collusionRisk({ n, screens: { ...rest, cv: low } as Screens }).risk;
          const higher = collusionRisk({ n, screens: { ...rest, cv: high } as Screens }).risk;
          expect(lower).toBeGreaterThanOrEqual(higher);
          expect(lower).toBeGreaterThanOrEqual(0);
          expect(lower).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("treats every 条例40 signal as near-certain evidence (risk >= 0.9)", () => {
    for (const signal of ["sameDevice", "sameFileHash", "sameBondAccount", "samePerson"] as const) {
      for (const bids of [COMPETITIVE, [1_000_000], [1_000_000, 1_100_000]]) {
        const result = riskOf(bids, { [signal]: true });
        expect(result.risk).toBeGreaterThanOrEqual(0.9);
        expect(result.flags).toContain(
          { sameDevice: "SAME_DEVICE", sameFileHash: "SAME_FILE_HASH", sameBondAccount: "SAME_BOND_ACCOUNT", samePerson: "SAME_PERSON" }[signal],
        );
      }
    }
    expect(riskOf(COMPETITIVE, { sameDevice: false }).risk).toBe(riskOf(COMPETITIVE).risk);
    expect(riskOf(COMPETITIVE, { sameDevice: true, sameBondAccount: true }).risk).toBeGreaterThan(riskOf(COMPETITIVE, { sameDevice: true }).risk);
  });

  it("uses only what is known below 3 bids", () => {
    const single = riskOf([1_000_000]);
    expect(single).toEqual({ risk: DEFAULT_RISK_MODEL.singleBidRisk, flags: ["SINGLE_BID"] });
    // two bids far apart: DIFFP would be "high", but no screen works on two bids
    const two = riskOf([1_000_000, 1_300_000]);
    expect(two).toEqual({ risk: DEFAULT_RISK_MODEL.prior, flags: ["FEW_BIDDERS"] });
    const identical = riskOf([1_000_000, 1_000_000]);
    expect(identical.flags).toEqual(expect.arrayContaining(["FEW_BIDDERS", "IDENTICAL_PRICES", "CLOSE_SECOND_BID"]));
    expect(identical.risk).toBeCloseTo(1 - (1 - DEFAULT_RISK_MODEL.prior) * (1 - DEFAULT_RISK_MODEL.identicalPricesRisk), 12);
  });

  it("pulls the statistical evidence of small tenders towards the prior", () => {
    // the same screens: the fewer the bids, the closer the risk to the prior
    const { screens } = computeScreens(CARTEL);
    const risks = [3, 4, 6, 10, 30].map((n) => collusionRisk({ n, screens }).risk);
    for (let i = 1; i < risks.length; i++) expect(risks[i]!).toBeGreaterThan(risks[i - 1]!);
    expect(risks[0]! - DEFAULT_RISK_MODEL.prior).toBeCloseTo((statisticalProbability(screens) - DEFAULT_RISK_MODEL.prior) / 2, 12);
  });

  it("raises regular steps and identical prices", () => {
    const steps = riskOf([1_000_000, 1_020_000, 1_040_000, 1_060_000]);
    expect(steps.flags).toContain("REGULAR_STEPS");
    expect(steps.risk).toBeGreaterThanOrEqual(DEFAULT_RISK_MODEL.regularStepsRisk.fourOrMore);
    const ties = riskOf([1_000_000, 1_050_000, 1_050_000, 1_100_000, 1_180_000]);
    expect(ties.flags).toContain("IDENTICAL_PRICES");
    expect(ties.risk).toBeGreaterThanOrEqual(DEFAULT_RISK_MODEL.identicalPricesRisk);
  });

  it("flags a winning bid close to the estimate", () => {
    const { n, screens } = computeScreens(COMPETITIVE, { estimate: 910_000 });
    expect(collusionRisk({ n, screens }).flags).toContain("HIGH_BID_TO_ESTIMATE");
  });
});

describe("calibrate", () => {
  /** Synthetic labelled tenders: collusion shows only in a low CV; the other screens are noise. */
  function synthetic(count: number, seed: number): LabelledTender[] {
    const random = mulberry32(seed);
    return Array.from({ length: count }, (_, i) => {
      const colluded = i % 2 === 0;
      const screens: Screens = {
        identicalPrices: 0,
        regularSteps: false,
        cv: colluded ? 0.01 + random() * 0.03 : 0.05 + random() * 0.07,
        spd: random() * 0.4,
        diffp: random() * 0.12,
        rd: random() * 3,
        rdnor: random() * 3,
        rdalt: random() * 3,
        skew: random() * 3 - 1.5,
      };
      return { screens, colluded };
    });
  }

  it("recovers a separable synthetic signal", () => {
    const fitted = calibrate(DEFAULT_RISK_MODEL, synthetic(400, 1));
    const weights = Object.fromEntries(Object.entries(fitted.screens).map(([k, r]) => [k, r.weight]));
    for (const [key, weight] of Object.entries(weights)) if (key !== "cv") expect(weights.cv!).toBeGreaterThan(4 * Math.abs(weight));
    // classify fresh tenders from the same process
    const test = synthetic(200, 2);
    const correct = test.filter((t) => statisticalProbability(t.screens, fitted) > 0.5 === t.colluded).length;
    expect(correct / test.length).toBeGreaterThan(0.95);
    // the default model is left alone, and calibration is deterministic
    expect(DEFAULT_RISK_MODEL.screens.cv!.weight).toBe(2.5);
    expect(calibrate(DEFAULT_RISK_MODEL, synthetic(400, 1))).toEqual(fitted);
  });

  it("keeps documented directions non-negative", () => {
    const flipped = synthetic(200, 3).map((t) => ({ ...t, colluded: !t.colluded }));
    const fitted = calibrate(DEFAULT_RISK_MODEL, flipped);
    for (const ref of Object.values(fitted.screens)) if (!ref.directionVaries) expect(ref.weight).toBeGreaterThanOrEqual(0);
  });
});
