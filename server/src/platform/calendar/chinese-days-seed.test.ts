import { afterAll, describe, expect, it } from "vitest";
import { CHINESE_DAYS_YEARS, calendarSeed } from "./chinese-days-seed.ts";
import { dayOfWeek, WorkingCalendar } from "./working-days.ts";

const rows2025 = calendarSeed(2025, 2025);
const byDate = (rows: ReturnType<typeof calendarSeed>, from: string, to: string) => rows.filter((r) => r.date >= from && r.date <= to);

describe("calendarSeed", () => {
  it("covers 2004..2026 in the installed chinese-days", () => {
    expect(CHINESE_DAYS_YEARS).toEqual({ from: 2004, to: 2026 });
    expect(calendarSeed(2027, 2030)).toEqual([]);
    expect(calendarSeed(2000, 2003)).toEqual([]);
  });

  it("2025 国庆/中秋: 10-01..10-08 off, 09-28 and 10-11 make-up workdays", () => {
    expect(byDate(rows2025, "2025-09-20", "2025-10-20")).toEqual([
      { date: "2025-09-28", kind: "workday", name: "国庆节" },
      { date: "2025-10-01", kind: "holiday", name: "国庆节" },
      { date: "2025-10-02", kind: "holiday", name: "国庆节" },
      { date: "2025-10-03", kind: "holiday", name: "国庆节" },
      { date: "2025-10-04", kind: "holiday", name: "国庆节" },
      { date: "2025-10-05", kind: "holiday", name: "国庆节" },
      { date: "2025-10-06", kind: "holiday", name: "中秋" },
      { date: "2025-10-07", kind: "holiday", name: "国庆节" },
      { date: "2025-10-08", kind: "holiday", name: "国庆节" },
      { date: "2025-10-11", kind: "workday", name: "国庆节" },
    ]);
  });

  it("2026 春节: 02-15..02-23 off, Sat 02-14 and Sat 02-28 make-up workdays", () => {
    const rows = byDate(calendarSeed(2026, 2026), "2026-02-01", "2026-03-31");
    expect(rows.filter((r) => r.kind === "holiday").map((r) => r.date)).toEqual([
      "2026-02-15",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-02-21",
      "2026-02-22",
      "2026-02-23",
    ]);
    expect(rows.filter((r) => r.kind === "workday").map((r) => r.date)).toEqual(["2026-02-14", "2026-02-28"]);
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(["春节"]));
  });

  it("2025 totals: 28 official days off (元旦1 春节8 清明3 劳动5 端午3 国庆中秋8), 5 make-up days", () => {
    expect(rows2025.filter((r) => r.kind === "holiday")).toHaveLength(28);
    expect(rows2025.filter((r) => r.kind === "workday").map((r) => r.date)).toEqual(["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]);
    expect(rows2025.some((r) => r.date === "2025-10-18")).toBe(false); // ordinary Saturday
  });

  it("is sorted, unique, within the range; workdays are weekends only", () => {
    const all = calendarSeed(2004, 2026);
    const dates = all.map((r) => r.date);
    expect(dates).toEqual([...new Set(dates)].sort());
    for (const r of all.filter((r) => r.kind === "workday")) expect([0, 6]).toContain(dayOfWeek(r.date));
    expect(new Set(all.map((r) => r.name))).toEqual(
      new Set(["元旦", "春节", "清明", "劳动节", "端午", "中秋", "国庆节", "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"]),
    );
    expect(calendarSeed(2020, 2021).every((r) => r.date >= "2020-01-01" && r.date <= "2021-12-31")).toBe(true);
    expect(() => calendarSeed(2026, 2025)).toThrow(RangeError);
    expect(() => calendarSeed(2025.5, 2026)).toThrow(RangeError);
  });

  describe("agrees with chinese-days' own isWorkday for every day 2004..2026", () => {
    // The package's function API is only correct in zones at or east of UTC (it
    // builds its tables with a UTC/local mix at import time), so load it in Beijing time.
    const savedTz = process.env.TZ;
    afterAll(() => {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    });

    it("matches", async () => {
      process.env.TZ = "Asia/Shanghai";
      const cd = (await import("chinese-days")).default;
      const seed = calendarSeed(2004, 2026);
      const cal = new WorkingCalendar({
        holidays: new Set(seed.filter((r) => r.kind === "holiday").map((r) => r.date)),
        workdays: new Set(seed.filter((r) => r.kind === "workday").map((r) => r.date)),
      });
      let mismatches = 0;
      for (let d = "2004-01-01"; d <= "2026-12-31"; d = cal.addCalendarDays(d, 1)) {
        const [y, m, day] = d.split("-").map(Number) as [number, number, number];
        if (cal.isWorkingDay(d) !== cd.isWorkday(new Date(y, m - 1, day))) mismatches++;
      }
      expect(mismatches).toBe(0);
    });
  });
});
