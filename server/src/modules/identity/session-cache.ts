import type { Actor } from "../../platform/http/actor.ts";

/** The event every process hears when sessions are revoked (logout, disabled account, changed password). */
export const SESSIONS_TOPIC = "identity:sessions";

/**
 * Resolved bearer tokens, so a busy client (a bidder in an auction hall) is not looked up in the database on
 * every request. An entry lives until its session expires, at most `ttlMs`; a revocation evicts it at once in
 * the revoking process and, through the event published with the revocation, in every other process when it
 * commits. `ttlMs` bounds what a lost event could leave behind.
 */
export class SessionCache {
  private readonly entries = new Map<string, { actor: Actor; expiresAt: number; until: number }>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly max = 50_000,
  ) {}

  /** The actor of a token hash still valid at `now` (the platform clock), if cached. */
  get(tokenHash: string, now: Date): Actor | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (now.getTime() >= entry.expiresAt || Date.now() >= entry.until) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.actor;
  }

  put(tokenHash: string, actor: Actor, expiresAt: Date) {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(tokenHash, { actor, expiresAt: expiresAt.getTime(), until: Date.now() + this.ttlMs });
  }

  evict(sessionIds: readonly number[]) {
    const gone = new Set(sessionIds);
    for (const [hash, entry] of this.entries) if (entry.actor.sessionId !== null && gone.has(entry.actor.sessionId)) this.entries.delete(hash);
  }
}
