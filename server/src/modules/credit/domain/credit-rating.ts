/**
 * A subject's credit rating from its records (一处失信、处处受限). Unsupervised and legible: start
 * from 100, subtract for violations and more for blacklisting, add for rewards and good performance,
 * only records in force count. A: ≥ 90, B: ≥ 75, C: ≥ 60, D: below 60 or blacklisted now.
 * The weights are platform policy (documented here, adjustable), not law.
 */
export interface RatedRecord {
  kind: "violation" | "blacklist" | "reward" | "performance";
  inForce: boolean;
}

export const RATING_WEIGHTS = { violation: -15, blacklist: -40, reward: 5, performance: 3 } as const;

export type Rating = "A" | "B" | "C" | "D";

export function creditRating(records: readonly RatedRecord[]): { score: number; rating: Rating } {
  let score = 100;
  let blacklisted = false;
  for (const r of records) {
    if (!r.inForce) continue;
    score += RATING_WEIGHTS[r.kind];
    if (r.kind === "blacklist") blacklisted = true;
  }
  score = Math.max(0, Math.min(100, score));
  const rating: Rating = blacklisted || score < 60 ? "D" : score >= 90 ? "A" : score >= 75 ? "B" : "C";
  return { score, rating };
}

/** A record restricts an action at `now` when it names the action, is not revoked, and `now` is in its period. */
export function restricts(
  record: { restricted_actions: readonly string[]; revoked_at: Date | null; starts_at: Date | null; ends_at: Date | null },
  action: string,
  now: Date,
): boolean {
  if (record.revoked_at !== null || !record.restricted_actions.includes(action)) return false;
  if (record.starts_at && now.getTime() < record.starts_at.getTime()) return false;
  if (record.ends_at && now.getTime() >= record.ends_at.getTime()) return false;
  return true;
}
