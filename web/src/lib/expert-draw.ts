/**
 * Re-running an expert draw in the browser from its revealed seed (algorithm "ggzy-expert-draw/v1",
 * server/src/modules/experts/domain/expert-draw.ts), so nobody has to trust the platform's word:
 *
 *   1. SM3(seed) = the commitment published before the draw, and SM3(canonical JSON of the pool
 *      snapshot and the rules) = the published input digest;
 *   2. the exclusion rules applied to every expert of the pool; the eligible ids sorted by UTF-16
 *      code units are the candidates;
 *   3. HMAC_DRBG with SHA-256 (SP 800-90A §10.1.2): entropy = seed, nonce = empty,
 *      personalization = UTF-8("ggzy-expert-draw" + drawId);
 *   4. each seat: r = Generate(4 bytes) big-endian until r < 2^32 − (2^32 mod n), pick r mod n;
 *   5. each decline, in order: remove the member, draw one replacement from the same stream.
 *
 * SM3 comes from sm-crypto-v2; HMAC-SHA-256 from WebCrypto (a secure context: HTTPS or localhost).
 */
import { sm3 } from "sm-crypto-v2";
import type { DrawExpert, DrawRules, PublicDraw } from "../api/evaluation.ts";
import { hexToBytes } from "./bid-sealing.ts";

export const DRAW_ALGORITHM = "ggzy-expert-draw/v1";
const PERSONALIZATION_PREFIX = "ggzy-expert-draw";
const OUTLEN = 32;

export const EXCLUSION_REASONS = [
  "UNAVAILABLE",
  "PUNISHED",
  "SPECIALTY",
  "REGION",
  "EMPLOYED_BY_BIDDER",
  "DECLARED_AVOIDANCE",
  "EMPLOYED_BY_TENDERER",
  "SUPERVISING_DEPARTMENT",
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The draw's canonical JSON: keys sorted by UTF-16 code units, undefined members left out, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => byCodeUnits(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SM3 of the canonical input (pool sorted by id): the digest published with the commitment. */
export function drawInputDigest(input: {
  drawId: string;
  pool: readonly DrawExpert[];
  rules: DrawRules;
  size: number;
  tendererRepresentatives: number;
}): string {
  const pool = [...input.pool].sort((a, b) => byCodeUnits(a.id, b.id));
  return sm3(
    canonicalJson({
      algorithm: DRAW_ALGORITHM,
      drawId: input.drawId,
      pool,
      rules: input.rules,
      size: input.size,
      tendererRepresentatives: input.tendererRepresentatives,
    }),
  );
}

/** Every reason that excludes `expert` under `rules`, in the order of {@link EXCLUSION_REASONS}. */
export function exclusionReasons(expert: DrawExpert, rules: DrawRules): ExclusionReason[] {
  const norm = (uscc: string) => uscc.trim().toUpperCase();
  const reasons: ExclusionReason[] = [];
  const bidders = new Set(rules.bidderUsccs.map(norm));
  const tenderer = rules.tendererUscc ? norm(rules.tendererUscc) : undefined;
  const employer = expert.employerUscc ? norm(expert.employerUscc) : undefined;
  const declared = (expert.avoidUsccs ?? []).map(norm);
  if (!expert.available) reasons.push("UNAVAILABLE");
  if (expert.punishedUntil !== undefined && expert.punishedUntil >= rules.today) reasons.push("PUNISHED");
  if (!rules.specialties.some((code) => expert.specialty.startsWith(code))) reasons.push("SPECIALTY");
  if (expert.region !== rules.localRegion && !(rules.remoteRegions ?? []).includes(expert.region)) reasons.push("REGION");
  if (employer !== undefined && bidders.has(employer)) reasons.push("EMPLOYED_BY_BIDDER");
  if (declared.some((u) => bidders.has(u) || u === tenderer)) reasons.push("DECLARED_AVOIDANCE");
  if (employer !== undefined && employer === tenderer) reasons.push("EMPLOYED_BY_TENDERER");
  if (rules.supervisingDepartment !== undefined && expert.departmentCode === rules.supervisingDepartment) reasons.push("SUPERVISING_DEPARTMENT");
  return reasons;
}

/** HMAC-SHA-256 through WebCrypto. */
async function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Promise<Uint8Array> {
  if (!globalThis.crypto?.subtle) throw new Error("HMAC-SHA-256 needs WebCrypto (a secure context: HTTPS or localhost)");
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  const cryptoKey = await crypto.subtle.importKey("raw", key as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, data));
}

/** HMAC_DRBG (SP 800-90A Rev. 1 §10.1.2) with SHA-256, no reseeding, no additional input. */
export class HmacDrbg {
  private key: Uint8Array = new Uint8Array(OUTLEN);
  private v: Uint8Array = new Uint8Array(OUTLEN).fill(0x01);

  static async create(entropy: Uint8Array, personalization: Uint8Array): Promise<HmacDrbg> {
    const drbg = new HmacDrbg();
    const seedMaterial = new Uint8Array(entropy.length + personalization.length);
    seedMaterial.set(entropy);
    seedMaterial.set(personalization, entropy.length);
    await drbg.update(seedMaterial);
    return drbg;
  }

  private async update(provided?: Uint8Array) {
    this.key = await hmacSha256(this.key, this.v, Uint8Array.of(0x00), provided ?? new Uint8Array(0));
    this.v = await hmacSha256(this.key, this.v);
    if (!provided || provided.length === 0) return;
    this.key = await hmacSha256(this.key, this.v, Uint8Array.of(0x01), provided);
    this.v = await hmacSha256(this.key, this.v);
  }

  async generate(length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += OUTLEN) {
      this.v = await hmacSha256(this.key, this.v);
      out.set(this.v.subarray(0, Math.min(OUTLEN, length - offset)), offset);
    }
    await this.update();
    return out;
  }
}

/** A uniform integer in [0, n) by rejection sampling on big-endian 32-bit words. */
export async function uniformInt(drbg: HmacDrbg, n: number): Promise<number> {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const b = await drbg.generate(4);
    const word = ((b[0] as number) * 2 ** 24 + ((b[1] as number) << 16) + ((b[2] as number) << 8) + (b[3] as number)) >>> 0;
    if (word < limit) return word % n;
  }
}

export interface RerunResult {
  commitmentOk: boolean;
  inputDigestOk: boolean;
  /** The committee this browser computed, by draw order. */
  members: { expertId: string; order: number }[];
  declined: { expertId: string; replacedBy: string }[];
  eligible: string[];
  excluded: { expertId: string; reasons: ExclusionReason[] }[];
  /** The computed committee is the one the platform published. */
  membersOk: boolean;
  /** Why the draw could not be re-run (the pool ran out, a decline of a non-member). */
  problem?: string;
}

/**
 * Re-runs a revealed draw. The public record has no `tendererRepresentatives`: it is the seats not
 * drawn, size − the number of members published.
 */
export async function rerunDraw(draw: PublicDraw): Promise<RerunResult> {
  if (!draw.seed || !draw.pool || !draw.rules || !draw.members) throw new Error("the draw is not revealed yet");
  const seed = hexToBytes(draw.seed);
  const commitmentOk = sm3(seed) === draw.commitment.toLowerCase();
  const expertSeats = draw.members.length;
  const tendererRepresentatives = draw.size - expertSeats;
  const inputDigestOk =
    drawInputDigest({ drawId: draw.drawId, pool: draw.pool, rules: draw.rules, size: draw.size, tendererRepresentatives }) === draw.inputDigest.toLowerCase();

  const eligible: string[] = [];
  const excluded: RerunResult["excluded"] = [];
  for (const expert of draw.pool) {
    const reasons = exclusionReasons(expert, draw.rules);
    if (reasons.length === 0) eligible.push(expert.id);
    else excluded.push({ expertId: expert.id, reasons });
  }
  eligible.sort(byCodeUnits);
  excluded.sort((a, b) => byCodeUnits(a.expertId, b.expertId));

  const base = { commitmentOk, inputDigestOk, eligible, excluded };
  const failed = (problem: string): RerunResult => ({ ...base, members: [], declined: [], membersOk: false, problem });
  if (eligible.length < expertSeats) return failed(`eligible ${eligible.length} < ${expertSeats}`);

  const drbg = await HmacDrbg.create(seed, new TextEncoder().encode(PERSONALIZATION_PREFIX + draw.drawId));
  const remaining = [...eligible];
  const members: RerunResult["members"] = [];
  let order = 0;
  const pick = async () => {
    const index = await uniformInt(drbg, remaining.length);
    const [expertId] = remaining.splice(index, 1) as [string];
    members.push({ expertId, order: ++order });
    return expertId;
  };
  for (let seat = 0; seat < expertSeats; seat++) await pick();
  const declined: RerunResult["declined"] = [];
  for (const expertId of draw.declined ?? []) {
    const at = members.findIndex((m) => m.expertId === expertId);
    if (at < 0) return failed(`${expertId} declined but was not a member`);
    if (remaining.length === 0) return failed("the pool ran out");
    members.splice(at, 1);
    declined.push({ expertId, replacedBy: await pick() });
  }
  const published = draw.members.map((m) => `${m.expertId}:${m.order}`).join(",");
  const computed = members.map((m) => `${m.expertId}:${m.order}`).join(",");
  return { ...base, members, declined, membersOk: published === computed };
}
