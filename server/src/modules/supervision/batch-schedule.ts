/**
 * When the nightly supervision batch runs: once per Beijing night at a wall-clock time (default 02:00
 * Asia/Shanghai, GGZY_BATCH_AT=HH:MM). Pure: China keeps UTC+8 all year (no daylight saving).
 */
import { type CivilDate, toCivilDate } from "../../platform/calendar/working-days.ts";

export interface BatchTime {
  hour: number;
  minute: number;
}

export const DEFAULT_BATCH_AT: BatchTime = Object.freeze({ hour: 2, minute: 0 });

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** "HH:MM" (24-hour, Beijing time) → {@link BatchTime}; undefined or empty → 02:00; anything else throws. */
export function parseBatchAt(text: string | undefined): BatchTime {
  if (text === undefined || text.trim() === "") return DEFAULT_BATCH_AT;
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) throw new Error(`GGZY_BATCH_AT must be HH:MM (Beijing time), got "${text}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The first instant strictly after `now` at which the Beijing wall clock reads `at`. */
export function nextBatchRun(now: Date, at: BatchTime = DEFAULT_BATCH_AT): Date {
  const beijing = now.getTime() + BEIJING_OFFSET_MS;
  const dayStart = Math.floor(beijing / DAY_MS) * DAY_MS; // Beijing midnight, in "Beijing epoch" ms
  let candidate = dayStart + (at.hour * 60 + at.minute) * 60_000 - BEIJING_OFFSET_MS;
  if (candidate <= now.getTime()) candidate += DAY_MS;
  return new Date(candidate);
}

/** The night a run belongs to: the Beijing civil date of the instant it was scheduled for. */
export function batchNight(instant: Date): CivilDate {
  return toCivilDate(instant, "Asia/Shanghai");
}
