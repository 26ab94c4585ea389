/** Times are shown in Beijing time, the platform's legal time, as "2026-03-02 10:00:00" in either language. */
const parts = { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" } as const;
const dateTime = new Intl.DateTimeFormat("sv-SE", { ...parts, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
const date = new Intl.DateTimeFormat("sv-SE", parts);

export const formatDateTime = (iso: string | Date) => dateTime.format(new Date(iso));
export const formatDate = (iso: string | Date) => date.format(new Date(iso));
