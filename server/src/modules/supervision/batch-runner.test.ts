import { afterEach, describe, expect, it, vi } from "vitest";
import type { HistorySectionRow } from "./batch-history.ts";
import { BATCH_RULES, type BatchRunResult, findingKey, type SupervisionBatchRunner, scheduleNightlyBatch, sectionsOfFinding } from "./batch-runner.ts";
import type { Finding } from "./domain/rules/rule-types.ts";

const row = (id: number, code: string): HistorySectionRow => ({
  id,
  sectionCode: code,
  departmentCode: "330100-zj",
  platformCode: "330100",
  at: new Date(id * 1000),
});
const finding = (over: Partial<Finding> = {}): Finding => ({ ruleId: "SR042", message: { zh: "", en: "" }, evidence: {}, subjects: ["B", "A"], ...over });

describe("batch finding keys", () => {
  it("covers exactly the batch rules of the catalog", () => {
    expect(BATCH_RULES.map((r) => r.id)).toEqual(["SR023", "SR024", "SR025", "SR026", "SR027", "SR042", "SR043", "SR044", "SR045", "SR046", "SR053"]);
  });

  it("is stable under order and changes with rule, platform, subjects and sections", () => {
    const k = findingKey("330100", finding(), ["S2", "S1"]);
    expect(findingKey("330100", finding({ subjects: ["A", "B"], evidence: { other: 1 } }), ["S1", "S2"])).toBe(k);
    expect(findingKey("330200", finding(), ["S1", "S2"])).not.toBe(k);
    expect(findingKey("330100", finding({ ruleId: "SR044" }), ["S1", "S2"])).not.toBe(k);
    expect(findingKey("330100", finding({ subjects: ["A"] }), ["S1", "S2"])).not.toBe(k);
    expect(findingKey("330100", finding(), ["S1", "S2", "S3"])).not.toBe(k);
  });

  it("finds the sections a finding names (its section and its evidence's section codes), ignoring unknown codes", () => {
    const known = new Map([row(1, "S1"), row(2, "S2"), row(3, "S3")].map((r) => [r.sectionCode, r]));
    const f = finding({
      section: { tenderProjectCode: "P", sectionCode: "S3", unifiedDealCode: "U" },
      evidence: { sections: ["S1", "S9", 7] },
    });
    expect(
      sectionsOfFinding(f, known)
        .map((r) => r.id)
        .sort(),
    ).toEqual([1, 3]);
    expect(sectionsOfFinding(finding(), known)).toEqual([]);
  });
});

describe("the nightly timer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires at 02:00 Beijing for that night, then re-arms for the next", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-22T17:59:00Z")); // 01:59 Beijing, 23 Nov
    const calls: { trigger: string; night?: string }[] = [];
    const runner = {
      run: async (_ctx: unknown, options: { trigger: string; night?: string }) => {
        calls.push(options);
        return { skipped: true, run: {} } as unknown as BatchRunResult;
      },
    } as unknown as SupervisionBatchRunner;
    const results: BatchRunResult[] = [];
    const stop = scheduleNightlyBatch(runner, { at: { hour: 2, minute: 0 }, onResult: (r) => results.push(r), onError: (e) => results.push(e as never) });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual([{ trigger: "scheduled", night: "2026-11-23" }]);
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(calls.map((c) => c.night)).toEqual(["2026-11-23", "2026-11-24"]);
    expect(results).toHaveLength(2);
    stop();
    await vi.advanceTimersByTimeAsync(2 * 86_400_000);
    expect(calls).toHaveLength(2);
  });
});
