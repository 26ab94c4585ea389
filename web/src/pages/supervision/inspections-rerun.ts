/**
 * Re-running a random inspection draw in the browser from its revealed seed (algorithm
 * "ggzy-inspection-draw/v1", server/src/modules/supervision/domain/inspection-draw.ts), with the same
 * HMAC_DRBG and unbiased picks as the expert draw (lib/expert-draw.ts):
 *
 *   1. SHA-256(seed) = the commitment; SHA-256(canonical JSON of the input) = the input digest;
 *   2. projects, agencies and inspectors sorted by UTF-16 code units;
 *   3. HMAC_DRBG(SHA-256): entropy = seed, personalization = UTF-8("ggzy-inspection-draw" + planId);
 *   4. `projectCount` projects, then `agencyCount` agencies, each taken out of its remaining list;
 *   5. for each target in order, `inspectorsPerTarget` inspectors from those not avoiding it.
 */
import { hexToBytes } from "../../lib/bid-sealing.ts";
import { canonicalJson, HmacDrbg, uniformInt } from "../../lib/expert-draw.ts";
import type { PublicInspectionDraw } from "./inspections-parts.tsx";

const ALGORITHM = "ggzy-inspection-draw/v1";
const PERSONALIZATION_PREFIX = "ggzy-inspection-draw";

type Input = NonNullable<PublicInspectionDraw["input"]>;
export interface InspectionRerun {
  commitmentOk: boolean;
  inputDigestOk: boolean;
  resultOk: boolean;
  targets: { id: string; kind: "project" | "agency"; order: number; inspectors: string[] }[];
  problem?: string;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function canonicalInput(input: Input) {
  return {
    algorithm: ALGORITHM,
    planId: input.planId,
    projects: [...input.projects].sort(),
    agencies: [...input.agencies].sort(),
    inspectors: [...input.inspectors].sort(),
    projectCount: input.projectCount,
    agencyCount: input.agencyCount,
    inspectorsPerTarget: input.inspectorsPerTarget,
    conflicts: input.conflicts
      .map((c) => ({ inspector: c.inspector, target: c.target, reasons: c.reasons }))
      .sort((a, b) => byCodeUnits(a.inspector, b.inspector) || byCodeUnits(a.target, b.target)),
  };
}

/** Re-runs a published draw here and compares it with the commitment, the digest and the published result. */
export async function rerunInspection(draw: PublicInspectionDraw): Promise<InspectionRerun> {
  if (!draw.seed || !draw.input || !draw.targets) throw new Error("the draw is not published yet");
  const input = draw.input;
  const seed = hexToBytes(draw.seed);
  const commitmentOk = (await sha256Hex(seed)) === draw.commitment.toLowerCase();
  const inputDigestOk = (await sha256Hex(new TextEncoder().encode(canonicalJson(canonicalInput(input))))) === draw.inputDigest.toLowerCase();
  const drbg = await HmacDrbg.create(seed, new TextEncoder().encode(PERSONALIZATION_PREFIX + input.planId));
  const take = async (remaining: string[]) => remaining.splice(await uniformInt(drbg, remaining.length), 1)[0] as string;

  const targets: InspectionRerun["targets"] = [];
  for (const [kind, population, count] of [
    ["project", [...input.projects].sort(), input.projectCount],
    ["agency", [...input.agencies].sort(), input.agencyCount],
  ] as const) {
    for (let i = 0; i < count; i++) targets.push({ id: await take(population), kind, order: targets.length + 1, inspectors: [] });
  }
  const pool = [...input.inspectors].sort();
  for (const target of targets) {
    const eligible = pool.filter((i) => !input.conflicts.some((c) => c.inspector === i && c.target === target.id));
    if (eligible.length < input.inspectorsPerTarget)
      return { commitmentOk, inputDigestOk, resultOk: false, targets, problem: `too few inspectors for ${target.id}` };
    for (let k = 0; k < input.inspectorsPerTarget; k++) target.inspectors.push(await take(eligible));
  }
  return { commitmentOk, inputDigestOk, resultOk: canonicalJson(targets) === canonicalJson(draw.targets), targets };
}
