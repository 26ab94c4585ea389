/**
 * Bid evaluation (评标): 经评审的最低投标价法 and 综合评估法. Pure, no I/O; randomness is injected.
 *
 * Legal frame: 招标投标法第四十一条 (中标人的投标应当符合：(一)能够最大限度地满足招标文件中规定的各项综合评价
 * 标准 — 综合评估法; (二)……经评审的投标价格最低 — 经评审的最低投标价法); 实施条例第四十九条 (only the
 * methods and standards written in the 招标文件 may be used — hence everything below is configurable and
 * must be copied from the 招标文件), 第五十一条第（五）项 (a bid above the 最高投标限价 is rejected), 第五十三条
 * (no more than 3 candidates, ranked; data set 510 WIN_CANDIDATE_ORDER).
 *
 * Arithmetic — exact, no floating point:
 * - money in integer 分 (fen); scores in integer hundredths of a point (4525 = 45.25 points);
 *   weights and coefficients in basis points (10000 = 1, 9500 = 0.95).
 * - Intermediate values are exact rationals (BigInt numerator/denominator). Rounding is 四舍五入
 *   (half up) and happens once per published value:
 *     base price → to the fen; price score → to 0.01; each expert-mean component → to 0.01;
 *     the weighted total → to 0.01, computed from the rounded components (so published components
 *     add up to the published total when all weights are 1).
 *
 * Tiebreaks (documented defaults, taken from the 标准施工招标文件(2007) 评标办法; the 招标文件 may set others):
 * - 经评审的最低投标价法: lower evaluated price; then lower bid price; then the final tiebreak.
 * - 综合评估法: higher total; then lower bid price; then higher technical score; then the final tiebreak.
 * - Final tiebreak (the standard documents leave it to the 招标人): earliest submission by default, or a
 *   drawn lot (injected random). Bidders that remain tied are reported in `unresolvedTies`, ordered by
 *   bidder id, for a human decision.
 */

/** Points × 100, an integer. */
export type Hundredths = number;

export interface Bid {
  bidderId: string;
  bidPriceFen: number;
  /** 否决投标 decided by the committee (条例51). */
  rejected?: boolean;
  rejectionReason?: string;
  /** Time the bid was received (final tiebreak "earliestSubmission"). */
  submittedAt?: Date;
}

export type FinalTiebreak = { kind: "earliestSubmission" } | { kind: "lot"; random: () => number };

export interface RankedBid {
  bidderId: string;
  rank: number;
  bidPriceFen: number;
}

export interface Candidate {
  bidderId: string;
  /** WIN_CANDIDATE_ORDER (data set 510), 1–3. */
  order: number;
}

export interface RejectedBid {
  bidderId: string;
  reason: string;
}

export const MAX_CANDIDATES = 3;

// ---------------------------------------------------------------------------------------------
// Exact helpers
// ---------------------------------------------------------------------------------------------

/** ⌊n/d⌋ for BigInt, d > 0. */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

/** n/d rounded half up (四舍五入 toward +∞ at exactly .5), d > 0. */
export function roundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError("denominator must be positive");
  return floorDiv(2n * n + d, 2n * d);
}

function assertFen(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`${what} must be a positive integer number of fen, got ${n}`);
}

function assertHundredths(n: number, what: string, max?: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || (max !== undefined && n > max)) {
    throw new RangeError(`${what} must be an integer number of hundredths in 0..${max ?? "∞"}, got ${n}`);
  }
}

function assertBasisPoints(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer number of basis points, got ${n}`);
}

/** "45.25" → 4525; "45" → 4500; "45.2" → 4520. Throws RangeError on anything else (max 2 decimals). */
export function parseHundredths(text: string): Hundredths {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a score with at most 2 decimals: ${JSON.stringify(text)}`);
  const v = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(v)) throw new RangeError(`score too large: ${text}`);
  return v;
}

/** 4525 → "45.25"; 0 → "0.00". */
export function formatHundredths(h: Hundredths): string {
  if (!Number.isSafeInteger(h)) throw new RangeError(`not an integer: ${h}`);
  const sign = h < 0 ? "-" : "";
  const a = Math.abs(h);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Validity and ranking machinery
// ---------------------------------------------------------------------------------------------

function splitValid(bids: readonly Bid[], ceilingPriceFen?: number): { valid: Bid[]; rejected: RejectedBid[] } {
  const ids = new Set<string>();
  const valid: Bid[] = [];
  const rejected: RejectedBid[] = [];
  if (ceilingPriceFen !== undefined) assertFen(ceilingPriceFen, "ceilingPriceFen");
  for (const b of bids) {
    if (ids.has(b.bidderId)) throw new RangeError(`duplicate bidder ${b.bidderId}`);
    ids.add(b.bidderId);
    assertFen(b.bidPriceFen, `bidPriceFen of ${b.bidderId}`);
    if (b.rejected) rejected.push({ bidderId: b.bidderId, reason: b.rejectionReason ?? "REJECTED" });
    else if (ceilingPriceFen !== undefined && b.bidPriceFen > ceilingPriceFen) {
      // 条例51第（五）项: 投标报价……高于招标文件设定的最高投标限价 → 否决
      rejected.push({ bidderId: b.bidderId, reason: "ABOVE_CEILING" });
    } else valid.push(b);
  }
  return { valid, rejected };
}

/** Uniform index in 0..n-1 from an injected random() in [0, 1). */
function drawIndex(random: () => number, n: number): number {
  const r = random();
  if (!(Number.isFinite(r) && r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${r}`);
  return Math.floor(r * n);
}

/**
 * Sorts `items` by `compare` (the documented criteria) and breaks remaining ties with the final
 * tiebreak. Returns the order and the groups that stayed tied.
 */
function rankWithTiebreak<T extends Bid>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  finalTiebreak: FinalTiebreak,
): { order: T[]; unresolvedTies: string[][] } {
  const byId = (a: T, b: T) => (a.bidderId < b.bidderId ? -1 : a.bidderId > b.bidderId ? 1 : 0);
  const sorted = [...items].sort((a, b) => compare(a, b) || byId(a, b));
  const order: T[] = [];
  const unresolvedTies: string[][] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && compare(sorted[i] as T, sorted[j] as T) === 0) j++;
    const group = sorted.slice(i, j);
    if (group.length === 1) order.push(...group);
    else if (finalTiebreak.kind === "lot") {
      // Fisher–Yates with the injected random source, from the bidder-id order.
      const g = [...group];
      for (let k = g.length - 1; k > 0; k--) {
        const r = drawIndex(finalTiebreak.random, k + 1);
        [g[k], g[r]] = [g[r] as T, g[k] as T];
      }
      order.push(...g);
    } else {
      // Missing submission times sort last and count as equal to each other.
      const time = (b: T) => b.submittedAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const g = [...group].sort((a, b) => time(a) - time(b) || byId(a, b));
      order.push(...g);
      // Sub-groups with equal (or missing) submission times stay unresolved.
      for (let a = 0; a < g.length; ) {
        let b = a + 1;
        while (b < g.length && time(g[b] as T) === time(g[a] as T)) b++;
        if (b - a > 1) unresolvedTies.push(g.slice(a, b).map((x) => x.bidderId));
        a = b;
      }
    }
    i = j;
  }
  return { order, unresolvedTies };
}

function candidatesOf(order: readonly Bid[], maxCandidates: number): Candidate[] {
  if (!Number.isSafeInteger(maxCandidates) || maxCandidates < 1 || maxCandidates > MAX_CANDIDATES) {
    throw new RangeError(`maxCandidates must be 1..${MAX_CANDIDATES} (条例53), got ${maxCandidates}`);
  }
  return order.slice(0, maxCandidates).map((b, i) => ({ bidderId: b.bidderId, order: i + 1 }));
}

// ---------------------------------------------------------------------------------------------
// 经评审的最低投标价法
// ---------------------------------------------------------------------------------------------

export interface PricedBid extends Bid {
  /** 评标价折算 (price adjustments for deviations etc., per the 招标文件), fen; may be negative. */
  adjustmentsFen?: number;
}

export interface LowestPriceResult {
  ranking: Array<RankedBid & { evaluatedPriceFen: number }>;
  candidates: Candidate[];
  rejected: RejectedBid[];
  validBidCount: number;
  /**
   * Fewer than 3 valid bids: 投标明显缺乏竞争的，评标委员会可以否决全部投标 (《评标委员会和评标方法暂行规定》
   * 第二十七条) — a prompt for the committee, not a decision.
   */
  insufficientCompetition: boolean;
  unresolvedTies: string[][];
}

/**
 * 经评审的最低投标价法: among compliant bids, rank by evaluated price (bid + adjustments) ascending;
 * ties → lower bid price → final tiebreak. Up to 3 candidates.
 */
export function rankLowestEvaluatedPrice(
  bids: readonly PricedBid[],
  options: { ceilingPriceFen?: number; maxCandidates?: number; finalTiebreak?: FinalTiebreak } = {},
): LowestPriceResult {
  const { valid, rejected } = splitValid(bids, options.ceilingPriceFen);
  const evaluated = (b: PricedBid) => {
    const adj = b.adjustmentsFen ?? 0;
    if (!Number.isSafeInteger(adj)) throw new RangeError(`adjustmentsFen of ${b.bidderId} must be an integer`);
    return b.bidPriceFen + adj;
  };
  const items = (valid as PricedBid[]).map((b) => ({ ...b, evaluatedPriceFen: evaluated(b) }));
  const { order, unresolvedTies } = rankWithTiebreak(
    items,
    (a, b) => a.evaluatedPriceFen - b.evaluatedPriceFen || a.bidPriceFen - b.bidPriceFen,
    options.finalTiebreak ?? { kind: "earliestSubmission" },
  );
  return {
    ranking: order.map((b, i) => ({ bidderId: b.bidderId, rank: i + 1, bidPriceFen: b.bidPriceFen, evaluatedPriceFen: b.evaluatedPriceFen })),
    candidates: candidatesOf(order, options.maxCandidates ?? MAX_CANDIDATES),
    rejected,
    validBidCount: valid.length,
    insufficientCompetition: valid.length < 3,
    unresolvedTies,
  };
}

// ---------------------------------------------------------------------------------------------
// 综合评估法: base price and price score
// ---------------------------------------------------------------------------------------------

/** Exclude one highest and one lowest bid from the average when at least `minBids` valid bids exist. */
export interface TrimRule {
  minBids: number;
}

export type BasePriceMethod =
  | { kind: "lowest" }
  | { kind: "average"; trim?: TrimRule }
  /** average × K, K drawn (at opening, in public) from `coefficientsBp` with the injected random source. */
  | { kind: "averageTimesK"; coefficientsBp: readonly number[]; trim?: TrimRule };

export interface BasePrice {
  /** 评标基准价, fen (rounded half up to the fen). */
  basePriceFen: number;
  /** K drawn, basis points (averageTimesK only). */
  coefficientBp?: number;
  /** Bidders left out of the average by the trim rule. */
  excludedBidderIds: string[];
}

/** Draws K from `coefficientsBp` with `random()` ∈ [0, 1): index ⌊random × n⌋. */
export function drawCoefficient(coefficientsBp: readonly number[], random: () => number): number {
  if (coefficientsBp.length === 0) throw new RangeError("no coefficients to draw from");
  for (const k of coefficientsBp) {
    if (!Number.isSafeInteger(k) || k <= 0) throw new RangeError(`coefficient must be a positive integer of basis points, got ${k}`);
  }
  return coefficientsBp[drawIndex(random, coefficientsBp.length)] as number;
}

export function computeBasePrice(validBids: readonly Bid[], method: BasePriceMethod, random?: () => number): BasePrice {
  if (validBids.length === 0) throw new RangeError("no valid bids: no base price");
  for (const b of validBids) assertFen(b.bidPriceFen, `bidPriceFen of ${b.bidderId}`);
  if (method.kind === "lowest") {
    return { basePriceFen: Math.min(...validBids.map((b) => b.bidPriceFen)), excludedBidderIds: [] };
  }
  let pool = [...validBids];
  const excludedBidderIds: string[] = [];
  if (method.trim && validBids.length >= method.trim.minBids && validBids.length >= 3) {
    // One highest and one lowest; among equal prices the later bidder id / earlier bidder id goes (deterministic).
    const sorted = [...validBids].sort((a, b) => a.bidPriceFen - b.bidPriceFen || (a.bidderId < b.bidderId ? -1 : 1));
    const low = sorted[0] as Bid;
    const high = sorted[sorted.length - 1] as Bid;
    excludedBidderIds.push(high.bidderId, low.bidderId);
    pool = validBids.filter((b) => b !== low && b !== high);
  }
  const sum = pool.reduce((s, b) => s + BigInt(b.bidPriceFen), 0n);
  const n = BigInt(pool.length);
  if (method.kind === "average") {
    return { basePriceFen: Number(roundHalfUp(sum, n)), excludedBidderIds };
  }
  if (!random) throw new RangeError("averageTimesK needs an injected random source");
  const k = drawCoefficient(method.coefficientsBp, random);
  return { basePriceFen: Number(roundHalfUp(sum * BigInt(k), n * 10_000n)), coefficientBp: k, excludedBidderIds };
}

export interface PriceScoreRule {
  /** Score of a bid equal to the base price. */
  fullMarks: Hundredths;
  /** Points deducted per 1% above the base price. */
  pointsPerPercentAbove: Hundredths;
  /** Points deducted per 1% below the base price. */
  pointsPerPercentBelow: Hundredths;
}

/**
 * Price score = fullMarks − |bid − base| / base × 100 × slope, slope = pointsPerPercentAbove when
 * bid > base, pointsPerPercentBelow when bid < base; floored at 0; rounded half up to 0.01.
 * Exact: score·100 = (fullMarks·base − |bid − base|·100·slope) / base in BigInt.
 */
export function priceScore(bidPriceFen: number, basePriceFen: number, rule: PriceScoreRule): Hundredths {
  assertFen(bidPriceFen, "bidPriceFen");
  assertFen(basePriceFen, "basePriceFen");
  assertHundredths(rule.fullMarks, "fullMarks");
  assertHundredths(rule.pointsPerPercentAbove, "pointsPerPercentAbove");
  assertHundredths(rule.pointsPerPercentBelow, "pointsPerPercentBelow");
  const base = BigInt(basePriceFen);
  const diff = BigInt(bidPriceFen) - base;
  const slope = BigInt(diff > 0n ? rule.pointsPerPercentAbove : rule.pointsPerPercentBelow);
  const absDiff = diff < 0n ? -diff : diff;
  const numerator = BigInt(rule.fullMarks) * base - absDiff * 100n * slope;
  if (numerator <= 0n) return 0;
  return Number(roundHalfUp(numerator, base));
}

// ---------------------------------------------------------------------------------------------
// 综合评估法: expert scores, aggregation, outliers
// ---------------------------------------------------------------------------------------------

export interface ExpertScore {
  expertId: string;
  bidderId: string;
  technical: Hundredths;
  commercial: Hundredths;
}

export interface Weights {
  /** Basis points; 10000 = the component counts at face value (the default). */
  technical: number;
  commercial: number;
  price: number;
}

export interface OutlierRule {
  /** Absolute floor of the allowed deviation, hundredths (default 1000 = 10 points). */
  minDeviation: Hundredths;
  /** Multiple of the MAD (default 2). */
  madMultiplier: number;
}

export interface OutlierFlag {
  expertId: string;
  bidderId: string;
  /** The expert's weighted subjective score (technical + commercial), hundredths, rounded. */
  score: Hundredths;
  /** The committee median of that score, hundredths, rounded. */
  median: Hundredths;
  /** The threshold that was exceeded: max(minDeviation, k × MAD), hundredths, rounded. */
  threshold: Hundredths;
}

/** 2 × median of integers (an integer even when the count is even). */
function medianTimes2(values: readonly bigint[]): bigint {
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = s.length;
  if (n === 0) throw new RangeError("median of nothing");
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? 2n * (s[mid] as bigint) : (s[mid - 1] as bigint) + (s[mid] as bigint);
}

/**
 * Flags expert scores that deviate strongly from the committee (our rule, a prompt for the committee
 * chair and the supervisor — cf. 条例49/71 不客观、不公正 — never an automatic exclusion):
 * for each bidder, over the experts' weighted subjective scores v (technical·wT + commercial·wC),
 * flag v when |v − median| > max(minDeviation, k × MAD), MAD = median of |v_i − median|.
 * Default minDeviation 10 points, k = 2. The absolute floor keeps a unanimous committee (MAD = 0)
 * from flagging ordinary differences. Exact: with m2 = 2·median, d2 = |2v − m2|, mad4 = 2·median(d2)
 * = 4·MAD, the test is 2·d2 > max(4·minDeviation, k·mad4).
 */
export function flagOutliers(
  scores: readonly ExpertScore[],
  weights: Pick<Weights, "technical" | "commercial"> = { technical: 10_000, commercial: 10_000 },
  rule: OutlierRule = { minDeviation: 1000, madMultiplier: 2 },
): OutlierFlag[] {
  assertHundredths(rule.minDeviation, "minDeviation");
  if (!Number.isSafeInteger(rule.madMultiplier) || rule.madMultiplier < 0) throw new RangeError("madMultiplier must be an integer ≥ 0");
  const byBidder = new Map<string, ExpertScore[]>();
  for (const s of scores) byBidder.set(s.bidderId, [...(byBidder.get(s.bidderId) ?? []), s]);
  const flags: OutlierFlag[] = [];
  const scale = 10_000n; // v is in hundredths × 10000
  const minDev = BigInt(rule.minDeviation) * scale;
  const k = BigInt(rule.madMultiplier);
  for (const [bidderId, list] of byBidder) {
    if (list.length < 3) continue; // no meaningful committee median
    const v = list.map((s) => BigInt(s.technical) * BigInt(weights.technical) + BigInt(s.commercial) * BigInt(weights.commercial));
    const m2 = medianTimes2(v);
    const d2 = v.map((x) => (2n * x > m2 ? 2n * x - m2 : m2 - 2n * x));
    const mad4 = medianTimes2(d2);
    const limit4 = 4n * minDev > k * mad4 ? 4n * minDev : k * mad4; // 4 × threshold
    list.forEach((s, i) => {
      if (2n * (d2[i] as bigint) > limit4) {
        flags.push({
          expertId: s.expertId,
          bidderId,
          score: Number(roundHalfUp(v[i] as bigint, scale)),
          median: Number(roundHalfUp(m2, 2n * scale)),
          threshold: Number(roundHalfUp(limit4, 4n * scale)),
        });
      }
    });
  }
  return flags.sort((a, b) => (a.bidderId < b.bidderId ? -1 : a.bidderId > b.bidderId ? 1 : a.expertId < b.expertId ? -1 : 1));
}

export interface AggregatedScore {
  bidderId: string;
  /** Mean technical score of the retained experts, hundredths (rounded half up). */
  technical: Hundredths;
  commercial: Hundredths;
  /** Experts left out by the trim rule (highest and lowest weighted subjective score). */
  droppedExpertIds: string[];
}

/**
 * Mean of the experts' scores per bidder. When `trimMinExperts` is set and the committee has at least
 * that many experts (default 7), the expert with the highest and the one with the lowest weighted
 * subjective score (technical·wT + commercial·wC) for that bidder are dropped — trimming whole expert
 * opinions, so technical and commercial means come from the same experts. Among equal scores the
 * expert with the smallest id is dropped as lowest, the largest id as highest (deterministic).
 */
export function aggregateExpertScores(
  scores: readonly ExpertScore[],
  options: { trimMinExperts?: number | null; weights?: Pick<Weights, "technical" | "commercial"> } = {},
): AggregatedScore[] {
  const trimMin = options.trimMinExperts === undefined ? 7 : options.trimMinExperts;
  const w = options.weights ?? { technical: 10_000, commercial: 10_000 };
  const byBidder = new Map<string, ExpertScore[]>();
  for (const s of scores) byBidder.set(s.bidderId, [...(byBidder.get(s.bidderId) ?? []), s]);
  const out: AggregatedScore[] = [];
  for (const [bidderId, list] of byBidder) {
    let kept = list;
    const dropped: string[] = [];
    if (trimMin !== null && list.length >= trimMin && list.length >= 3) {
      const weighted = (s: ExpertScore) => s.technical * w.technical + s.commercial * w.commercial;
      const sorted = [...list].sort((a, b) => weighted(a) - weighted(b) || (a.expertId < b.expertId ? -1 : 1));
      const low = sorted[0] as ExpertScore;
      const high = sorted[sorted.length - 1] as ExpertScore;
      dropped.push(high.expertId, low.expertId);
      kept = list.filter((s) => s !== low && s !== high);
    }
    const n = BigInt(kept.length);
    const tech = kept.reduce((a, s) => a + BigInt(s.technical), 0n);
    const comm = kept.reduce((a, s) => a + BigInt(s.commercial), 0n);
    out.push({ bidderId, technical: Number(roundHalfUp(tech, n)), commercial: Number(roundHalfUp(comm, n)), droppedExpertIds: dropped });
  }
  return out;
}

/** Checks that every expert scored every valid bidder exactly once, within the maxima; throws RangeError. */
function assertCompleteScores(
  scores: readonly ExpertScore[],
  validIds: ReadonlySet<string>,
  max: { technical?: Hundredths; commercial?: Hundredths },
): string[] {
  const experts = [...new Set(scores.map((s) => s.expertId))].sort();
  if (experts.length === 0) throw new RangeError("no expert scores");
  const seen = new Set<string>();
  for (const s of scores) {
    if (!validIds.has(s.bidderId)) continue;
    const key = `${s.expertId}\u0000${s.bidderId}`;
    if (seen.has(key)) throw new RangeError(`expert ${s.expertId} scored bidder ${s.bidderId} twice`);
    seen.add(key);
    assertHundredths(s.technical, `technical score of ${s.expertId} for ${s.bidderId}`, max.technical);
    assertHundredths(s.commercial, `commercial score of ${s.expertId} for ${s.bidderId}`, max.commercial);
  }
  for (const e of experts) {
    for (const b of validIds) {
      if (!seen.has(`${e}\u0000${b}`)) throw new RangeError(`expert ${e} has not scored bidder ${b}`);
    }
  }
  return experts;
}

// ---------------------------------------------------------------------------------------------
// 综合评估法: full evaluation
// ---------------------------------------------------------------------------------------------

export interface ComprehensiveInput {
  bids: readonly Bid[];
  expertScores: readonly ExpertScore[];
  basePrice: BasePriceMethod;
  priceRule: PriceScoreRule;
  /** Component weights, basis points (default 10000 each: technical + commercial + price as given). */
  weights?: Weights;
  /** Drop highest and lowest expert when at least this many experts (default 7; null = never). */
  trimMinExperts?: number | null;
  outlierRule?: OutlierRule;
  /** Maximum technical / commercial score an expert may give (validation). */
  maxScores?: { technical?: Hundredths; commercial?: Hundredths };
  ceilingPriceFen?: number;
  maxCandidates?: number;
  finalTiebreak?: FinalTiebreak;
  /** Injected randomness for the K coefficient draw. */
  random?: () => number;
}

export interface ScoredBid {
  bidderId: string;
  bidPriceFen: number;
  technical: Hundredths;
  commercial: Hundredths;
  price: Hundredths;
  total: Hundredths;
  droppedExpertIds: string[];
  rank: number;
}

export interface ComprehensiveResult {
  basePrice: BasePrice;
  ranking: ScoredBid[];
  candidates: Array<Candidate & { total: Hundredths }>;
  rejected: RejectedBid[];
  outliers: OutlierFlag[];
  validBidCount: number;
  insufficientCompetition: boolean;
  unresolvedTies: string[][];
}

/**
 * 综合评估法: base price over the valid bids → price score per bid → expert means of the technical
 * and commercial scores (optionally trimmed) → weighted total → ranking → up to 3 candidates, plus
 * outlier flags on the expert scores.
 */
export function evaluateComprehensive(input: ComprehensiveInput): ComprehensiveResult {
  const { valid, rejected } = splitValid(input.bids, input.ceilingPriceFen);
  if (valid.length === 0) throw new RangeError("no valid bids to evaluate");
  const weights = input.weights ?? { technical: 10_000, commercial: 10_000, price: 10_000 };
  assertBasisPoints(weights.technical, "weights.technical");
  assertBasisPoints(weights.commercial, "weights.commercial");
  assertBasisPoints(weights.price, "weights.price");
  const validIds = new Set(valid.map((b) => b.bidderId));
  assertCompleteScores(input.expertScores, validIds, input.maxScores ?? {});
  const scores = input.expertScores.filter((s) => validIds.has(s.bidderId));

  const basePrice = computeBasePrice(valid, input.basePrice, input.random);
  const aggregated = new Map(aggregateExpertScores(scores, { trimMinExperts: input.trimMinExperts, weights }).map((a) => [a.bidderId, a]));
  const outliers = flagOutliers(scores, weights, input.outlierRule);

  const scored = valid.map((b) => {
    const agg = aggregated.get(b.bidderId) as AggregatedScore;
    const price = priceScore(b.bidPriceFen, basePrice.basePriceFen, input.priceRule);
    const weightedSum =
      BigInt(agg.technical) * BigInt(weights.technical) + BigInt(agg.commercial) * BigInt(weights.commercial) + BigInt(price) * BigInt(weights.price);
    const total = Number(roundHalfUp(weightedSum, 10_000n));
    return { ...b, technical: agg.technical, commercial: agg.commercial, price, total, droppedExpertIds: agg.droppedExpertIds };
  });
  const { order, unresolvedTies } = rankWithTiebreak(
    scored,
    (a, b) => b.total - a.total || a.bidPriceFen - b.bidPriceFen || b.technical - a.technical,
    input.finalTiebreak ?? { kind: "earliestSubmission" },
  );
  const ranking: ScoredBid[] = order.map((b, i) => ({
    bidderId: b.bidderId,
    bidPriceFen: b.bidPriceFen,
    technical: b.technical,
    commercial: b.commercial,
    price: b.price,
    total: b.total,
    droppedExpertIds: b.droppedExpertIds,
    rank: i + 1,
  }));
  const candidates = candidatesOf(order, input.maxCandidates ?? MAX_CANDIDATES).map((c) => ({ ...c, total: (ranking[c.order - 1] as ScoredBid).total }));
  return {
    basePrice,
    ranking,
    candidates,
    rejected,
    outliers,
    validBidCount: valid.length,
    insufficientCompetition: valid.length < 3,
    unresolvedTies,
  };
}
