import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarSeed } from "./chinese-days-seed.ts";
import { assertCivilDate, type CivilDate, dayOfWeek, endOfCivilDay, isCivilDate, startOfCivilDay, toCivilDate, WorkingCalendar } from "./working-days.ts";

const seed = calendarSeed(2024, 2027);
const cal = new WorkingCalendar({
  holidays: new Set(seed.filter((r) => r.kind === "holiday").map((r) => r.date)),
  workdays: new Set(seed.filter((r) => r.kind === "workday").map((r) => r.date)),
});

/** Any date in 2024-01-01 .. 2026-12-31 (the years with real holiday data above). */
const civilDate = fc.integer({ min: 0, max: 1095 }).map((i) => cal.addCalendarDays("2024-01-01", i));

describe("civil dates", () => {
  it("validates format and existence", () => {
    expect(isCivilDate("2024-02-29")).toBe(true);
    for (const bad of ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-3-1", "20260301", "", "2026-03-01T00:00"]) {
      expect(isCivilDate(bad)).toBe(false);
      expect(() => assertCivilDate(bad)).toThrow(RangeError);
    }
    expect(() => cal.isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => cal.addCalendarDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => cal.workingDaysBetween("2026-02-01", "2026-02-30")).toThrow(RangeError);
  });

  it("knows weekdays and crosses month/year/leap boundaries", () => {
    expect(dayOfWeek("2025-10-01")).toBe(3); // Wednesday
    expect(dayOfWeek("2026-03-01")).toBe(0); // Sunday
    expect(dayOfWeek("1970-01-01")).toBe(4);
    expect(dayOfWeek("1969-12-31")).toBe(3);
    expect(cal.addCalendarDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(cal.addCalendarDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(cal.addCalendarDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(cal.addCalendarDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(cal.addCalendarDays("0050-01-01", 1)).toBe("0050-01-02");
    expect(cal.calendarDaysBetween("2026-03-01", "2026-03-21")).toBe(20);
    expect(cal.calendarDaysBetween("2026-03-21", "2026-03-01")).toBe(-20);
  });

  it("converts instants with Beijing time (UTC+8), independent of the machine zone", () => {
    expect(toCivilDate(new Date("2025-09-30T15:59:59.999Z"))).toBe("2025-09-30");
    expect(toCivilDate(new Date("2025-09-30T16:00:00.000Z"))).toBe("2025-10-01");
    expect(toCivilDate(new Date("2025-10-01T03:00:00Z"), "America/New_York")).toBe("2025-09-30");
    expect(toCivilDate(new Date("2025-10-01T03:00:00Z"), "UTC")).toBe("2025-10-01");
    expect(startOfCivilDay("2025-10-01").toISOString()).toBe("2025-09-30T16:00:00.000Z");
    expect(endOfCivilDay("2025-10-01").toISOString()).toBe("2025-10-01T15:59:59.999Z");
    expect(() => toCivilDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("fixed +08:00 agrees with Intl Asia/Shanghai, and day bounds round-trip", () => {
    const intl = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        expect(toCivilDate(new Date(t))).toBe(intl.format(new Date(t)));
      }),
    );
    fc.assert(
      fc.property(civilDate, (d) => {
        expect(toCivilDate(startOfCivilDay(d))).toBe(d);
        expect(toCivilDate(endOfCivilDay(d))).toBe(d);
        expect(endOfCivilDay(d).getTime() + 1).toBe(startOfCivilDay(cal.addCalendarDays(d, 1)).getTime());
      }),
    );
  });
});

describe("WorkingCalendar on real calendars", () => {
  it("2025 国庆/中秋: 10-01..10-08 off, Sun 09-28 and Sat 10-11 are 调休 workdays", () => {
    const days = Array.from({ length: 16 }, (_, i) => cal.addCalendarDays("2025-09-26", i));
    const working = days.filter((d) => cal.isWorkingDay(d));
    expect(working).toEqual(["2025-09-26", "2025-09-28", "2025-09-29", "2025-09-30", "2025-10-09", "2025-10-10", "2025-10-11"]);
    expect(cal.isWorkingDay("2025-09-27")).toBe(false); // ordinary Saturday
    expect(cal.isWorkingDay("2025-10-12")).toBe(false); // ordinary Sunday
  });

  it("counts working days across 国庆 2025 (start day not counted)", () => {
    // After Tue 09-30: Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 调休 (3), Mon 10-13 (4), Tue 10-14 (5).
    expect(cal.addWorkingDays("2025-09-30", 1)).toBe("2025-10-09");
    expect(cal.addWorkingDays("2025-09-30", 3)).toBe("2025-10-11");
    expect(cal.addWorkingDays("2025-09-30", 5)).toBe("2025-10-14");
    // After Fri 09-26: Sun 09-28 调休 (1), 09-29 (2), 09-30 (3), 10-09 (4).
    expect(cal.addWorkingDays("2025-09-26", 4)).toBe("2025-10-09");
    expect(cal.workingDaysBetween("2025-09-30", "2025-10-14")).toBe(5);
    expect(cal.workingDaysBetween("2025-09-30", "2025-10-08")).toBe(0);
    expect(cal.workingDaysBetween("2025-10-14", "2025-09-30")).toBe(-5);
    expect(cal.nextWorkingDay("2025-09-30")).toBe("2025-10-09");
  });

  it("2026 春节: 02-15..02-23 off, Sat 02-14 and Sat 02-28 are workdays", () => {
    expect(cal.addWorkingDays("2026-02-13", 1)).toBe("2026-02-14");
    expect(cal.addWorkingDays("2026-02-14", 1)).toBe("2026-02-24");
    expect(cal.workingDaysBetween("2026-02-13", "2026-02-28")).toBe(1 + 4 + 1); // 02-14, 02-24..27, 02-28
    expect(cal.isWorkingDay("2026-02-21")).toBe(false);
  });

  it("addWorkingDays(d, 0) is d when working, else the next working day", () => {
    expect(cal.addWorkingDays("2025-09-30", 0)).toBe("2025-09-30");
    expect(cal.addWorkingDays("2025-10-01", 0)).toBe("2025-10-09");
    expect(cal.addWorkingDays("2025-09-28", 0)).toBe("2025-09-28"); // 调休 Sunday
    expect(() => cal.addWorkingDays("2025-09-30", -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays("2025-09-30", 1.5)).toThrow(RangeError);
  });

  it("isAtLeast 'not less than 20 days': day 19 refused, day 20 accepted", () => {
    expect(cal.isAtLeast("2026-03-01", "2026-03-20", 20, "day")).toBe(false);
    expect(cal.isAtLeast("2026-03-01", "2026-03-21", 20, "day")).toBe(true);
    // Across 2026 国庆 (10-01..10-07 off): the span counts holidays as days.
    expect(cal.isAtLeast("2026-09-25", "2026-10-15", 20, "day")).toBe(true);
    expect(cal.isAtLeast("2026-09-25", "2026-10-14", 20, "day")).toBe(false);
  });

  it("isAtLeast with working days across 国庆 2025", () => {
    expect(cal.isAtLeast("2025-09-30", "2025-10-13", 5, "workday")).toBe(false); // 10-09, 10, 11, 13
    expect(cal.isAtLeast("2025-09-30", "2025-10-14", 5, "workday")).toBe(true);
  });

  it("periodEnd (day) moves a last day on a rest day to the next working day (第203条)", () => {
    expect(cal.periodEnd("2025-09-20", 11, "day")).toBe("2025-10-09"); // 10-01 is 国庆
    expect(cal.periodEnd("2026-03-01", 20, "day")).toBe("2026-03-23"); // Sat 03-21 → Mon 03-23
    expect(cal.periodEnd("2025-09-18", 10, "day")).toBe("2025-09-28"); // 调休 Sunday: no extension
    expect(cal.periodEnd("2026-03-01", 19, "day")).toBe("2026-03-20"); // Friday, unchanged
    expect(cal.periodEnd("2025-09-30", 5, "workday")).toBe("2025-10-14");
  });

  it("refuses a date listed both as holiday and workday", () => {
    expect(() => new WorkingCalendar({ holidays: new Set(["2026-01-03"]), workdays: new Set(["2026-01-03"]) })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ holidays: new Set(["2026-02-30"]), workdays: new Set() })).toThrow(RangeError);
  });

  it("without data, weekends are the only rest days", () => {
    const plain = new WorkingCalendar({ holidays: new Set(), workdays: new Set() });
    expect(plain.addWorkingDays("2025-09-30", 5)).toBe("2025-10-07");
    expect(plain.isWorkingDay("2025-10-01")).toBe(true);
  });
});

describe("properties", () => {
  const n1 = fc.integer({ min: 1, max: 60 });

  it("addWorkingDays(d, n ≥ 1) is a working day, n working days after d, and the first such day", () => {
    fc.assert(
      fc.property(civilDate, n1, (d, n) => {
        const e = cal.addWorkingDays(d, n);
        expect(cal.isWorkingDay(e)).toBe(true);
        expect(cal.workingDaysBetween(d, e)).toBe(n);
        expect(cal.workingDaysBetween(d, cal.addCalendarDays(e, -1))).toBe(n - 1);
        expect(cal.addWorkingDays(d, 1)).toBe(cal.nextWorkingDay(d));
      }),
    );
  });

  it("isAtLeast ⇔ end ≥ addCalendarDays / addWorkingDays (n, not n−1)", () => {
    fc.assert(
      fc.property(civilDate, n1, (s, n) => {
        expect(cal.isAtLeast(s, cal.addCalendarDays(s, n), n, "day")).toBe(true);
        expect(cal.isAtLeast(s, cal.addCalendarDays(s, n - 1), n, "day")).toBe(false);
        const w = cal.addWorkingDays(s, n);
        expect(cal.isAtLeast(s, w, n, "workday")).toBe(true);
        expect(cal.isAtLeast(s, cal.addCalendarDays(w, -1), n, "workday")).toBe(false);
        if (n >= 2) expect(cal.isAtLeast(s, cal.addWorkingDays(s, n - 1), n, "workday")).toBe(false);
      }),
    );
    fc.assert(
      fc.property(civilDate, civilDate, fc.integer({ min: 0, max: 60 }), (s, e, n) => {
        expect(cal.isAtLeast(s, e, n, "day")).toBe(e >= cal.addCalendarDays(s, n));
        if (n >= 1) expect(cal.isAtLeast(s, e, n, "workday")).toBe(e >= cal.addWorkingDays(s, n));
      }),
    );
  });

  it("periodEnd (day) is the first working day on or after addCalendarDays(start, n)", () => {
    fc.assert(
      fc.property(civilDate, n1, (s, n) => {
        const last = cal.addCalendarDays(s, n);
        const end = cal.periodEnd(s, n, "day");
        expect(cal.isWorkingDay(end)).toBe(true);
        expect(end >= last).toBe(true);
        for (let d: CivilDate = last; d < end; d = cal.addCalendarDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
      }),
    );
  });

  it("monotonicity, additivity and antisymmetry", () => {
    fc.assert(
      fc.property(civilDate, civilDate, n1, n1, (a, b, n, m) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(cal.addWorkingDays(lo, n) <= cal.addWorkingDays(hi, n)).toBe(true);
        if (n < m) expect(cal.addWorkingDays(a, n) < cal.addWorkingDays(a, m)).toBe(true);
        expect(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, a)).toBe(0);
        const mid = cal.addCalendarDays(a, n);
        expect(cal.workingDaysBetween(a, mid) + cal.workingDaysBetween(mid, b)).toBe(cal.workingDaysBetween(a, b));
        expect(cal.workingDaysBetween(lo, hi)).toBeLessThanOrEqual(cal.calendarDaysBetween(lo, hi));
      }),
    );
  });
});
