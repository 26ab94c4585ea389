/**
 * 回避 in 双随机 inspections: an inspector may not inspect a target he has a relation to. The rules use
 * only relations the platform records, so each exclusion can be checked against the data:
 *
 * - EMPLOYED_BY_PARTY — the inspector's person (居民身份证号) is on the staff (`subject_staff`) of a party of
 *   the target, now or within the {@link FORMER_STAFF_YEARS} years before the commitment (our choice: a
 *   recent former employer is a relation too). Parties: of an agency target, the agency; of a project
 *   target, its tenderer, its agency and every bidder registered for one of its sections.
 * - ACCOUNT_OF_PARTY — the same person holds (or held) an account acting for a party (`user_account.subject_id`).
 * - HANDLED_PROJECT — the inspector's account acted on one of the target's projects in the audit log (the
 *   project, its sections, an alert or complaint about them): staff of the department who handled a
 *   project do not inspect it. An agency target's projects are those it was the agency of in the plan's
 *   population (the platform's projects of that year).
 * - SAT_ON_COMMITTEE — the inspector's person sat on an expert committee (drawn member) of one of the
 *   target's projects.
 *
 * The facts are gathered by the service when the plan is committed; this module is the pure rule, and
 * the pairs it excludes are part of the committed draw input.
 */

export const AVOIDANCE_REASONS = ["EMPLOYED_BY_PARTY", "ACCOUNT_OF_PARTY", "HANDLED_PROJECT", "SAT_ON_COMMITTEE"] as const;
export type AvoidanceReason = (typeof AVOIDANCE_REASONS)[number];

/** Years after leaving a party during which its former staff still avoid it. */
export const FORMER_STAFF_YEARS = 3;

export interface InspectorFacts {
  /** Key of the inspector in the draw (e.g. `user:12`). */
  id: string;
  /** USCCs of the subjects whose staff the inspector's person is (or recently was). */
  employerUsccs: readonly string[];
  /** USCCs of the subjects the person holds accounts for. */
  accountUsccs: readonly string[];
  /** Tender project ids the account acted on. */
  handledProjectIds: readonly number[];
  /** Tender project ids where the person was a drawn committee member. */
  committeeProjectIds: readonly number[];
}

export interface TargetFacts {
  /** Key of the target in the draw (e.g. `project:…`, `agency:…`). */
  id: string;
  /** USCCs of the target's parties. */
  partyUsccs: readonly string[];
  /** The tender projects the target stands for. */
  projectIds: readonly number[];
}

const norm = (uscc: string) => uscc.trim().toUpperCase();
const meets = <T>(a: readonly T[], b: readonly T[]) => {
  const set = new Set(b);
  return a.some((x) => set.has(x));
};

/** Every reason why `inspector` must not inspect `target`, in the order of {@link AVOIDANCE_REASONS}; empty if none. */
export function avoidanceReasons(inspector: InspectorFacts, target: TargetFacts): AvoidanceReason[] {
  const parties = target.partyUsccs.map(norm);
  const reasons: AvoidanceReason[] = [];
  if (meets(inspector.employerUsccs.map(norm), parties)) reasons.push("EMPLOYED_BY_PARTY");
  if (meets(inspector.accountUsccs.map(norm), parties)) reasons.push("ACCOUNT_OF_PARTY");
  if (meets(inspector.handledProjectIds, target.projectIds)) reasons.push("HANDLED_PROJECT");
  if (meets(inspector.committeeProjectIds, target.projectIds)) reasons.push("SAT_ON_COMMITTEE");
  return reasons;
}

export interface Conflict {
  inspector: string;
  target: string;
  reasons: AvoidanceReason[];
}

/** The excluded (inspector, target) pairs, sorted by inspector then target (UTF-16 code units). */
export function conflictsOf(inspectors: readonly InspectorFacts[], targets: readonly TargetFacts[]): Conflict[] {
  const out: Conflict[] = [];
  for (const inspector of inspectors) {
    for (const target of targets) {
      const reasons = avoidanceReasons(inspector, target);
      if (reasons.length > 0) out.push({ inspector: inspector.id, target: target.id, reasons });
    }
  }
  return out.sort((a, b) => compare(a.inspector, b.inspector) || compare(a.target, b.target));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
