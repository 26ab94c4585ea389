import dayjs, { type Dayjs } from "dayjs";
import { formatDateTime } from "./format.ts";

/**
 * Date-time pickers show Beijing wall-clock time whatever the PC's time zone: a picked value is read
 * as "YYYY-MM-DD HH:mm" in Beijing (UTC+8, no daylight saving) and sent as an ISO instant with +08:00.
 */
export const toBeijingIso = (value: Dayjs): string => `${value.format("YYYY-MM-DDTHH:mm:ss")}+08:00`;

/** The picker value showing `instant` (ms since epoch, or ISO) in Beijing wall-clock time. */
export const beijingPickerValue = (instant: number | string | Date): Dayjs => dayjs(formatDateTime(new Date(instant)));

/** "3 天 04:05:06" style countdown parts. */
export function countdownParts(ms: number): { days: number; clock: string } {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { days, clock: `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}` };
}
