// Cross-checks the browser's re-run of an inspection draw (WebCrypto, async) against the server's pure
// draw. Node 20 provides globalThis.crypto.subtle.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rerunInspection } from "../../../../web/src/pages/supervision/inspections-rerun.ts";
import { drawInspection, type InspectionDrawInput } from "./domain/inspection-draw.ts";

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}:${i + 1}`);

function publicRecord(seed: Uint8Array, input: Omit<InspectionDrawInput, "seed">) {
  const result = drawInspection({ ...input, seed });
  if (!result.ok) throw new Error(result.message);
  return {
    id: 1,
    planId: input.planId,
    status: "published" as const,
    year: 2026,
    departmentCode: "330100-zj",
    platformCode: "330100",
    algorithm: "ggzy-inspection-draw/v1",
    commitment: result.trace.commitment,
    inputDigest: result.trace.inputDigest,
    committedAt: null,
    seed: Buffer.from(seed).toString("hex"),
    input: { ...input, projects: [...input.projects], agencies: [...input.agencies], inspectors: [...input.inspectors], conflicts: [...input.conflicts] },
    snapshot: null,
    targets: result.targets,
    verification: null,
  };
}

describe("the browser re-run of an inspection draw", () => {
  const input: Omit<InspectionDrawInput, "seed"> = {
    planId: "inspection-plan-7",
    projects: ids("project", 12),
    agencies: ids("agency", 9),
    inspectors: ids("user", 5),
    projectCount: 3,
    agencyCount: 3,
    inspectorsPerTarget: 2,
    conflicts: [
      { inspector: "user:1", target: "agency:3", reasons: ["EMPLOYED_BY_PARTY"] },
      { inspector: "user:4", target: "project:10", reasons: ["HANDLED_PROJECT", "SAT_ON_COMMITTEE"] },
    ],
  };

  it("reproduces the server's draw for many seeds", async () => {
    for (let s = 0; s < 25; s++) {
      const seed = new Uint8Array(createHash("sha384").update(`web-${s}`).digest());
      const record = publicRecord(seed, input);
      const rerun = await rerunInspection(record);
      expect(rerun).toMatchObject({ commitmentOk: true, inputDigestOk: true, resultOk: true });
      expect(rerun.targets).toEqual(record.targets);
    }
  });

  it("flags a published result that the seed does not produce, and an input that is not the committed one", async () => {
    const seed = new Uint8Array(48).fill(3);
    const record = publicRecord(seed, input);
    const swapped = { ...record, targets: [...record.targets].reverse() };
    expect(await rerunInspection(swapped)).toMatchObject({ commitmentOk: true, inputDigestOk: true, resultOk: false });
    const edited = { ...record, input: { ...record.input, conflicts: [] } };
    expect((await rerunInspection(edited)).inputDigestOk).toBe(false);
    const otherSeed = { ...record, seed: Buffer.from(new Uint8Array(48).fill(4)).toString("hex") };
    expect(await rerunInspection(otherSeed)).toMatchObject({ commitmentOk: false, resultOk: false });
  });
});
