/**
 * 统计分析: the pure arithmetic of the statistics module. The database groups the rows (one cell per
 * platform × department × category × Beijing month); these functions add cells up and derive the
 * ratios in integer arithmetic, so 节支率 and averages never depend on binary floating point.
 */

/** 节支率 is reported as a ratio rounded (half away from zero) to this many decimal places (0.01 percentage points). */
export const SAVING_RATE_DECIMALS = 4;
/** Average bidders per section: two decimal places. */
export const AVERAGE_DECIMALS = 2;

/** num / den rounded half away from zero, in integers. `den` must be positive. */
export function roundDiv(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError("roundDiv: the denominator must be positive");
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = (abs * 2n + den) / (2n * den);
  return negative ? -q : q;
}

/** A fixed-point integer `scaled` with `decimals` places as a JSON number (e.g. 1234n, 4 → 0.1234). */
function fixed(scaled: bigint, decimals: number): number {
  return Number(scaled) / 10 ** decimals;
}

/**
 * 节支率 = (budget − deal) / budget, rounded to {@link SAVING_RATE_DECIMALS} places; null without a
 * budget (no awarded section with a budget, or budgets that add up to nothing). Negative when the deal
 * exceeds the budget.
 */
export function savingRate(budgetFen: bigint, dealFen: bigint): number | null {
  if (budgetFen <= 0n) return null;
  const scale = 10n ** BigInt(SAVING_RATE_DECIMALS);
  return fixed(roundDiv((budgetFen - dealFen) * scale, budgetFen), SAVING_RATE_DECIMALS);
}

/** total / count rounded to {@link AVERAGE_DECIMALS} places; null when nothing was counted. */
export function average(total: bigint, count: bigint): number | null {
  if (count <= 0n) return null;
  const scale = 10n ** BigInt(AVERAGE_DECIMALS);
  return fixed(roundDiv(total * scale, count), AVERAGE_DECIMALS);
}

/** An amount in 分 as a JSON number; refuses one beyond 2^53 分 (≈ 90 万亿元) rather than round it. */
export function fenNumber(fen: bigint): number {
  if (fen > BigInt(Number.MAX_SAFE_INTEGER) || fen < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount ${fen} 分 exceeds the safe integer range`);
  return Number(fen);
}

/** A sum as the database renders it (numeric as text, or null for no rows) → BigInt. */
export function bigOf(value: string | number | bigint | null | undefined): bigint {
  if (value === null || value === undefined || value === "") return 0n;
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new RangeError(`not an integer: ${value}`);
  return BigInt(value);
}

// ---------------------------------------------------------------------------------------------
// Cells and their sums
// ---------------------------------------------------------------------------------------------

/** Where and when a figure belongs: the finest grouping the database returns. */
export interface CellKey {
  platformCode: string;
  departmentCode: string;
  /** First character of the 标段(包)分类代码: A 工程, B 货物, C 服务, D 产权, E 土地. */
  category: string;
  /** "YYYY-MM", Beijing time, of the event the figure counts. */
  month: string;
}

/** Additive figures. Each is counted in the month of its own event (see the service). */
export interface Totals {
  /** Sections whose notice was published. */
  published: bigint;
  /** Sections awarded (中标/成交). */
  awarded: bigint;
  /** Budget (估算价) of the awarded sections that have one. */
  budgetFen: bigint;
  /** Deal amount (中标价) of every awarded section. */
  dealFen: bigint;
  /** Deal amount of the awarded sections that have a budget: the other side of 节支. */
  budgetedDealFen: bigint;
  /** Sections whose opening closed. */
  opened: bigint;
  /** Bidders with a bid at those openings (not withdrawn or replaced). */
  bidders: bigint;
  alerts: bigint;
  complaints: bigint;
}

export type Cell = CellKey & Partial<Totals>;

export const zeroTotals = (): Totals => ({
  published: 0n,
  awarded: 0n,
  budgetFen: 0n,
  dealFen: 0n,
  budgetedDealFen: 0n,
  opened: 0n,
  bidders: 0n,
  alerts: 0n,
  complaints: 0n,
});

const TOTAL_KEYS = Object.keys(zeroTotals()) as (keyof Totals)[];

export function addInto(into: Totals, cell: Partial<Totals>): Totals {
  for (const k of TOTAL_KEYS) into[k] += cell[k] ?? 0n;
  return into;
}

/** Sums the cells by a key (month, category, region, department…); keys in first-seen order. */
export function rollup<K extends string>(cells: readonly Cell[], keyOf: (c: Cell) => K): Map<K, Totals> {
  const out = new Map<K, Totals>();
  for (const c of cells) {
    const key = keyOf(c);
    let t = out.get(key);
    if (!t) {
      t = zeroTotals();
      out.set(key, t);
    }
    addInto(t, c);
  }
  return out;
}

export function sumAll(cells: readonly Cell[]): Totals {
  const t = zeroTotals();
  for (const c of cells) addInto(t, c);
  return t;
}

/** The figures as reported: money in integer 分, 节支率 and average bidders as fixed-precision ratios. */
export interface Metrics {
  published: number;
  awarded: number;
  budgetFen: number;
  dealFen: number;
  /** budget − deal over the awarded sections that have a budget. */
  savingFen: number;
  /** savingFen / budgetFen, {@link SAVING_RATE_DECIMALS} places; null without a budget. */
  savingRate: number | null;
  opened: number;
  bidders: number;
  /** bidders / opened, {@link AVERAGE_DECIMALS} places; null without an opening. */
  avgBidders: number | null;
  alerts: number;
  complaints: number;
}

export function metricsOf(t: Totals): Metrics {
  const count = (n: bigint) => fenNumber(n);
  return {
    published: count(t.published),
    awarded: count(t.awarded),
    budgetFen: fenNumber(t.budgetFen),
    dealFen: fenNumber(t.dealFen),
    savingFen: fenNumber(t.budgetFen - t.budgetedDealFen),
    savingRate: savingRate(t.budgetFen, t.budgetedDealFen),
    opened: count(t.opened),
    bidders: count(t.bidders),
    avgBidders: average(t.bidders, t.opened),
    alerts: count(t.alerts),
    complaints: count(t.complaints),
  };
}

// ---------------------------------------------------------------------------------------------
// Periods (Beijing civil dates)
// ---------------------------------------------------------------------------------------------

const CIVIL = /^(\d{4})-(\d{2})-(\d{2})$/;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export interface Period {
  /** First civil day, inclusive ("YYYY-MM-DD", Beijing). */
  from: string;
  /** Last civil day, inclusive. */
  to: string;
  /** 00:00 Beijing on `from`. */
  start: Date;
  /** 00:00 Beijing on the day after `to` (exclusive). */
  end: Date;
  /** Every "YYYY-MM" the period touches, in order. */
  months: string[];
}

export type PeriodError = "BAD_DATE" | "INCOMPLETE_RANGE" | "BOTH_YEAR_AND_RANGE" | "REVERSED" | "TOO_LONG";

/** At most ten years of months in one report. */
export const MAX_MONTHS = 120;

function civilUtcMs(d: string): number | undefined {
  const m = CIVIL.exec(d);
  if (!m) return undefined;
  const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, da);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== da) return undefined;
  return ms;
}

/** The Beijing civil year of an instant. */
export function beijingYear(instant: Date): number {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
}

/** "YYYY-MM" (Beijing) of an instant. */
export function beijingMonth(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 7);
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;
    out.push(key);
    if (key >= last) return out;
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
}

/**
 * The reporting period: a civil year, or a range of civil days (both ends inclusive), in Beijing
 * time; the current Beijing year when neither is given.
 */
export function periodOf(input: { year?: number; from?: string; to?: string }, now: Date): { ok: true; period: Period } | { ok: false; error: PeriodError } {
  const hasRange = input.from !== undefined || input.to !== undefined;
  if (input.year !== undefined && hasRange) return { ok: false, error: "BOTH_YEAR_AND_RANGE" };
  let from: string;
  let to: string;
  if (hasRange) {
    if (input.from === undefined || input.to === undefined) return { ok: false, error: "INCOMPLETE_RANGE" };
    from = input.from;
    to = input.to;
  } else {
    const year = String(input.year ?? beijingYear(now)).padStart(4, "0");
    from = `${year}-01-01`;
    to = `${year}-12-31`;
  }
  const fromMs = civilUtcMs(from);
  const toMs = civilUtcMs(to);
  if (fromMs === undefined || toMs === undefined) return { ok: false, error: "BAD_DATE" };
  if (fromMs > toMs) return { ok: false, error: "REVERSED" };
  const months = monthsBetween(from, to);
  if (months.length > MAX_MONTHS) return { ok: false, error: "TOO_LONG" };
  return {
    ok: true,
    period: { from, to, start: new Date(fromMs - BEIJING_OFFSET_MS), end: new Date(toMs + 86_400_000 - BEIJING_OFFSET_MS), months },
  };
}
