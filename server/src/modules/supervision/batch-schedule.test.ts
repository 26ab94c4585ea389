import { describe, expect, it } from "vitest";
import { batchNight, nextBatchRun, parseBatchAt } from "./batch-schedule.ts";

describe("nightly batch schedule (Beijing time)", () => {
  it("parses GGZY_BATCH_AT, defaulting to 02:00", () => {
    expect(parseBatchAt(undefined)).toEqual({ hour: 2, minute: 0 });
    expect(parseBatchAt("")).toEqual({ hour: 2, minute: 0 });
    expect(parseBatchAt("3:05")).toEqual({ hour: 3, minute: 5 });
    expect(parseBatchAt("23:59")).toEqual({ hour: 23, minute: 59 });
    for (const bad of ["24:00", "2", "02:60", "two", "02:00:00"]) expect(() => parseBatchAt(bad)).toThrow(/HH:MM/);
  });

  it("runs at 02:00 Beijing = 18:00 UTC the day before", () => {
    // 2026-11-22 10:00 Beijing → tonight's run is 2026-11-23 02:00 Beijing.
    const next = nextBatchRun(new Date("2026-11-22T02:00:00Z"));
    expect(next.toISOString()).toBe("2026-11-22T18:00:00.000Z");
    expect(batchNight(next)).toBe("2026-11-23");
  });

  it("crosses the Beijing date boundary correctly (UTC 16:00 is Beijing midnight)", () => {
    // 23:59 Beijing on the 22nd: the run is at 02:00 on the 23rd.
    expect(nextBatchRun(new Date("2026-11-22T15:59:00Z")).toISOString()).toBe("2026-11-22T18:00:00.000Z");
    // 00:00 Beijing on the 23rd (UTC still the 22nd): the same run.
    expect(nextBatchRun(new Date("2026-11-22T16:00:00Z")).toISOString()).toBe("2026-11-22T18:00:00.000Z");
    // 01:59:59 Beijing.
    expect(nextBatchRun(new Date("2026-11-22T17:59:59.999Z")).toISOString()).toBe("2026-11-22T18:00:00.000Z");
  });

  it("is strictly after now: at the run instant the next is the following night", () => {
    const next = nextBatchRun(new Date("2026-11-22T18:00:00Z"));
    expect(next.toISOString()).toBe("2026-11-23T18:00:00.000Z");
    expect(batchNight(next)).toBe("2026-11-24");
    expect(nextBatchRun(new Date("2026-11-22T18:00:00.001Z")).toISOString()).toBe("2026-11-23T18:00:00.000Z");
  });

  it("honours a configured time, late evening included", () => {
    const at = parseBatchAt("23:30");
    // 2026-11-22 23:00 Beijing → 23:30 Beijing the same day.
    const next = nextBatchRun(new Date("2026-11-22T15:00:00Z"), at);
    expect(next.toISOString()).toBe("2026-11-22T15:30:00.000Z");
    expect(batchNight(next)).toBe("2026-11-22");
    // 2026-11-23 00:10 Beijing → 23:30 Beijing on the 23rd.
    expect(nextBatchRun(new Date("2026-11-22T16:10:00Z"), at).toISOString()).toBe("2026-11-23T15:30:00.000Z");
    // 00:00 exactly, at 00:15 Beijing → next day's midnight.
    expect(nextBatchRun(new Date("2026-11-22T16:15:00Z"), parseBatchAt("00:00")).toISOString()).toBe("2026-11-23T16:00:00.000Z");
  });
});
