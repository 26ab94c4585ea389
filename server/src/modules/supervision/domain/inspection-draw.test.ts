import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HmacDrbgSha256, uniformInt } from "../../../platform/crypto/hmac-drbg.ts";
import { avoidanceReasons, type Conflict, conflictsOf, type InspectorFacts, type TargetFacts } from "./inspection-avoidance.ts";
import {
  checkInspectionPlan,
  commitInspectionSeed,
  drawInspection,
  type InspectionDrawInput,
  inspectionInputDigest,
  requiredAgencyCount,
  verifyInspectionDraw,
} from "./inspection-draw.ts";

const seedOf = (n: number) => new Uint8Array(48).map((_, i) => (i * 31 + n * 7) & 0xff);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}:${String(i + 1).padStart(3, "0")}`);

const base: InspectionDrawInput = {
  seed: seedOf(1),
  planId: "inspection-plan-1",
  projects: ids("project", 20),
  agencies: ids("agency", 7),
  inspectors: ids("user", 6),
  projectCount: 3,
  agencyCount: 2,
  inspectorsPerTarget: 2,
  conflicts: [
    { inspector: "user:001", target: "agency:001", reasons: ["EMPLOYED_BY_PARTY"] },
    { inspector: "user:002", target: "project:001", reasons: ["HANDLED_PROJECT"] },
  ],
};

describe("the 25% agency share, rounded up", () => {
  it("requires ⌈n/4⌉ agencies", () => {
    const table: [number, number][] = [
      [0, 0],
      [1, 1],
      [3, 1],
      [4, 1],
      [5, 2],
      [7, 2],
      [8, 2],
      [9, 3],
      [100, 25],
      [101, 26],
    ];
    for (const [active, required] of table) expect(requiredAgencyCount(active), `${active}`).toBe(required);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        const r = requiredAgencyCount(n);
        return r * 4 >= n && (r - 1) * 4 < n;
      }),
    );
  });

  it("refuses 1 of 7 agencies and accepts 2 (required − 1 refused, required accepted)", () => {
    const one = checkInspectionPlan({ ...base, agencyCount: 1 });
    expect(one).toMatchObject({ ok: false, code: "AGENCY_SHARE", active: 7, required: 2, requested: 1 });
    expect(checkInspectionPlan({ ...base, agencyCount: 2 })).toBeUndefined();
    expect(drawInspection({ ...base, agencyCount: 1 })).toMatchObject({ ok: false, code: "AGENCY_SHARE" });
    expect(drawInspection({ ...base, agencyCount: 2 }).ok).toBe(true);
    // 8 agencies still need 2; the 9th makes it 3.
    expect(checkInspectionPlan({ ...base, agencies: ids("agency", 8), agencyCount: 2 })).toBeUndefined();
    expect(checkInspectionPlan({ ...base, agencies: ids("agency", 9), agencyCount: 2 })).toMatchObject({ code: "AGENCY_SHARE", required: 3 });
  });

  it("needs at least two inspectors per target and enough objects in the population", () => {
    expect(checkInspectionPlan({ ...base, inspectorsPerTarget: 1 })).toMatchObject({ code: "TOO_FEW_INSPECTORS_PER_TARGET", minimum: 2 });
    expect(checkInspectionPlan({ ...base, inspectorsPerTarget: 2 })).toBeUndefined();
    expect(checkInspectionPlan({ ...base, agencyCount: 8 })).toMatchObject({ code: "POPULATION_TOO_SMALL", kind: "agency", available: 7 });
    expect(checkInspectionPlan({ ...base, projectCount: 21 })).toMatchObject({ code: "POPULATION_TOO_SMALL", kind: "project", available: 20 });
    expect(checkInspectionPlan({ ...base, agencies: [], projectCount: 0, agencyCount: 0 })).toMatchObject({ code: "INVALID_INPUT" });
    expect(checkInspectionPlan({ ...base, agencies: [], projectCount: 1, agencyCount: 0 })).toBeUndefined();
  });
});

describe("the draw", () => {
  it("re-runs from the revealed seed to the same result, and verifies against commitment and digest", () => {
    const first = drawInspection(base);
    if (!first.ok) throw new Error(first.message);
    expect(first.targets.map((t) => t.kind)).toEqual(["project", "project", "project", "agency", "agency"]);
    expect(first.trace.commitment).toBe(createHash("sha256").update(base.seed).digest("hex"));
    expect(first.trace.inputDigest).toBe(inspectionInputDigest(base));

    // What the public record holds after the reveal: the seed as hex, the input without it, the targets.
    const { seed, ...input } = base;
    const revealedSeedHex = Buffer.from(seed).toString("hex");
    const rerun = drawInspection({ ...input, seed: new Uint8Array(Buffer.from(revealedSeedHex, "hex")) });
    expect(rerun).toEqual(first);
    expect(
      verifyInspectionDraw({
        ...input,
        seedHex: revealedSeedHex,
        commitment: first.trace.commitment,
        inputDigest: first.trace.inputDigest,
        targets: first.targets,
      }),
    ).toEqual({ commitmentOk: true, inputDigestOk: true, resultOk: true });
  });

  it("gives a different result for a different seed", () => {
    const a = drawInspection(base);
    const b = drawInspection({ ...base, seed: seedOf(2) });
    if (!a.ok || !b.ok) throw new Error("draw failed");
    expect(b.targets).not.toEqual(a.targets);
    expect(b.trace.commitment).not.toBe(a.trace.commitment);
    expect(b.trace.inputDigest).toBe(a.trace.inputDigest);
  });

  it("detects a swapped seed, an edited input and an edited result", () => {
    const a = drawInspection(base);
    if (!a.ok) throw new Error(a.message);
    const { seed, ...input } = base;
    const seedHex = Buffer.from(seed).toString("hex");
    const published = { ...input, seedHex, commitment: a.trace.commitment, inputDigest: a.trace.inputDigest, targets: a.targets };
    expect(verifyInspectionDraw({ ...published, seedHex: Buffer.from(seedOf(2)).toString("hex") })).toMatchObject({ commitmentOk: false, resultOk: false });
    expect(verifyInspectionDraw({ ...published, conflicts: [] }).inputDigestOk).toBe(false);
    const swapped = a.targets.map((t, i) => (i === 0 ? { ...t, inspectors: [...t.inspectors].reverse() } : t));
    expect(verifyInspectionDraw({ ...published, targets: swapped })).toEqual({ commitmentOk: true, inputDigestOk: true, resultOk: false });
  });

  it("follows the published algorithm step by step (independent re-implementation of the first picks)", () => {
    const a = drawInspection(base);
    if (!a.ok) throw new Error(a.message);
    const drbg = new HmacDrbgSha256(base.seed, new Uint8Array(0), new TextEncoder().encode(`ggzy-inspection-draw${base.planId}`));
    const projects = [...base.projects].sort();
    const first = projects.splice(uniformInt(drbg, projects.length), 1)[0];
    const second = projects.splice(uniformInt(drbg, projects.length), 1)[0];
    expect(a.targets.slice(0, 2).map((t) => t.id)).toEqual([first, second]);
    expect(a.trace.steps[0]).toMatchObject({ order: 1, kind: "project", candidates: 20, picked: first });
    expect(a.trace.generateCalls).toBe(a.trace.steps.reduce((n, s) => n + s.samples.length, 0));
  });

  it("never assigns an inspector to a target he must avoid, and fails when avoidance leaves too few", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 20 })), { maxLength: 40 }),
        (s, pairs) => {
          const conflicts: Conflict[] = [];
          const seen = new Set<string>();
          for (const [i, p] of pairs) {
            const c = {
              inspector: `user:${String(i).padStart(3, "0")}`,
              target: `project:${String(p).padStart(3, "0")}`,
              reasons: ["HANDLED_PROJECT" as const],
            };
            if (!seen.has(`${c.inspector}|${c.target}`)) conflicts.push(c);
            seen.add(`${c.inspector}|${c.target}`);
          }
          const seed = new Uint8Array(createHash("sha384").update(String(s)).digest());
          const result = drawInspection({ ...base, seed, projectCount: 6, conflicts });
          if (!result.ok) {
            expect(result.code).toBe("INSUFFICIENT_INSPECTORS");
            if (result.code !== "INSUFFICIENT_INSPECTORS") return;
            expect(6 - conflicts.filter((c) => c.target === result.target).length).toBeLessThan(2);
            return;
          }
          expect(new Set(result.targets.map((t) => t.id)).size).toBe(8);
          for (const t of result.targets) {
            expect(new Set(t.inspectors).size).toBe(2);
            for (const i of t.inspectors) expect(seen.has(`${i}|${t.id}`)).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
    const blocked = ["user:001", "user:002", "user:003", "user:004", "user:005"].map((inspector) => ({
      inspector,
      target: "agency:001",
      reasons: ["EMPLOYED_BY_PARTY" as const],
    }));
    const all = drawInspection({ ...base, agencyCount: 7, conflicts: blocked });
    expect(all).toMatchObject({ ok: false, code: "INSUFFICIENT_INSPECTORS", target: "agency:001", eligible: 1, needed: 2 });
  });

  it("draws every agency about equally often", () => {
    const counts = new Map<string, number>();
    const runs = 2000;
    for (let s = 0; s < runs; s++) {
      const seed = new Uint8Array(createHash("sha384").update(`uniform-${s}`).digest());
      const r = drawInspection({ ...base, seed, projectCount: 0, agencies: ids("agency", 4), agencyCount: 1, conflicts: [] });
      if (!r.ok) throw new Error(r.message);
      const id = r.targets[0]?.id as string;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // Expected 500 each; 4σ ≈ 77.
    for (const id of ids("agency", 4)) expect(Math.abs((counts.get(id) ?? 0) - runs / 4)).toBeLessThan(80);
  });

  it("commits with SHA-256 and refuses a short seed or an unknown id in a conflict", () => {
    expect(commitInspectionSeed(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(drawInspection({ ...base, seed: new Uint8Array(31) })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(drawInspection({ ...base, conflicts: [{ inspector: "user:999", target: "agency:001", reasons: ["HANDLED_PROJECT"] }] })).toMatchObject({
      code: "INVALID_INPUT",
    });
    expect(drawInspection({ ...base, projects: ["project:001", "project:001"] })).toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("avoidance (回避)", () => {
  const inspector: InspectorFacts = {
    id: "user:7",
    employerUsccs: ["91330100t000000x1a"],
    accountUsccs: ["91330100A000000Y2B"],
    handledProjectIds: [11],
    committeeProjectIds: [12],
  };
  it("names each relation the data shows, case-insensitive on the USCC", () => {
    const agency: TargetFacts = { id: "agency:91330100T000000X1A", partyUsccs: ["91330100T000000X1A"], projectIds: [11, 12] };
    expect(avoidanceReasons(inspector, agency)).toEqual(["EMPLOYED_BY_PARTY", "HANDLED_PROJECT", "SAT_ON_COMMITTEE"]);
    const project: TargetFacts = { id: "project:13", partyUsccs: ["91330100X000000Z3C", "91330100A000000Y2B"], projectIds: [13] };
    expect(avoidanceReasons(inspector, project)).toEqual(["ACCOUNT_OF_PARTY"]);
    const clean: TargetFacts = { id: "project:14", partyUsccs: ["91330100X000000Z3C"], projectIds: [14] };
    expect(avoidanceReasons(inspector, clean)).toEqual([]);
    expect(conflictsOf([inspector], [clean, project, agency])).toEqual([
      { inspector: "user:7", target: "agency:91330100T000000X1A", reasons: ["EMPLOYED_BY_PARTY", "HANDLED_PROJECT", "SAT_ON_COMMITTEE"] },
      { inspector: "user:7", target: "project:13", reasons: ["ACCOUNT_OF_PARTY"] },
    ]);
  });
});
