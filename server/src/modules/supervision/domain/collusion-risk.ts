import type { ScreenKey, Screens } from "./screens.ts";

/**
 * Collusion (围标串标) risk of one tender in [0, 1] from its statistical screens, its number of
 * bids and the 条例第四十条 signals the platform can check in its own records. Unsupervised by
 * default, from the published evidence; `calibrate` refits it on confirmed cases.
 *
 * 1. Each screen with a reference gets a monotone score in (0, 1) oriented by the direction the
 *    literature reports for cartel tenders:
 *      score = logistic((x − centre) / scale), centre = (cartel + competitive) / 2,
 *      scale = (cartel − competitive) / 4
 *    so the typical cartel value scores logistic(2) ≈ 0.88 and the typical competitive value ≈ 0.12.
 * 2. Statistical probability p = logistic(intercept + Σ weight·(score − ½)); a screen that is
 *    undefined for the tender is neutral (contributes 0). intercept = logit(prior) by default.
 * 3. Fewer bids carry less evidence: for n >= 3, risk = prior + λ(n)·(p − prior) with
 *    λ(n) = (n − 2)/(n − 2 + shrinkage). With n = 2 no screen works (collusion-screens.md), so the
 *    risk is the prior; a single bid gets `singleBidRisk` (R018).
 * 4. Direct evidence combines by noisy-OR: risk = 1 − (1 − risk)·Π(1 − e) with e = `signalRisk`
 *    (0.9) for each 条例40 signal present, so any signal forces risk >= 0.9; `identicalPricesRisk`
 *    for identical prices of different bidders (R028; 条例40(四) 异常一致); `regularStepsRisk` for
 *    prices in regular steps (条例40(四) 规律性差异).
 *
 * Reference points (all configurable; "calibrate" means: a judgment reference, to be replaced by
 * `calibrate` on the platform's confirmed cases):
 *  - Directions (cv, spd lower; diffp, rd, rdnor, rdalt higher; skew more negative under collusion):
 *    collusion-screens.md; Imhof (2017) "Simple statistical screens to detect bid rigging", FSES WP
 *    484 (lower variance: CV, kurtosis; winner apart: RD, skewness, DIFFP); Huber & Imhof (2019).
 *  - Competitive reference values: the median of each screen for i.i.d. normal bids with CV 0.08 and
 *    n = 5 (simulated, 20,000 tenders): cv 0.073, spd 0.20, diffp 0.046, rd 0.74, rdnor 1.0,
 *    rdalt 1.0, skew 0.0, kstest 0.34. The CV point is rounded to 0.08, the middle of the 0.06–0.10
 *    reported for competitive Swiss tenders (Imhof 2017; Huber & Imhof 2019).
 *  - Cartel reference values: cv 0.03 (about 0.03 in the Swiss cartel periods, Imhof 2017; Huber &
 *    Imhof 2019); spd 0.07 (what CV 0.03 implies for ~5 normal bids, range ≈ 2.3 sd); diffp 0.08,
 *    rd 2, rdnor 2, rdalt 2, skew −1: reference point, calibrate.
 *  - bidToEstimate (winning bid / PTE): cartel 0.98, competitive 0.88: reference point, calibrate.
 *  - kurt, kstest: the direction varies between cartels (collusion-screens.md): weight 0 by default,
 *    and `calibrate` may give them either sign.
 *  - Weights (cv 2.5, rd 2, spd/diffp/rdnor 1.5, rdalt/skew/bidToEstimate 1), prior 0.1,
 *    shrinkage 1, singleBidRisk 0.3, identicalPricesRisk 0.6, regularStepsRisk 0.5 (n = 3) / 0.8
 *    (n >= 4): judgment, calibrate.
 *
 * Flags (stable codes) and their thresholds:
 *  - per screen, at the cartel reference value, only when n >= 3: LOW_CV (cv <= 0.03),
 *    LOW_SPD (spd <= 0.07), HIGH_DIFFP (diffp >= 0.08; the fixed variant of R058 heavily discounted
 *    bid), HIGH_RD (>= 2), HIGH_RDNOR (>= 2), HIGH_RDALT (>= 2), NEGATIVE_SKEW (skew <= −1),
 *    HIGH_BID_TO_ESTIMATE (>= 0.98, any n);
 *  - CLOSE_SECOND_BID: n >= 2 and diffp <= 0.005 (fixed variant of R024 price close to winning bid;
 *    flag only, it does not raise the risk: the screens literature reads a close second bid the other way);
 *  - IDENTICAL_PRICES (identicalPrices > 0), REGULAR_STEPS, SINGLE_BID (n = 1), FEW_BIDDERS
 *    (1 < n < 3), SAME_DEVICE, SAME_FILE_HASH, SAME_BOND_ACCOUNT, SAME_PERSON.
 */

export interface CollusionSignals {
  /** Bid files made or uploaded from the same machine (IP, MAC, CPU id, disk serial). */
  sameDevice?: boolean;
  /** Bid files with the same content hash or author metadata. */
  sameFileHash?: boolean;
  /** Bid bonds paid from the same bank account. */
  sameBondAccount?: boolean;
  /** The same person handled the bids of several bidders. */
  samePerson?: boolean;
}

export type RiskFeature = ScreenKey | "bidToEstimate";

export interface ScreenReference {
  /** Typical value in cartel tenders. */
  cartel: number;
  /** Typical value in competitive tenders (must differ from `cartel`). */
  competitive: number;
  /** Weight of the score; >= 0 keeps the risk monotone in the screen. */
  weight: number;
  /** The direction differs between cartels: `calibrate` may make the weight negative. */
  directionVaries?: boolean;
  /** Raise `code` when the value is at or beyond `at` in the cartel direction. */
  flag?: { code: string; at: number; minBids: number };
}

export interface RiskModel {
  screens: Partial<Record<RiskFeature, ScreenReference>>;
  /** Log-odds of the statistical probability when every screen is neutral. */
  intercept: number;
  /** What the risk of tenders with little evidence is pulled towards. */
  prior: number;
  /** k in λ(n) = (n − 2)/(n − 2 + k). */
  shrinkage: number;
  singleBidRisk: number;
  identicalPricesRisk: number;
  regularStepsRisk: { three: number; fourOrMore: number };
  /** Evidence of each 条例40 signal; >= 0.9 makes any signal force risk >= 0.9. */
  signalRisk: number;
  /** CLOSE_SECOND_BID when diffp is at or below this. */
  closeSecondBidAt: number;
  /** FEW_BIDDERS when 1 < n < this (招标投标法第二十八条: fewer than 3 bidders → re-tender). */
  fewBiddersBelow: number;
}

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export const DEFAULT_RISK_MODEL: RiskModel = deepFreeze({
  screens: {
    cv: { cartel: 0.03, competitive: 0.08, weight: 2.5, flag: { code: "LOW_CV", at: 0.03, minBids: 3 } },
    spd: { cartel: 0.07, competitive: 0.2, weight: 1.5, flag: { code: "LOW_SPD", at: 0.07, minBids: 3 } },
    diffp: { cartel: 0.08, competitive: 0.046, weight: 1.5, flag: { code: "HIGH_DIFFP", at: 0.08, minBids: 3 } },
    rd: { cartel: 2, competitive: 0.74, weight: 2, flag: { code: "HIGH_RD", at: 2, minBids: 3 } },
    rdnor: { cartel: 2, competitive: 1, weight: 1.5, flag: { code: "HIGH_RDNOR", at: 2, minBids: 3 } },
    rdalt: { cartel: 2, competitive: 1, weight: 1, flag: { code: "HIGH_RDALT", at: 2, minBids: 3 } },
    skew: { cartel: -1, competitive: 0, weight: 1, flag: { code: "NEGATIVE_SKEW", at: -1, minBids: 3 } },
    kurt: { cartel: 1, competitive: -1, weight: 0, directionVaries: true },
    kstest: { cartel: 0.5, competitive: 0.34, weight: 0, directionVaries: true },
    bidToEstimate: { cartel: 0.98, competitive: 0.88, weight: 1, flag: { code: "HIGH_BID_TO_ESTIMATE", at: 0.98, minBids: 1 } },
  },
  intercept: logit(0.1),
  prior: 0.1,
  shrinkage: 1,
  singleBidRisk: 0.3,
  identicalPricesRisk: 0.6,
  regularStepsRisk: { three: 0.5, fourOrMore: 0.8 },
  signalRisk: 0.9,
  closeSecondBidAt: 0.005,
  fewBiddersBelow: 3,
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const SIGNALS: [keyof CollusionSignals, string][] = [
  ["sameDevice", "SAME_DEVICE"],
  ["sameFileHash", "SAME_FILE_HASH"],
  ["sameBondAccount", "SAME_BOND_ACCOUNT"],
  ["samePerson", "SAME_PERSON"],
];

/** Monotone score in (0, 1) of one screen value: ≈0.88 at the cartel reference, ≈0.12 at the competitive one. */
export function screenScore(value: number, ref: Pick<ScreenReference, "cartel" | "competitive">): number {
  const centre = (ref.cartel + ref.competitive) / 2;
  const scale = (ref.cartel - ref.competitive) / 4;
  return logistic((value - centre) / scale);
}

const featureValue = (screens: Screens, key: RiskFeature): number | undefined => {
  const v = (screens as Partial<Record<RiskFeature, number>>)[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};

/** The centred scores (score − ½, 0 when undefined) of the model's features, in `features` order. */
function centredScores(model: RiskModel, features: RiskFeature[], screens: Screens): number[] {
  return features.map((key) => {
    const v = featureValue(screens, key);
    const ref = model.screens[key];
    return v === undefined || !ref ? 0 : screenScore(v, ref) - 0.5;
  });
}

/** The statistical probability of collusion from the screens alone (step 2), before the n adjustment. */
export function statisticalProbability(screens: Screens, model: RiskModel = DEFAULT_RISK_MODEL): number {
  let z = model.intercept;
  for (const [key, ref] of Object.entries(model.screens) as [RiskFeature, ScreenReference][]) {
    if (!ref.weight) continue;
    const v = featureValue(screens, key);
    if (v !== undefined) z += ref.weight * (screenScore(v, ref) - 0.5);
  }
  return logistic(z);
}

export interface RiskInput {
  n: number;
  screens: Screens;
  signals?: CollusionSignals;
}

export function collusionRisk(input: RiskInput, model: RiskModel = DEFAULT_RISK_MODEL): { risk: number; flags: string[] } {
  const { n, screens, signals } = input;
  const flags: string[] = [];
  let risk: number;
  if (n <= 1) {
    flags.push("SINGLE_BID");
    risk = model.singleBidRisk;
  } else if (n < 3) {
    risk = model.prior;
  } else {
    const p = statisticalProbability(screens, model);
    const lambda = (n - 2) / (n - 2 + model.shrinkage);
    risk = model.prior + lambda * (p - model.prior);
  }
  if (n > 1 && n < model.fewBiddersBelow) flags.push("FEW_BIDDERS");

  for (const [key, ref] of Object.entries(model.screens) as [RiskFeature, ScreenReference][]) {
    if (!ref.flag || n < ref.flag.minBids) continue;
    const v = featureValue(screens, key);
    if (v === undefined) continue;
    const beyond = ref.cartel < ref.competitive ? v <= ref.flag.at : v >= ref.flag.at;
    if (beyond) flags.push(ref.flag.code);
  }
  const diffp = featureValue(screens, "diffp");
  if (n >= 2 && diffp !== undefined && diffp <= model.closeSecondBidAt) flags.push("CLOSE_SECOND_BID");

  let clean = 1; // Π(1 − e) over the direct evidence
  if (screens.identicalPrices > 0) {
    flags.push("IDENTICAL_PRICES");
    clean *= 1 - model.identicalPricesRisk;
  }
  if (screens.regularSteps && n >= 3) {
    flags.push("REGULAR_STEPS");
    clean *= 1 - (n >= 4 ? model.regularStepsRisk.fourOrMore : model.regularStepsRisk.three);
  }
  for (const [key, code] of SIGNALS) {
    if (signals?.[key]) {
      flags.push(code);
      clean *= 1 - model.signalRisk;
    }
  }
  return { risk: clamp01(clean === 1 ? risk : 1 - (1 - clamp01(risk)) * clean), flags };
}

function clamp01(x: number): number {
  if (!(x > 0)) return 0; // also NaN
  return Math.min(x, 1);
}

export interface LabelledTender {
  screens: Screens;
  colluded: boolean;
}

export interface CalibrateOptions {
  /** Full-batch gradient-descent steps. */
  iterations?: number;
  learningRate?: number;
  /** L2 penalty on the weights (not on the intercept), per example. */
  l2?: number;
  /** Keep weights >= 0 (the documented direction) except for screens whose direction varies. */
  nonNegative?: boolean;
}

/**
 * Refits the intercept and the weights of the model's screens by L2-regularised logistic regression
 * on the centred scores (deterministic full-batch gradient descent from the current weights), so a
 * platform can calibrate on confirmed cases. Reference points stay as they are: add references for
 * further features (e.g. `rd_sub3_median`) to the model before calibrating to let them in.
 */
export function calibrate(model: RiskModel, labelled: readonly LabelledTender[], options: CalibrateOptions = {}): RiskModel {
  const { iterations = 3000, learningRate = 1, l2 = 0.001, nonNegative = true } = options;
  const features = Object.keys(model.screens) as RiskFeature[];
  const refs = features.map((key) => model.screens[key]!);
  if (labelled.length === 0) return model;
  const xs = labelled.map((t) => centredScores(model, features, t.screens));
  const ys = labelled.map((t) => (t.colluded ? 1 : 0));
  const m = labelled.length;
  const w = refs.map((r) => r.weight);
  let b = model.intercept;
  const grad = new Array<number>(w.length).fill(0);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    let gb = 0;
    for (let i = 0; i < m; i++) {
      const x = xs[i]!;
      let z = b;
      for (let j = 0; j < w.length; j++) z += w[j]! * x[j]!;
      const err = logistic(z) - ys[i]!;
      gb += err;
      for (let j = 0; j < w.length; j++) grad[j]! += err * x[j]!;
    }
    b -= (learningRate * gb) / m;
    for (let j = 0; j < w.length; j++) {
      let next = w[j]! - learningRate * (grad[j]! / m + l2 * w[j]!);
      if (nonNegative && !refs[j]!.directionVaries && next < 0) next = 0;
      w[j] = next;
    }
  }
  const screens: RiskModel["screens"] = {};
  features.forEach((key, j) => {
    screens[key] = { ...refs[j]!, weight: w[j]! };
  });
  return { ...model, screens, intercept: b };
}
