import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  average,
  beijingMonth,
  bigOf,
  type Cell,
  fenNumber,
  MAX_MONTHS,
  metricsOf,
  monthsBetween,
  periodOf,
  rollup,
  roundDiv,
  savingRate,
  sumAll,
} from "./figures.ts";

describe("roundDiv: integer division rounded half away from zero", () => {
  it("rounds halves away from zero on both sides", () => {
    expect(roundDiv(5n, 2n)).toBe(3n);
    expect(roundDiv(-5n, 2n)).toBe(-3n);
    expect(roundDiv(4n, 3n)).toBe(1n);
    expect(roundDiv(-4n, 3n)).toBe(-1n);
    expect(roundDiv(0n, 7n)).toBe(0n);
    expect(() => roundDiv(1n, 0n)).toThrow(RangeError);
  });

  it("is within half a unit of the exact quotient", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), (num, den) => {
        const q = roundDiv(num, den);
        // |num − q·den| ≤ den/2  ⇔  |2·num − 2·q·den| ≤ den
        const diff = 2n * num - 2n * q * den;
        expect(diff <= den && diff >= -den).toBe(true);
      }),
    );
  });
});

describe("节支率 (budget − deal) / budget", () => {
  it("is a ratio to four decimal places, null without a budget", () => {
    expect(savingRate(5_000_000_000n, 4_500_000_000n)).toBe(0.1);
    expect(savingRate(3n, 2n)).toBe(0.3333);
    expect(savingRate(3n, 1n)).toBe(0.6667);
    expect(savingRate(20_000n, 19_999n)).toBe(0.0001); // 0.00005 rounds up
    expect(savingRate(100n, 110n)).toBe(-0.1); // over budget
    expect(savingRate(0n, 100n)).toBeNull();
    expect(savingRate(0n, 0n)).toBeNull();
  });

  it("stays exact for sums beyond 2^53 分", () => {
    const budget = 2n ** 60n;
    expect(savingRate(budget, budget - budget / 8n)).toBe(0.125);
  });
});

describe("average bidders per section", () => {
  it("has two decimal places and is null without sections", () => {
    expect(average(7n, 2n)).toBe(3.5);
    expect(average(10n, 3n)).toBe(3.33);
    expect(average(5n, 3n)).toBe(1.67);
    expect(average(0n, 0n)).toBeNull();
  });
});

describe("amounts and database sums", () => {
  it("parses numeric text and refuses what is not a safe integer", () => {
    expect(bigOf("123456789012345678901")).toBe(123456789012345678901n);
    expect(bigOf(null)).toBe(0n);
    expect(bigOf(42)).toBe(42n);
    expect(() => bigOf("1.5")).toThrow(RangeError);
    expect(fenNumber(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => fenNumber(9_007_199_254_740_992n)).toThrow(RangeError);
  });
});

describe("rolling cells up", () => {
  const cells: Cell[] = [
    { platformCode: "330100", departmentCode: "330100-zj", category: "A", month: "2026-05", published: 2n, opened: 2n, bidders: 7n },
    { platformCode: "330100", departmentCode: "330100-zj", category: "A", month: "2026-06", awarded: 1n, budgetFen: 100n, dealFen: 90n, budgetedDealFen: 90n },
    { platformCode: "330106", departmentCode: "330106-zj", category: "C", month: "2026-06", awarded: 1n, dealFen: 50n },
    { platformCode: "330100", departmentCode: "330100-fgw", category: "B", month: "2026-07", published: 1n, alerts: 3n, complaints: 1n },
  ];

  it("sums by any key and derives the ratios from the sums", () => {
    const byMonth = rollup(cells, (c) => c.month);
    expect([...byMonth.keys()]).toEqual(["2026-05", "2026-06", "2026-07"]);
    expect(metricsOf(byMonth.get("2026-06")!)).toEqual({
      published: 0,
      awarded: 2,
      budgetFen: 100,
      dealFen: 140,
      savingFen: 10, // the section without a budget is left out of 节支
      savingRate: 0.1,
      opened: 0,
      bidders: 0,
      avgBidders: null,
      alerts: 0,
      complaints: 0,
    });
    const total = metricsOf(sumAll(cells));
    expect(total).toMatchObject({ published: 3, awarded: 2, opened: 2, bidders: 7, avgBidders: 3.5, alerts: 3, complaints: 1 });
    const byCategory = rollup(cells, (c) => c.category);
    expect(metricsOf(byCategory.get("C")!).savingRate).toBeNull();
  });
});

describe("reporting periods in Beijing time", () => {
  const now = new Date("2026-12-31T16:30:00Z"); // 2027-01-01 00:30 in Beijing

  it("defaults to the current Beijing year", () => {
    const r = periodOf({}, now);
    expect(r.ok && r.period.from).toBe("2027-01-01");
    expect(r.ok && r.period.months.length).toBe(12);
  });

  it("starts and ends at Beijing midnight", () => {
    const r = periodOf({ from: "2026-05-01", to: "2026-05-31" }, now);
    if (!r.ok) throw new Error(r.error);
    expect(r.period.start.toISOString()).toBe("2026-04-30T16:00:00.000Z");
    expect(r.period.end.toISOString()).toBe("2026-05-31T16:00:00.000Z");
    expect(r.period.months).toEqual(["2026-05"]);
    expect(beijingMonth(new Date("2026-05-31T16:30:00Z"))).toBe("2026-06");
  });

  it("refuses odd requests", () => {
    expect(periodOf({ year: 2026, from: "2026-01-01", to: "2026-02-01" }, now)).toEqual({ ok: false, error: "BOTH_YEAR_AND_RANGE" });
    expect(periodOf({ from: "2026-01-01" }, now)).toEqual({ ok: false, error: "INCOMPLETE_RANGE" });
    expect(periodOf({ from: "2026-02-30", to: "2026-03-01" }, now)).toEqual({ ok: false, error: "BAD_DATE" });
    expect(periodOf({ from: "2026-03-02", to: "2026-03-01" }, now)).toEqual({ ok: false, error: "REVERSED" });
    expect(periodOf({ from: "2000-01-01", to: "2026-03-01" }, now)).toEqual({ ok: false, error: "TOO_LONG" });
  });

  it("lists the months across years", () => {
    expect(monthsBetween("2025-11-15", "2026-02-01")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsBetween("2017-01-01", "2026-12-31").length).toBe(MAX_MONTHS);
  });
});
