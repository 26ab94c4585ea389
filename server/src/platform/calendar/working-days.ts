/**
 * Statutory time limits on the official Chinese holiday calendar. Pure, no I/O.
 *
 * Dates are civil dates in Asia/Shanghai written `"YYYY-MM-DD"`. All arithmetic
 * is done on a day number (days since 1970-01-01) derived from the written date,
 * so nothing depends on the machine's timezone.
 *
 * Counting rules (《中华人民共和国民法典》第一编第十章「期间计算」):
 * - 第201条: 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
 *   Every count here therefore covers the half-open interval (start, end]:
 *   the start day is never counted, the end day is.
 * - 第203条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
 *   期间的最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间。
 *   Only {@link WorkingCalendar.periodEnd} applies this extension; see there.
 *
 * 法定休假日 is taken as every non-working day: Saturdays and Sundays, plus the
 * official holidays (法定节假日 and the weekend days bridged into them), minus the
 * 调休 make-up working days that fall on a weekend.
 */

/** A civil date in Asia/Shanghai, `"YYYY-MM-DD"`. */
export type CivilDate = string;

export type PeriodUnit = "day" | "workday";

export interface CalendarData {
  /** Official non-working days (法定节假日, incl. weekend days bridged into a holiday). */
  holidays: ReadonlySet<CivilDate>;
  /** 调休: weekend days that are official working days. */
  workdays: ReadonlySet<CivilDate>;
}

const DAY_MS = 86_400_000;
/** China Standard Time, UTC+08:00 (no DST since 1991). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a civil date; RangeError if malformed or nonexistent. */
function toDayNumber(d: CivilDate): number {
  const m = typeof d === "string" ? CIVIL_DATE.exec(d) : null;
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(0);
    t.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, no 19xx mapping for years < 100
    if (t.getUTCFullYear() === year && t.getUTCMonth() === month - 1 && t.getUTCDate() === day) {
      return t.getTime() / DAY_MS;
    }
  }
  throw new RangeError(`invalid civil date ${JSON.stringify(d)}; expected an existing YYYY-MM-DD`);
}

function fromDayNumber(n: number): CivilDate {
  const t = new Date(n * DAY_MS);
  const year = t.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`date out of range (day ${n})`);
  const pad = (v: number, w: number) => String(v).padStart(w, "0");
  return `${pad(year, 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}`;
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be an integer ≥ 0, got ${n}`);
}

/** True if `d` is an existing date written `YYYY-MM-DD`. */
export function isCivilDate(d: unknown): d is CivilDate {
  try {
    toDayNumber(d as string);
    return true;
  } catch {
    return false;
  }
}

/** Returns `d` unchanged, or throws RangeError if it is not an existing `YYYY-MM-DD` date. */
export function assertCivilDate(d: CivilDate): CivilDate {
  toDayNumber(d);
  return d;
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: CivilDate): number {
  return (((toDayNumber(d) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export class WorkingCalendar {
  readonly #holidays: ReadonlySet<CivilDate>;
  readonly #workdays: ReadonlySet<CivilDate>;

  /**
   * Takes a snapshot of `data`. Throws RangeError if any entry is not a valid date
   * or a date is listed both as holiday and as workday (the caller must resolve
   * such conflicts, e.g. operator overrides over seed rows, before building).
   */
  constructor(data: CalendarData) {
    for (const d of data.holidays) assertCivilDate(d);
    for (const d of data.workdays) {
      assertCivilDate(d);
      if (data.holidays.has(d)) throw new RangeError(`${d} is listed both as holiday and as workday`);
    }
    this.#holidays = new Set(data.holidays);
    this.#workdays = new Set(data.workdays);
  }

  /** Mon–Fri and not an official holiday, or an official 调休 make-up workday. */
  isWorkingDay(d: CivilDate): boolean {
    if (this.#workdays.has(d)) return true;
    const dow = dayOfWeek(d);
    return dow >= 1 && dow <= 5 && !this.#holidays.has(d);
  }

  /** `d` shifted by `n` calendar days (n may be negative). */
  addCalendarDays(d: CivilDate, n: number): CivilDate {
    if (!Number.isSafeInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
    return fromDayNumber(toDayNumber(d) + n);
  }

  /** The first working day strictly after `d` (= `addWorkingDays(d, 1)`). */
  nextWorkingDay(d: CivilDate): CivilDate {
    let n = toDayNumber(d);
    for (;;) {
      const next = fromDayNumber(++n);
      if (this.isWorkingDay(next)) return next;
    }
  }

  /**
   * The n-th working day strictly after `d` (第201条: 开始的当日不计入), n ≥ 0.
   * n = 0 returns `d` itself if it is a working day, otherwise the next working day.
   * For n ≥ 1 the result is the smallest `e` with `workingDaysBetween(d, e) === n`.
   */
  addWorkingDays(d: CivilDate, n: number): CivilDate {
    assertCount(n, "n");
    let cur = assertCivilDate(d);
    if (n === 0) return this.isWorkingDay(cur) ? cur : this.nextWorkingDay(cur);
    for (let i = 0; i < n; i++) cur = this.nextWorkingDay(cur);
    return cur;
  }

  /**
   * Signed number of calendar days from `from` to `to` = the number of days in
   * (from, to] (第201条). 0 when equal, negative when `to` is before `from`.
   */
  calendarDaysBetween(from: CivilDate, to: CivilDate): number {
    return toDayNumber(to) - toDayNumber(from);
  }

  /**
   * Number of working days in (from, to]: after `from`, up to and including `to`
   * (第201条: the start day is not counted). 0 when `from === to`. Antisymmetric:
   * when `to` is before `from` the result is `-workingDaysBetween(to, from)`.
   */
  workingDaysBetween(from: CivilDate, to: CivilDate): number {
    const a = toDayNumber(from);
    const b = toDayNumber(to);
    if (b < a) return 0 - this.workingDaysBetween(to, from); // 0 - x: never -0
    let count = 0;
    for (let n = a + 1; n <= b; n++) if (this.isWorkingDay(fromDayNumber(n))) count++;
    return count;
  }

  /**
   * Last day of a period of `n` days / working days counted from the day after
   * `start` (第201条), i.e. the deadline by which an act must be done; it ends at
   * 24:00 of that day (第203条第2款, see {@link endOfCivilDay}).
   *
   * - unit "day": `addCalendarDays(start, n)`; if that day is a non-working day
   *   (法定休假日: weekend or official holiday, but not a 调休 workday), the period
   *   ends on the next working day instead (第203条第1款).
   * - unit "workday": `addWorkingDays(start, n)`, which for n ≥ 1 is a working day
   *   already, so no extension applies.
   *
   * Use this for deadlines (e.g. 异议/投诉期限), not for minimum spans: see {@link isAtLeast}.
   */
  periodEnd(start: CivilDate, n: number, unit: PeriodUnit): CivilDate {
    assertCount(n, "n");
    if (unit === "workday") return this.addWorkingDays(start, n);
    const last = this.addCalendarDays(start, n);
    return this.isWorkingDay(last) ? last : this.nextWorkingDay(last);
  }

  /**
   * Is the span from `start` to `end` at least `n` days / working days? Counts
   * (start, end] (第201条: the start day is not counted, the end day is), so
   * "自招标文件发出之日起至投标截止之日止，最短不得少于二十日" with start 2026-03-01
   * accepts end 2026-03-21 (20 days) and refuses 2026-03-20 (19 days).
   *
   * Equivalently: `isAtLeast(s, e, n, "day")` ⇔ `e ≥ addCalendarDays(s, n)`, and for
   * n ≥ 1 `isAtLeast(s, e, n, "workday")` ⇔ `e ≥ addWorkingDays(s, n)`.
   * No 第203条 extension here: a minimum span is measured, not a deadline extended.
   */
  isAtLeast(start: CivilDate, end: CivilDate, n: number, unit: PeriodUnit): boolean {
    assertCount(n, "n");
    const span = unit === "day" ? this.calendarDaysBetween(start, end) : this.workingDaysBetween(start, end);
    return span >= n;
  }
}

/**
 * The civil date of `instant` in `timeZone`. For Asia/Shanghai a fixed +08:00
 * offset is used (China has had no DST since 1991); other zones go through Intl.
 */
export function toCivilDate(instant: Date, timeZone = "Asia/Shanghai"): CivilDate {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError("invalid Date");
  if (timeZone === "Asia/Shanghai") return fromDayNumber(Math.floor((t + BEIJING_OFFSET_MS) / DAY_MS));
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return assertCivilDate(`${get("year").padStart(4, "0")}-${get("month")}-${get("day")}`);
}

/** The instant of 00:00:00.000 Beijing time on `d`. */
export function startOfCivilDay(d: CivilDate): Date {
  return new Date(toDayNumber(d) * DAY_MS - BEIJING_OFFSET_MS);
}

/** The last millisecond of `d` in Beijing time, 23:59:59.999 (第203条: 截止时间为二十四时). */
export function endOfCivilDay(d: CivilDate): Date {
  return new Date((toDayNumber(d) + 1) * DAY_MS - BEIJING_OFFSET_MS - 1);
}

/** An instant as Beijing wall-clock time to the minute, "YYYY-MM-DD HH:mm", for messages people read. */
export function beijingMinute(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}
