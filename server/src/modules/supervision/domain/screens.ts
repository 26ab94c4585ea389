/**
 * Statistical bid-rigging screens (围标串标统计筛查) over the valid bids of one tender, exactly as
 * defined in the reference note collusion-screens.md (Imhof 2017; Huber & Imhof 2019;
 * Wallimann, Imhof & Huber 2023 for the 3-/4-bid subset versions).
 *
 * Notation: n valid bids sorted b1 <= … <= bn (b1 wins), m = mean, s = sample sd (ddof 1), d12 = b2 − b1.
 *
 * | screen | formula                                                   | defined when              |
 * |--------|-----------------------------------------------------------|---------------------------|
 * | cv     | s / m                                                     | n >= 2                    |
 * | spd    | (bn − b1) / b1                                            | n >= 2                    |
 * | diffp  | d12 / b1                                                  | n >= 2                    |
 * | rd     | d12 / sd(b2..bn)                                          | n >= 3, bn > b2           |
 * | rdnor  | d12 / ((bn − b1)/(n − 1))                                 | n >= 2, bn > b1           |
 * | rdalt  | d12 / mean(b(i+1) − b(i), i = 2..n−1) = d12 (n−2)/(bn−b2) | n >= 3, bn > b2           |
 * | skew   | n/((n−1)(n−2)) Σ((bi − m)/s)^3                            | n >= 3, s > 0             |
 * | kurt   | n(n+1)/((n−1)(n−2)(n−3)) Σ((bi−m)/s)^4 − 3(n−1)²/((n−2)(n−3)) | n >= 4, s > 0         |
 * | kstest | KS D of ui = (bi − b1)/(bn − b1) against U(0,1)           | n >= 2, bn > b1           |
 *
 * (rdnor is 1 by construction when n = 2; the risk model ignores every statistical screen below 3 bids.)
 * An undefined screen is absent from the result: never NaN, never Infinity.
 *
 * Subset versions: every screen on every 3-bid and 4-bid subset of the tender (all C(n,k) subsets when
 * n <= 12, else a deterministic sample of 220 distinct subsets seeded from the tender id), summarised
 * over the subsets where it is defined by mean, median, min and max: `cv_sub3_mean`, `rd_sub4_max`, …
 * (`kurt_sub3_*` never exists: kurtosis needs 4 bids).
 *
 * The hot path (the CLI screens ~10^6 bids) works on typed arrays with preallocated scratch space:
 * `Screener.run` writes one row of numbers (NaN = undefined) in the fixed column order `SCREEN_KEYS`.
 */

export const BASE_SCREENS = ["cv", "spd", "diffp", "rd", "rdnor", "rdalt", "skew", "kurt", "kstest"] as const;
export type BaseScreen = (typeof BASE_SCREENS)[number];
export const SUBSET_SIZES = [3, 4] as const;
export type SubsetSize = (typeof SUBSET_SIZES)[number];
export const SUBSET_STATS = ["mean", "median", "min", "max"] as const;
export type SubsetStat = (typeof SUBSET_STATS)[number];
export type SubsetScreen = `${BaseScreen}_sub${SubsetSize}_${SubsetStat}`;
export type ScreenKey = BaseScreen | SubsetScreen;

/** All subsets are enumerated up to this many bids; above it they are sampled. */
export const ENUMERATE_SUBSETS_UP_TO = 12;
/** Subsets sampled per size when n > ENUMERATE_SUBSETS_UP_TO. */
export const SAMPLED_SUBSETS = 220;
/** Tolerance of the regular-steps test, as a fraction of the lowest bid (±0.1 % of b1). */
export const REGULAR_STEP_TOLERANCE = 0.001;

const NB = BASE_SCREENS.length;
const KURT = BASE_SCREENS.indexOf("kurt");

/** Base screens computed on k-subsets (kurtosis needs 4 bids, so it is skipped for 3-subsets). */
const subsetScreens = (k: SubsetSize): number[] => BASE_SCREENS.map((_, i) => i).filter((i) => k >= 4 || i !== KURT);
const SUB_SCREENS: Record<SubsetSize, number[]> = { 3: subsetScreens(3), 4: subsetScreens(4) };

/** Every numeric screen, in the fixed column order of the CSV output and of `Screener.run`'s row. */
export const SCREEN_KEYS: readonly ScreenKey[] = [
  ...BASE_SCREENS,
  ...SUBSET_SIZES.flatMap((k) => SUB_SCREENS[k].flatMap((i) => SUBSET_STATS.map((stat) => `${BASE_SCREENS[i]}_sub${k}_${stat}` as SubsetScreen))),
];
const SUB_OFFSET: Record<SubsetSize, number> = { 3: NB, 4: NB + SUB_SCREENS[3].length * SUBSET_STATS.length };

/** The screens of one tender. Numeric screens that are undefined for this tender are absent. */
export type Screens = Partial<Record<ScreenKey, number>> & {
  /** Pairs of different bidders that bid exactly the same amount (R028 identical bid prices). */
  identicalPrices: number;
  /** n >= 3 and the gaps between consecutive sorted bids are all equal within ±0.1 % of b1 (条例40 规律性差异). */
  regularSteps: boolean;
  /** Winning (lowest) bid / pre-tender estimate (PTE), when an estimate is given. */
  bidToEstimate?: number;
};

export interface ScreenOptions {
  /** Tender id: seeds the subset sample when n > 12. */
  id?: string;
  /** Bidder of each amount (same order). Without it every bid counts as a different bidder. */
  bidders?: ArrayLike<string | number>;
  /** Pre-tender estimate / 最高投标限价, same unit as the amounts. */
  estimate?: number;
}

/** 32-bit FNV-1a of a string (UTF-16 code units): the seed of the subset sample. */
export function seedOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small deterministic PRNG returning uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The nine base screens of `n` sorted values x[from..from+n−1], written to out[at..at+8]
 * (NaN where undefined). Deviations are taken from b1 first, so large integer amounts stay exact.
 */
function baseScreens(x: Float64Array, from: number, n: number, out: Float64Array, at: number): void {
  out.fill(Number.NaN, at, at + NB);
  if (n < 2) return;
  const b1 = x[from]!;
  const bn = x[from + n - 1]!;
  const range = bn - b1;
  const d12 = x[from + 1]! - b1;
  let sy = 0;
  for (let i = 1; i < n; i++) sy += x[from + i]! - b1;
  const my = sy / n;
  const mean = b1 + my;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[from + i]! - b1 - my;
    const dd = d * d;
    s2 += dd;
    s3 += dd * d;
    s4 += dd * dd;
  }
  const sd = Math.sqrt(s2 / (n - 1));
  if (mean > 0) out[at] = sd / mean; // cv
  if (b1 > 0) {
    out[at + 1] = range / b1; // spd
    out[at + 2] = d12 / b1; // diffp
  }
  if (range > 0) {
    out[at + 4] = (d12 * (n - 1)) / range; // rdnor
    // kstest: D = max_i max(i/n − u_i, u_i − (i−1)/n)
    let d = 0;
    for (let i = 0; i < n; i++) {
      const u = (x[from + i]! - b1) / range;
      const above = (i + 1) / n - u;
      const below = u - i / n;
      if (above > d) d = above;
      if (below > d) d = below;
    }
    out[at + 8] = d;
  }
  if (n < 3) return;
  const losingRange = bn - x[from + 1]!;
  if (losingRange > 0) {
    const ml = sy / (n - 1); // mean of (bi − b1) over the losing bids (b1 − b1 = 0 is left out)
    let sl = 0;
    for (let i = 1; i < n; i++) {
      const d = x[from + i]! - b1 - ml;
      sl += d * d;
    }
    const sdl = Math.sqrt(sl / (n - 2));
    if (sdl > 0) out[at + 3] = d12 / sdl; // rd
    out[at + 5] = (d12 * (n - 2)) / losingRange; // rdalt
  }
  if (range > 0 && sd > 0) {
    const sd2 = sd * sd;
    out[at + 6] = ((n / ((n - 1) * (n - 2))) * s3) / (sd2 * sd); // skew
    if (n >= 4) {
      out[at + 7] = ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * (s4 / (sd2 * sd2)) - (3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3)); // kurt
    }
  }
}

/** k-th smallest (0-based) of a[from..from+len−1], rearranging that range in place (Hoare quickselect). */
function select(a: Float64Array, from: number, len: number, k: number): number {
  let lo = from;
  let hi = from + len - 1;
  const target = from + k;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

function median(a: Float64Array, from: number, len: number): number {
  const half = len >> 1;
  const upper = select(a, from, len, half);
  if (len % 2 === 1) return upper;
  // after selecting `half`, a[from..from+half−1] holds the smaller values: the lower middle is their max
  let lower = a[from]!;
  for (let i = from + 1; i < from + half; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** Most subsets of one size: C(12, 4). */
const MAX_SUBSETS = 495;
const [CV, SPD, DIFFP, RD, RDNOR, RDALT, SKEW, KS] = [0, 1, 2, 3, 4, 5, 6, 8] as const;

/**
 * Computes screens with preallocated scratch space. Not reentrant; one instance per thread of work
 * (computations are synchronous, so a module-level instance is safe in Node). The 3- and 4-bid
 * subsets, which are most of the work, use the same formulas as `baseScreens` written out for k = 3, 4.
 */
export class Screener {
  /** Per base screen s: acc[s·495 …] holds the values of the current size's subsets where it is defined. */
  private readonly acc = new Float64Array(NB * MAX_SUBSETS);
  private readonly count = new Int32Array(NB);
  private readonly sum = new Float64Array(NB);
  private readonly seen = new Set<number>();
  private readonly picks = new Int32Array(4);

  /**
   * Screens of `n` values sorted ascending in x[0..n−1] (positive, finite), written in `SCREEN_KEYS`
   * order into `row` (length >= SCREEN_KEYS.length; NaN where undefined).
   */
  run(x: Float64Array, n: number, seed: number, row: Float64Array): void {
    baseScreens(x, 0, n, row, 0);
    for (const k of SUBSET_SIZES) this.subsets(x, n, k, seed, row);
  }

  private subsets(x: Float64Array, n: number, k: SubsetSize, seed: number, row: Float64Array): void {
    this.count.fill(0);
    this.sum.fill(0);
    if (n >= k && n <= ENUMERATE_SUBSETS_UP_TO) {
      if (k === 3) {
        for (let i = 0; i < n - 2; i++) {
          for (let j = i + 1; j < n - 1; j++) {
            for (let l = j + 1; l < n; l++) this.subset3(x[i]!, x[j]!, x[l]!);
          }
        }
      } else {
        for (let i = 0; i < n - 3; i++) {
          for (let j = i + 1; j < n - 2; j++) {
            for (let l = j + 1; l < n - 1; l++) {
              for (let m = l + 1; m < n; m++) this.subset4(x[i]!, x[j]!, x[l]!, x[m]!);
            }
          }
        }
      }
    } else if (n > ENUMERATE_SUBSETS_UP_TO) {
      this.sample(x, n, k, seed);
    }
    let at = SUB_OFFSET[k];
    const acc = this.acc;
    for (const s of SUB_SCREENS[k]) {
      const c = this.count[s]!;
      if (c === 0) {
        row.fill(Number.NaN, at, at + 4);
      } else {
        const from = s * MAX_SUBSETS;
        let min = acc[from]!;
        let max = min;
        for (let i = from + 1; i < from + c; i++) {
          const v = acc[i]!;
          if (v < min) min = v;
          else if (v > max) max = v;
        }
        row[at] = this.sum[s]! / c;
        row[at + 1] = median(acc, from, c);
        row[at + 2] = min;
        row[at + 3] = max;
      }
      at += 4;
    }
  }

  /** SAMPLED_SUBSETS distinct k-subsets drawn with a PRNG seeded from the tender id and k. */
  private sample(x: Float64Array, n: number, k: SubsetSize, seed: number): void {
    const random = mulberry32(seed ^ Math.imul(k, 0x9e3779b1));
    const seen = this.seen;
    const picks = this.picks;
    seen.clear();
    while (seen.size < SAMPLED_SUBSETS) {
      for (let p = 0; p < k; p++) {
        let v: number;
        let clash: boolean;
        do {
          v = Math.floor(random() * n);
          clash = false;
          for (let q = 0; q < p; q++) if (picks[q] === v) clash = true;
        } while (clash);
        // insertion into the sorted prefix
        let q = p;
        while (q > 0 && picks[q - 1]! > v) {
          picks[q] = picks[q - 1]!;
          q--;
        }
        picks[q] = v;
      }
      let key = 0;
      for (let p = 0; p < k; p++) key = key * n + picks[p]!;
      if (seen.has(key)) continue;
      seen.add(key);
      if (k === 3) this.subset3(x[picks[0]!]!, x[picks[1]!]!, x[picks[2]!]!);
      else this.subset4(x[picks[0]!]!, x[picks[1]!]!, x[picks[2]!]!, x[picks[3]!]!);
    }
  }

  private push(s: number, v: number): void {
    const c = this.count[s]!;
    this.acc[s * MAX_SUBSETS + c] = v;
    this.count[s] = c + 1;
    this.sum[s]! += v;
  }

  /** The base screens of the sorted subset a <= b <= c (baseScreens with n = 3). */
  private subset3(a: number, b: number, c: number): void {
    const yb = b - a;
    const range = c - a;
    const my = (yb + range) / 3;
    const d0 = -my;
    const d1 = yb - my;
    const d2 = range - my;
    const sd = Math.sqrt((d0 * d0 + d1 * d1 + d2 * d2) / 2);
    const mean = a + my;
    if (mean > 0) this.push(CV, sd / mean);
    if (a > 0) {
      this.push(SPD, range / a);
      this.push(DIFFP, yb / a);
    }
    if (range > 0) {
      this.push(RDNOR, (yb * 2) / range);
      const u = yb / range; // u = 0, yb/range, 1
      this.push(KS, Math.max(1 / 3, 2 / 3 - u, u - 1 / 3));
      const losingRange = c - b;
      if (losingRange > 0) {
        this.push(RD, yb / (losingRange / Math.SQRT2)); // sd of two values = |difference|/√2
        this.push(RDALT, yb / losingRange);
      }
      if (sd > 0) this.push(SKEW, ((3 / 2) * (d0 * d0 * d0 + d1 * d1 * d1 + d2 * d2 * d2)) / (sd * sd * sd));
    }
  }

  /** The base screens of the sorted subset a <= b <= c <= d (baseScreens with n = 4). */
  private subset4(a: number, b: number, c: number, d: number): void {
    const yb = b - a;
    const yc = c - a;
    const range = d - a;
    const sy = yb + yc + range;
    const my = sy / 4;
    const d0 = -my;
    const d1 = yb - my;
    const d2 = yc - my;
    const d3 = range - my;
    const q0 = d0 * d0;
    const q1 = d1 * d1;
    const q2 = d2 * d2;
    const q3 = d3 * d3;
    const sd = Math.sqrt((q0 + q1 + q2 + q3) / 3);
    const mean = a + my;
    if (mean > 0) this.push(CV, sd / mean);
    if (a > 0) {
      this.push(SPD, range / a);
      this.push(DIFFP, yb / a);
    }
    if (range > 0) {
      this.push(RDNOR, (yb * 3) / range);
      const u1 = yb / range;
      const u2 = yc / range; // u = 0, u1, u2, 1
      this.push(KS, Math.max(0.25, 0.5 - u1, u1 - 0.25, 0.75 - u2, u2 - 0.5));
      const losingRange = d - b;
      if (losingRange > 0) {
        const ml = sy / 3;
        const e1 = yb - ml;
        const e2 = yc - ml;
        const e3 = range - ml;
        const sdl = Math.sqrt((e1 * e1 + e2 * e2 + e3 * e3) / 2);
        if (sdl > 0) this.push(RD, yb / sdl);
        this.push(RDALT, (yb * 2) / losingRange);
      }
      if (sd > 0) {
        const sd2 = sd * sd;
        this.push(SKEW, ((4 / 6) * (q0 * d0 + q1 * d1 + q2 * d2 + q3 * d3)) / (sd2 * sd));
        this.push(KURT, (20 / 6) * ((q0 * q0 + q1 * q1 + q2 * q2 + q3 * q3) / (sd2 * sd2)) - 13.5);
      }
    }
  }
}

/** Pairs of different bidders that bid the same amount, from amounts sorted ascending with their bidders. */
export function identicalPricePairs(sorted: ArrayLike<number>, bidderOf: (i: number) => string | number, n: number): number {
  let pairs = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    if (j - i > 1) {
      const distinct = new Set<string | number>();
      for (let q = i; q < j; q++) distinct.add(bidderOf(q));
      pairs += (distinct.size * (distinct.size - 1)) / 2;
    }
    i = j;
  }
  return pairs;
}

/** Regular steps (条例第四十条 投标报价呈规律性差异): n >= 3, not all equal, all consecutive gaps equal within ±0.1 % of b1. */
export function hasRegularSteps(sorted: ArrayLike<number>, n: number, tolerance = REGULAR_STEP_TOLERANCE): boolean {
  if (n < 3) return false;
  const b1 = sorted[0]!;
  if (sorted[n - 1]! === b1) return false;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < n; i++) {
    const d = sorted[i]! - sorted[i - 1]!;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  return max - min <= tolerance * b1;
}

/** A row from `Screener.run` as a screens record (undefined screens left out). */
export function screensFromRow(row: Float64Array, extra: { identicalPrices: number; regularSteps: boolean; bidToEstimate?: number }): Screens {
  const screens: Screens = { identicalPrices: extra.identicalPrices, regularSteps: extra.regularSteps };
  for (let c = 0; c < SCREEN_KEYS.length; c++) {
    const v = row[c]!;
    if (Number.isFinite(v)) screens[SCREEN_KEYS[c]!] = v;
  }
  if (extra.bidToEstimate !== undefined && Number.isFinite(extra.bidToEstimate)) screens.bidToEstimate = extra.bidToEstimate;
  return screens;
}

const shared = new Screener();
let sortedScratch = new Float64Array(64);
const rowScratch = new Float64Array(SCREEN_KEYS.length);

/**
 * Every screen of one tender from its valid bid amounts (any order; positive finite numbers, e.g.
 * integer 分). Throws a RangeError on an empty list or a non-positive / non-finite amount.
 */
export function computeScreens(amounts: ArrayLike<number>, options: ScreenOptions = {}): { n: number; screens: Screens } {
  const n = amounts.length;
  if (n === 0) throw new RangeError("a tender needs at least one bid");
  if (sortedScratch.length < n) sortedScratch = new Float64Array(Math.max(n, sortedScratch.length * 2));
  const sorted = sortedScratch.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const v = amounts[i]!;
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`bid amount must be a positive finite number, got ${v}`);
    sorted[i] = v;
  }
  sorted.sort();
  shared.run(sorted, n, seedOf(options.id ?? ""), rowScratch);
  let identicalPrices = 0;
  if (hasTies(sorted, n)) {
    if (options.bidders) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => amounts[a]! - amounts[b]!);
      const bidders = options.bidders;
      identicalPrices = identicalPricePairs(sorted, (i) => bidders[order[i]!]!, n);
    } else {
      identicalPrices = identicalPricePairs(sorted, (i) => i, n);
    }
  }
  const estimate = options.estimate;
  const bidToEstimate = estimate !== undefined && estimate > 0 ? sorted[0]! / estimate : undefined;
  return { n, screens: screensFromRow(rowScratch, { identicalPrices, regularSteps: hasRegularSteps(sorted, n), bidToEstimate }) };
}

/** Whether a sorted list has two equal neighbours. */
export function hasTies(sorted: ArrayLike<number>, n: number): boolean {
  for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}
