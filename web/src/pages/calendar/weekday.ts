import type { Lang } from "../../i18n.ts";

const NAMES: Record<Lang, string[]> = {
  zh: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
  en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
};

/** The weekday of a civil date (YYYY-MM-DD), independent of the browser's time zone. */
export function weekdayOf(day: string, lang: Lang): string {
  return NAMES[lang][new Date(`${day}T00:00:00Z`).getUTCDay()] ?? "";
}
