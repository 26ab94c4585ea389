/**
 * Seed rows for the holiday calendar, taken from the `chinese-days` package.
 *
 * We read the package's published data file `chinese-days/dist/chinese-days.json`
 * (documented in its README: `{ holidays, workdays, inLieuDays }`, each a map
 * `"YYYY-MM-DD" → "English name,中文名,法定天数"`) rather than its functions
 * (getHolidaysInRange / getDayDetail …): those build their tables at import time by
 * parsing dates as UTC and reading them back in local time, so on a machine west
 * of UTC every date is shifted by one day. The JSON is the same data, prebuilt.
 *
 * - `holidays`: official non-working days (法定节假日 and the weekend days bridged
 *   into them); ordinary weekends are not listed.
 * - `workdays`: 调休 make-up working days (always a Saturday or Sunday).
 * - `inLieuDays` (weekdays off that are paid back by a make-up day) is a subset of
 *   `holidays` and not needed here.
 */
import { createRequire } from "node:module";
import { type CivilDate, dayOfWeek } from "./working-days.ts";

export interface CalendarSeedRow {
  date: CivilDate;
  kind: "holiday" | "workday";
  /** Chinese name of the holiday the day belongs to, e.g. 春节, 国庆节, 中秋. */
  name: string;
}

type DayMap = Record<string, string>;

const data = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as {
  holidays: DayMap;
  workdays: DayMap;
};

const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));

/** Years for which the installed `chinese-days` has holiday data (inclusive). */
export const CHINESE_DAYS_YEARS = { from: Math.min(...years), to: Math.max(...years) } as const;

/** `"Spring Festival,春节,4"` → `"春节"` (the second-to-last field). */
function chineseName(description: string): string {
  const parts = description.split(",");
  const name = parts[parts.length - 2]?.trim();
  if (!name) throw new Error(`unexpected chinese-days description ${JSON.stringify(description)}`);
  return name;
}

/**
 * Official holidays and 调休 make-up workdays in `fromYear..toYear` (inclusive),
 * sorted by date. Years outside {@link CHINESE_DAYS_YEARS} simply yield no rows.
 */
export function calendarSeed(fromYear: number, toYear: number): CalendarSeedRow[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(`invalid year range ${fromYear}..${toYear}`);
  }
  const inRange = (d: string) => {
    const y = Number(d.slice(0, 4));
    return y >= fromYear && y <= toYear;
  };
  const rows: CalendarSeedRow[] = [];
  for (const [date, description] of Object.entries(data.holidays)) {
    if (inRange(date)) rows.push({ date, kind: "holiday", name: chineseName(description) });
  }
  for (const [date, description] of Object.entries(data.workdays)) {
    const dow = dayOfWeek(date);
    if (inRange(date) && (dow === 0 || dow === 6) && !(date in data.holidays)) {
      rows.push({ date, kind: "workday", name: chineseName(description) });
    }
  }
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
