/**
 * Random draw of a bid evaluation committee (评标委员会) from the expert pool (评标专家库), verifiable
 * by anyone after the fact.
 *
 * Law modelled (招标投标法 第37条; 评标委员会和评标方法暂行规定 第9–12条): the committee has at least
 * five members and an odd number of them; technical, economic and similar experts make up at least
 * two thirds of it; the rest may be representatives of the tenderer (招标人代表), who are appointed,
 * not drawn. Experts employed by a bidder, who declared a conflict with a bidder (回避), who work for
 * the supervising department (行政监督部门), who are currently punished, unavailable, of another
 * specialty or from a region that is not allowed are excluded before the draw.
 *
 * Commit–reveal: before the draw the service generates a random seed (≥ 32 bytes; {@link newSeed}
 * gives 48), publishes `commitSeed(seed)` = SM3(seed) together with `drawInputDigest(input)` (the
 * SM3 of the pool snapshot and rules), draws, and after the draw (once replacements are settled)
 * reveals the seed. The result is a pure function of (seed, drawId, pool snapshot, rules, size,
 * tenderer representatives, the ordered list of declined experts) — nothing else: no clock, no
 * Math.random, no database order.
 *
 * How anyone re-runs a draw from the revealed seed (algorithm "ggzy-expert-draw/v1"):
 *   1. Check SM3(seed) = the published commitment, and SM3(canonical JSON of the input) = the
 *      published input digest (see {@link drawInputDigest} for the canonical form).
 *   2. Apply the exclusion rules to every expert of the pool (see {@link exclusionReasons}); sort
 *      the ids of the remaining (eligible) experts by UTF-16 code units (JavaScript's default sort,
 *      not a locale collation). This is the candidate list.
 *   3. Instantiate HMAC_DRBG (NIST SP 800-90A Rev. 1 §10.1.2) with SHA-256: entropy_input = seed,
 *      nonce = empty, personalization_string = UTF-8("ggzy-expert-draw" + drawId). No reseeding, no
 *      additional input, prediction resistance off.
 *   4. Draw `size − tendererRepresentatives` experts one by one. For each: let n = the number of
 *      remaining candidates; repeat r = Generate(4 bytes) read as a big-endian unsigned 32-bit
 *      integer until r < 2^32 − (2^32 mod n) (rejection sampling, so every index is exactly equally
 *      likely); take the candidate at index r mod n and remove it from the list (the others keep
 *      their order). The k-th expert drawn gets order k.
 *   5. For each declined expert, in the order the declines were recorded: remove that member from
 *      the committee and draw one replacement exactly as in step 4, continuing the same DRBG (the
 *      declined expert is not returned to the candidates). The replacement gets the next order.
 * The trace of every result records the candidate list, every raw 32-bit sample (including
 * rejected ones) and each pick, so a re-implementation can be compared step by step.
 *
 * What commit–reveal does and does not prove: it proves the seed was fixed before the draw and not
 * changed afterwards, and (with the input digest) that the pool was not edited to steer the result.
 * It does not stop whoever generates the seed from trying many seeds before committing. Where that
 * matters, the seed should combine contributions of parties that do not trust each other (e.g. the
 * trading centre and the supervisor each commit to 32 random bytes, and seed = SM3(a ‖ b) once both
 * commitments are published), or public randomness fixed only after the commitment.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { HmacDrbgSha256, MIN_SEED_BYTES, takeOne } from "../../../platform/crypto/hmac-drbg.ts";

export { HmacDrbgSha256, MIN_SEED_BYTES, newSeed, uniformInt } from "../../../platform/crypto/hmac-drbg.ts";

// ---------------------------------------------------------------------------------------------
// Commitment
// ---------------------------------------------------------------------------------------------

export const DRAW_ALGORITHM = "ggzy-expert-draw/v1";
const PERSONALIZATION_PREFIX = "ggzy-expert-draw";

/** The public commitment to a seed: SM3(seed), lower-case hex. */
export function commitSeed(seed: Uint8Array): string {
  return createHash("sm3").update(seed).digest("hex");
}

export function verifyCommitment(seed: Uint8Array, commitmentHex: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(commitmentHex)) return false;
  return timingSafeEqual(Buffer.from(commitSeed(seed), "hex"), Buffer.from(commitmentHex, "hex"));
}

// ---------------------------------------------------------------------------------------------
// Pool, rules, exclusions
// ---------------------------------------------------------------------------------------------

export interface Expert {
  id: string;
  /** 专业分类 code, e.g. "A080101"; matched by prefix against the rules. */
  specialty: string;
  kind: "technical" | "economic";
  /** Region code of the expert's registration (compared exactly with the rules' regions). */
  region: string;
  /** USCC of the employer. */
  employerUscc?: string;
  available: boolean;
  /** Punished (暂停/取消评标资格) up to and including this date, YYYY-MM-DD. */
  punishedUntil?: string;
  /** Code of the government department the expert works for, if any. */
  departmentCode?: string;
  /** Enterprises the expert declared a conflict of interest with (回避企业名单), USCCs. */
  avoidUsccs?: string[];
}

export interface DrawRules {
  /** Eligible specialty codes; an expert is eligible if its specialty starts with one of them. */
  specialties: string[];
  /** Minimum share of drawn experts among all members; the law's 2/3 by default, may only be stricter. */
  minTechnicalEconomicShare?: number;
  /** USCCs of all bidders of the section: their employees and experts declaring them are excluded. */
  bidderUsccs: string[];
  /** Optional: the tenderer's USCC — its employees sit as representatives, not as drawn experts. */
  tendererUscc?: string;
  /** The supervising department, whose staff are excluded. */
  supervisingDepartment?: string;
  /** The day of the draw, YYYY-MM-DD; experts punished until this day or later are excluded. */
  today: string;
  /** The local region; experts from here are eligible. */
  localRegion: string;
  /** Further regions whose experts are eligible (异地抽取). */
  remoteRegions?: string[];
}

export interface DrawInput {
  /** The committed seed, at least 32 bytes. */
  seed: Uint8Array;
  /** Identifies the draw (e.g. the section's draw request number); part of the DRBG personalization. */
  drawId: string;
  /** The pool snapshot taken when the seed was committed. */
  pool: readonly Expert[];
  /** Committee size including tenderer representatives: odd, at least 5. */
  size: number;
  /** Tenderer representatives sitting on the committee (counted in `size`, not drawn). Default 0. */
  tendererRepresentatives?: number;
  rules: DrawRules;
  /** Members who declined, in the order they declined; each triggers one replacement. */
  declined?: readonly string[];
}

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

const normUscc = (uscc: string) => uscc.trim().toUpperCase();

/** Every reason that excludes `expert` under `rules`, in the order of {@link EXCLUSION_REASONS}; empty if eligible. */
export function exclusionReasons(expert: Expert, rules: DrawRules): ExclusionReason[] {
  const reasons: ExclusionReason[] = [];
  const bidders = new Set(rules.bidderUsccs.map(normUscc));
  const tenderer = rules.tendererUscc ? normUscc(rules.tendererUscc) : undefined;
  const employer = expert.employerUscc ? normUscc(expert.employerUscc) : undefined;
  const declared = (expert.avoidUsccs ?? []).map(normUscc);
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

// ---------------------------------------------------------------------------------------------
// The draw
// ---------------------------------------------------------------------------------------------

export interface DrawStep {
  /** 1-based draw order. */
  order: number;
  /** Candidates remaining before this pick. */
  candidates: number;
  /** Raw 32-bit DRBG words consumed (the last one accepted). */
  samples: number[];
  /** Index picked in the remaining candidate list. */
  index: number;
  expertId: string;
  /** For a replacement: the member who declined. */
  replaces?: string;
}

export interface DrawTrace {
  algorithm: typeof DRAW_ALGORITHM;
  commitment: string;
  inputDigest: string;
  /** The DRBG personalization string (UTF-8). */
  personalization: string;
  size: number;
  tendererRepresentatives: number;
  expertSeats: number;
  /** Eligible expert ids in candidate order (sorted by UTF-16 code units). */
  eligible: string[];
  steps: DrawStep[];
  generateCalls: number;
}

export interface DrawSuccess {
  ok: true;
  /** The current committee's drawn experts, by draw order. */
  members: { expertId: string; order: number }[];
  /** Every pool expert not eligible, with the first reason and all reasons; sorted by id. */
  excluded: { expertId: string; reason: ExclusionReason; reasons: ExclusionReason[] }[];
  /** Members who declined, with their replacement. */
  declined: { expertId: string; order: number; replacedBy: string }[];
  trace: DrawTrace;
}

export type DrawFailure =
  | { ok: false; code: "INVALID_SIZE" | "TOO_MANY_REPRESENTATIVES" | "INVALID_INPUT" | "NOT_A_MEMBER" | "PREVIOUS_MISMATCH"; message: string }
  | {
      ok: false;
      code: "INSUFFICIENT_POOL";
      message: string;
      /** Experts still needed when the pool ran out. */
      needed: number;
      /** Eligible experts in the pool (before any draw). */
      eligible: number;
      /** Experts already used up by declines. */
      declined: number;
      /** Excluded experts by (first) reason. */
      excludedBy: Record<ExclusionReason, number>;
    };

export type DrawResult = DrawSuccess | DrawFailure;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const LAW_MIN_SHARE = 2 / 3;
const EPSILON = 1e-9;

function fail(code: Exclude<DrawFailure["code"], "INSUFFICIENT_POOL">, message: string): DrawFailure {
  return { ok: false, code, message };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => byCodeUnits(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * SM3 (hex) of the canonical JSON of everything the draw depends on except the seed and the
 * declines: `{ algorithm, drawId, pool, rules, size, tendererRepresentatives }`, with the pool sorted
 * by id, object keys sorted by UTF-16 code units, undefined fields omitted, no whitespace.
 * Publish it with the seed commitment.
 */
export function drawInputDigest(input: Omit<DrawInput, "seed" | "declined">): string {
  const pool = [...input.pool].sort((a, b) => byCodeUnits(a.id, b.id));
  const canonical = canonicalJson({
    algorithm: DRAW_ALGORITHM,
    drawId: input.drawId,
    pool,
    rules: input.rules,
    size: input.size,
    tendererRepresentatives: input.tendererRepresentatives ?? 0,
  });
  return createHash("sm3").update(canonical, "utf8").digest("hex");
}

function validate(input: DrawInput): DrawFailure | { expertSeats: number; reps: number } {
  const { size, rules } = input;
  const reps = input.tendererRepresentatives ?? 0;
  if (!Number.isInteger(size) || size < 5 || size % 2 === 0) return fail("INVALID_SIZE", `a committee has an odd number of members, at least 5 (got ${size})`);
  if (!Number.isInteger(reps) || reps < 0) return fail("INVALID_INPUT", "tendererRepresentatives must be a non-negative integer");
  const share = rules.minTechnicalEconomicShare ?? LAW_MIN_SHARE;
  if (!(share >= LAW_MIN_SHARE - EPSILON && share <= 1)) return fail("INVALID_INPUT", "minTechnicalEconomicShare must be between 2/3 and 1");
  const expertSeats = size - reps;
  if (expertSeats < Math.ceil(share * size - EPSILON)) {
    return fail(
      "TOO_MANY_REPRESENTATIVES",
      `${reps} tenderer representatives leave ${expertSeats} of ${size} seats to experts; at least ${Math.ceil(share * size - EPSILON)} are required`,
    );
  }
  if (!(input.seed instanceof Uint8Array) || input.seed.length < MIN_SEED_BYTES)
    return fail("INVALID_INPUT", `the seed must have at least ${MIN_SEED_BYTES} bytes`);
  if (typeof input.drawId !== "string" || input.drawId.length === 0) return fail("INVALID_INPUT", "drawId is required");
  if (!DATE.test(rules.today)) return fail("INVALID_INPUT", "rules.today must be YYYY-MM-DD");
  if (rules.specialties.length === 0 || rules.specialties.some((s) => s.length === 0))
    return fail("INVALID_INPUT", "rules.specialties must list non-empty codes");
  if (!rules.localRegion) return fail("INVALID_INPUT", "rules.localRegion is required");
  const ids = new Set<string>();
  for (const expert of input.pool) {
    if (!expert.id) return fail("INVALID_INPUT", "an expert without id");
    if (ids.has(expert.id)) return fail("INVALID_INPUT", `expert ${expert.id} appears twice in the pool`);
    ids.add(expert.id);
    if (expert.punishedUntil !== undefined && !DATE.test(expert.punishedUntil))
      return fail("INVALID_INPUT", `expert ${expert.id}: punishedUntil must be YYYY-MM-DD`);
  }
  return { expertSeats, reps };
}

/** Draws a committee. Pure: the same input always gives the same result. */
export function drawCommittee(input: DrawInput): DrawResult {
  const checked = validate(input);
  if ("ok" in checked) return checked;
  const { expertSeats, reps } = checked;

  const excluded: DrawSuccess["excluded"] = [];
  const eligible: string[] = [];
  const excludedBy = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<ExclusionReason, number>;
  for (const expert of input.pool) {
    const reasons = exclusionReasons(expert, input.rules);
    if (reasons.length === 0) eligible.push(expert.id);
    else {
      excluded.push({ expertId: expert.id, reason: reasons[0]!, reasons });
      excludedBy[reasons[0]!]++;
    }
  }
  eligible.sort(byCodeUnits);
  excluded.sort((a, b) => byCodeUnits(a.expertId, b.expertId));
  const declines = input.declined ?? [];

  const insufficient = (needed: number): DrawFailure => ({
    ok: false,
    code: "INSUFFICIENT_POOL",
    message: `the pool has ${eligible.length} eligible experts (${declines.length} declined); ${needed} more needed`,
    needed,
    eligible: eligible.length,
    declined: declines.length,
    excludedBy,
  });
  if (eligible.length < expertSeats) return insufficient(expertSeats - eligible.length);

  const personalization = PERSONALIZATION_PREFIX + input.drawId;
  const drbg = new HmacDrbgSha256(input.seed, new Uint8Array(0), new TextEncoder().encode(personalization));
  const remaining = [...eligible];
  const steps: DrawStep[] = [];
  const members: DrawSuccess["members"] = [];

  const pick = (replaces?: string) => {
    const samples: number[] = [];
    const candidates = remaining.length;
    const { index, item: expertId } = takeOne(drbg, remaining, (word) => samples.push(word));
    const order = steps.length + 1;
    steps.push({ order, candidates, samples, index, expertId, ...(replaces !== undefined ? { replaces } : {}) });
    members.push({ expertId, order });
    return expertId;
  };

  for (let seat = 0; seat < expertSeats; seat++) pick();

  const declined: DrawSuccess["declined"] = [];
  for (const [i, expertId] of declines.entries()) {
    const at = members.findIndex((m) => m.expertId === expertId);
    if (at < 0) return fail("NOT_A_MEMBER", `${expertId} is not a member of the committee and cannot decline`);
    if (remaining.length === 0) return insufficient(declines.length - i);
    const [member] = members.splice(at, 1) as [{ expertId: string; order: number }];
    const replacedBy = pick(expertId);
    declined.push({ expertId, order: member.order, replacedBy });
  }

  return {
    ok: true,
    members,
    excluded,
    declined,
    trace: {
      algorithm: DRAW_ALGORITHM,
      commitment: commitSeed(input.seed),
      inputDigest: drawInputDigest(input),
      personalization,
      size: input.size,
      tendererRepresentatives: reps,
      expertSeats,
      eligible,
      steps,
      generateCalls: drbg.generateCalls,
    },
  };
}

/**
 * Replaces a member who declined (or must withdraw), continuing the same DRBG stream: the result
 * equals `drawCommittee({ ...input, declined: [...previous declines, declinedExpertId] })`, so the
 * whole sequence, replacements included, is reproducible from the revealed seed. `input` must be
 * the one `previous` was drawn from (checked: otherwise PREVIOUS_MISMATCH).
 */
export function replaceExpert(previous: DrawSuccess, declinedExpertId: string, input: Omit<DrawInput, "declined">): DrawResult {
  const priorDeclines = previous.declined.map((d) => d.expertId);
  const replay = drawCommittee({ ...input, declined: priorDeclines });
  if (!replay.ok || canonicalJson(replay) !== canonicalJson(previous)) {
    return fail("PREVIOUS_MISMATCH", "the previous draw cannot be reproduced from this seed, pool and rules");
  }
  if (!previous.members.some((m) => m.expertId === declinedExpertId)) {
    return fail("NOT_A_MEMBER", `${declinedExpertId} is not a member of the committee and cannot decline`);
  }
  return drawCommittee({ ...input, declined: [...priorDeclines, declinedExpertId] });
}
