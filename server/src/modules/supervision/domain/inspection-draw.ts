/**
 * 双随机、一公开: a supervisory department's random inspection plan draws its targets (tender projects it
 * supervises and agencies active on its platform) and the inspectors for each target at random, and
 * publishes the result (国办发〔2015〕58号 推广随机抽查规范事中事后监管).
 *
 * Rules modelled here:
 * - Agencies: at least {@link MIN_AGENCY_SHARE_PERCENT}% of the agencies active on the platform in the
 *   plan's year, rounded up (`requiredAgencyCount(n) = ⌈n / 4⌉`; 7 agencies → 2). The 25% is the
 *   platform's rule for this plan type, not a national figure.
 * - Inspectors: at least {@link MIN_INSPECTORS_PER_TARGET} per target (行政处罚法 第四十二条: 执法人员不得少于两人),
 *   never one who must avoid the target (see `inspection-avoidance.ts`).
 *
 * Commit–reveal, as the expert draw: the service generates a seed (≥ 32 bytes), publishes
 * `SHA-256(seed)` and the SHA-256 of the canonical draw input before the draw, draws, and reveals the
 * seed when the results are published. The result is a pure function of (seed, planId, input).
 *
 * How anyone re-runs a draw (algorithm "ggzy-inspection-draw/v1"):
 *   1. Check SHA-256(seed) = the commitment and SHA-256(canonical JSON of the input) = the input digest
 *      ({@link inspectionInputDigest}: keys sorted, no whitespace, id lists sorted).
 *   2. Sort the project ids, the agency ids and the inspector ids by UTF-16 code units.
 *   3. HMAC_DRBG with SHA-256 (SP 800-90A §10.1.2): entropy = seed, nonce = empty,
 *      personalization = UTF-8("ggzy-inspection-draw" + planId).
 *   4. Draw `projectCount` projects, then `agencyCount` agencies, each one by one: n = the number of
 *      remaining candidates; r = Generate(4 bytes) big-endian until r < 2^32 − (2^32 mod n); take the
 *      candidate at r mod n out of the list. The k-th target drawn gets order k.
 *   5. For each target in order: the eligible inspectors are the sorted inspectors minus those in a
 *      conflict with the target; draw `inspectorsPerTarget` of them the same way (continuing the stream).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "../../../platform/audit/audit-log.ts";
import { HmacDrbgSha256, MIN_SEED_BYTES, takeOne } from "../../../platform/crypto/hmac-drbg.ts";
import type { Conflict } from "./inspection-avoidance.ts";

export const INSPECTION_DRAW_ALGORITHM = "ggzy-inspection-draw/v1";
const PERSONALIZATION_PREFIX = "ggzy-inspection-draw";
export const MIN_AGENCY_SHARE_PERCENT = 25;
export const MIN_INSPECTORS_PER_TARGET = 2;
export const AGENCY_SHARE_BASIS = "国办发〔2015〕58号（随机抽查）；代理机构抽查比例不低于25%（向上取整，本平台规则）";
export const INSPECTORS_BASIS = "行政处罚法第四十二条（执法人员不得少于两人）";

/** The least number of agencies a plan inspects when `active` agencies were active: ⌈25% · active⌉. */
export function requiredAgencyCount(active: number): number {
  return Math.ceil((active * MIN_AGENCY_SHARE_PERCENT) / 100);
}

export interface InspectionDrawInput {
  /** The committed seed, at least 32 bytes. */
  seed: Uint8Array;
  /** Identifies the plan (e.g. `inspection-plan-12`); part of the DRBG personalization. */
  planId: string;
  /** Candidate project targets (the department's projects of the year on its platform). */
  projects: readonly string[];
  /** Candidate agency targets (the agencies active on the platform in the year). */
  agencies: readonly string[];
  /** The inspector pool. */
  inspectors: readonly string[];
  projectCount: number;
  agencyCount: number;
  inspectorsPerTarget: number;
  /** (inspector, target) pairs excluded by avoidance. */
  conflicts: readonly Conflict[];
}

export interface InspectionDrawStep {
  /** 1-based order of the pick in the whole draw. */
  order: number;
  /** What was picked: a project, an agency, or an inspector for `target`. */
  kind: "project" | "agency" | "inspector";
  target?: string;
  /** Candidates remaining before this pick. */
  candidates: number;
  /** Raw 32-bit DRBG words consumed (the last one accepted). */
  samples: number[];
  index: number;
  picked: string;
}

export interface DrawnTarget {
  id: string;
  kind: "project" | "agency";
  /** 1-based draw order among the targets. */
  order: number;
  /** The target's inspectors, in draw order. */
  inspectors: string[];
}

export interface InspectionDrawSuccess {
  ok: true;
  targets: DrawnTarget[];
  trace: {
    algorithm: typeof INSPECTION_DRAW_ALGORITHM;
    commitment: string;
    inputDigest: string;
    personalization: string;
    requiredAgencies: number;
    steps: InspectionDrawStep[];
    generateCalls: number;
  };
}

export type InspectionDrawFailure =
  | { ok: false; code: "INVALID_INPUT"; message: string }
  | { ok: false; code: "AGENCY_SHARE"; message: string; active: number; required: number; requested: number }
  | { ok: false; code: "POPULATION_TOO_SMALL"; message: string; kind: "project" | "agency"; available: number; requested: number }
  | { ok: false; code: "TOO_FEW_INSPECTORS_PER_TARGET"; message: string; minimum: number; requested: number }
  | { ok: false; code: "INSUFFICIENT_INSPECTORS"; message: string; target: string; eligible: number; needed: number };

export type InspectionDrawResult = InspectionDrawSuccess | InspectionDrawFailure;

const sha256Hex = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");
const sorted = (ids: readonly string[]) => [...ids].sort();

/** The public commitment to a seed: SHA-256(seed), lower-case hex. */
export function commitInspectionSeed(seed: Uint8Array): string {
  return sha256Hex(seed);
}

export function verifyInspectionCommitment(seed: Uint8Array, commitmentHex: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(commitmentHex)) return false;
  return timingSafeEqual(Buffer.from(commitInspectionSeed(seed), "hex"), Buffer.from(commitmentHex, "hex"));
}

/** The canonical input: everything but the seed, with the id lists sorted. */
export function canonicalInspectionInput(input: Omit<InspectionDrawInput, "seed">) {
  return {
    algorithm: INSPECTION_DRAW_ALGORITHM,
    planId: input.planId,
    projects: sorted(input.projects),
    agencies: sorted(input.agencies),
    inspectors: sorted(input.inspectors),
    projectCount: input.projectCount,
    agencyCount: input.agencyCount,
    inspectorsPerTarget: input.inspectorsPerTarget,
    conflicts: [...input.conflicts]
      .map((c) => ({ inspector: c.inspector, target: c.target, reasons: c.reasons }))
      .sort((a, b) => byCodeUnits(a.inspector, b.inspector) || byCodeUnits(a.target, b.target)),
  };
}

/** SHA-256 (hex) of the canonical JSON of {@link canonicalInspectionInput}; published with the commitment. */
export function inspectionInputDigest(input: Omit<InspectionDrawInput, "seed">): string {
  return sha256Hex(canonicalJson(canonicalInspectionInput(input)));
}

function byCodeUnits(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

const invalid = (message: string): InspectionDrawFailure => ({ ok: false, code: "INVALID_INPUT", message });
const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/** The statutory and plan rules, checked before any randomness is used. */
export function checkInspectionPlan(
  input: Pick<InspectionDrawInput, "projects" | "agencies" | "projectCount" | "agencyCount" | "inspectorsPerTarget">,
): InspectionDrawFailure | undefined {
  const { projectCount, agencyCount, inspectorsPerTarget } = input;
  if (!isCount(projectCount) || !isCount(agencyCount) || !Number.isInteger(inspectorsPerTarget))
    return invalid("projectCount, agencyCount and inspectorsPerTarget are non-negative integers");
  if (projectCount + agencyCount < 1) return invalid("a plan inspects at least one target");
  if (inspectorsPerTarget < MIN_INSPECTORS_PER_TARGET)
    return {
      ok: false,
      code: "TOO_FEW_INSPECTORS_PER_TARGET",
      message: `at least ${MIN_INSPECTORS_PER_TARGET} inspectors per target (got ${inspectorsPerTarget})`,
      minimum: MIN_INSPECTORS_PER_TARGET,
      requested: inspectorsPerTarget,
    };
  const required = requiredAgencyCount(input.agencies.length);
  if (agencyCount < required)
    return {
      ok: false,
      code: "AGENCY_SHARE",
      message: `${input.agencies.length} active agencies: at least ${required} must be inspected (got ${agencyCount})`,
      active: input.agencies.length,
      required,
      requested: agencyCount,
    };
  for (const [kind, available, requested] of [
    ["project", input.projects.length, projectCount],
    ["agency", input.agencies.length, agencyCount],
  ] as const) {
    if (requested > available)
      return { ok: false, code: "POPULATION_TOO_SMALL", message: `${requested} ${kind} targets requested, ${available} available`, kind, available, requested };
  }
  return undefined;
}

function validate(input: InspectionDrawInput): InspectionDrawFailure | undefined {
  if (!(input.seed instanceof Uint8Array) || input.seed.length < MIN_SEED_BYTES) return invalid(`the seed must have at least ${MIN_SEED_BYTES} bytes`);
  if (typeof input.planId !== "string" || input.planId.length === 0) return invalid("planId is required");
  const targets = new Set<string>();
  for (const id of [...input.projects, ...input.agencies]) {
    if (!id || targets.has(id)) return invalid(`target id "${id}" is empty or appears twice`);
    targets.add(id);
  }
  const inspectors = new Set(input.inspectors);
  if (inspectors.size !== input.inspectors.length || inspectors.has("")) return invalid("inspector ids are non-empty and unique");
  for (const c of input.conflicts) {
    if (!inspectors.has(c.inspector) || !targets.has(c.target)) return invalid(`conflict ${c.inspector} × ${c.target} names an unknown inspector or target`);
  }
  return checkInspectionPlan(input);
}

/**
 * The candidate targets that could be drawn but would have fewer eligible inspectors than needed after
 * avoidance. When empty, {@link drawInspection} cannot fail with INSUFFICIENT_INSPECTORS, so the service
 * checks it before committing to a seed.
 */
export function shortOfInspectors(input: Omit<InspectionDrawInput, "seed" | "planId">): { target: string; eligible: number }[] {
  const avoided = new Map<string, number>();
  for (const c of input.conflicts) avoided.set(c.target, (avoided.get(c.target) ?? 0) + 1);
  const candidates = [...(input.projectCount > 0 ? input.projects : []), ...(input.agencyCount > 0 ? input.agencies : [])];
  return sorted(candidates)
    .map((target) => ({ target, eligible: input.inspectors.length - (avoided.get(target) ?? 0) }))
    .filter((t) => t.eligible < input.inspectorsPerTarget);
}

/** Draws the plan's targets and their inspectors. Pure: the same input always gives the same result. */
export function drawInspection(input: InspectionDrawInput): InspectionDrawResult {
  const failure = validate(input);
  if (failure) return failure;
  const personalization = PERSONALIZATION_PREFIX + input.planId;
  const drbg = new HmacDrbgSha256(input.seed, new Uint8Array(0), new TextEncoder().encode(personalization));
  const steps: InspectionDrawStep[] = [];
  const pick = (remaining: string[], kind: InspectionDrawStep["kind"], target?: string) => {
    const samples: number[] = [];
    const candidates = remaining.length;
    const { index, item } = takeOne(drbg, remaining, (word) => samples.push(word));
    steps.push({ order: steps.length + 1, kind, ...(target !== undefined ? { target } : {}), candidates, samples, index, picked: item });
    return item;
  };

  const targets: DrawnTarget[] = [];
  for (const [kind, population, count] of [
    ["project", sorted(input.projects), input.projectCount],
    ["agency", sorted(input.agencies), input.agencyCount],
  ] as const) {
    for (let i = 0; i < count; i++) targets.push({ id: pick(population, kind), kind, order: targets.length + 1, inspectors: [] });
  }

  const avoid = new Map<string, Set<string>>();
  for (const c of input.conflicts) avoid.set(c.target, (avoid.get(c.target) ?? new Set()).add(c.inspector));
  const pool = sorted(input.inspectors);
  for (const target of targets) {
    const eligible = pool.filter((i) => !avoid.get(target.id)?.has(i));
    if (eligible.length < input.inspectorsPerTarget) {
      return {
        ok: false,
        code: "INSUFFICIENT_INSPECTORS",
        message: `${eligible.length} inspectors may inspect ${target.id} after avoidance; ${input.inspectorsPerTarget} needed`,
        target: target.id,
        eligible: eligible.length,
        needed: input.inspectorsPerTarget,
      };
    }
    for (let k = 0; k < input.inspectorsPerTarget; k++) target.inspectors.push(pick(eligible, "inspector", target.id));
  }

  return {
    ok: true,
    targets,
    trace: {
      algorithm: INSPECTION_DRAW_ALGORITHM,
      commitment: commitInspectionSeed(input.seed),
      inputDigest: inspectionInputDigest(input),
      personalization,
      requiredAgencies: requiredAgencyCount(input.agencies.length),
      steps,
      generateCalls: drbg.generateCalls,
    },
  };
}

export interface InspectionVerification {
  commitmentOk: boolean;
  inputDigestOk: boolean;
  /** Re-running the draw from the revealed seed gives exactly the published targets and inspectors. */
  resultOk: boolean;
}

/** Re-runs a revealed draw and compares it with what was committed and published. */
export function verifyInspectionDraw(
  revealed: Omit<InspectionDrawInput, "seed"> & { seedHex: string; commitment: string; inputDigest: string; targets: readonly DrawnTarget[] },
): InspectionVerification {
  const { seedHex, commitment, inputDigest, targets, ...input } = revealed;
  const seed = /^([0-9a-fA-F]{2})+$/.test(seedHex) ? new Uint8Array(Buffer.from(seedHex, "hex")) : new Uint8Array(0);
  const rerun = drawInspection({ ...input, seed });
  return {
    commitmentOk: verifyInspectionCommitment(seed, commitment),
    inputDigestOk: inspectionInputDigest(input) === inputDigest.toLowerCase(),
    resultOk: rerun.ok && canonicalJson(rerun.targets) === canonicalJson(targets),
  };
}
