import type { Transaction } from "kysely";
import type { AuditLog } from "./audit/audit-log.ts";
import type { Clock } from "./clock.ts";
import type { Db } from "./db/database.ts";
import type { DB } from "./db/schema.ts";
import type { EventBus } from "./events/event-bus.ts";

/** What every service is built from. */
export interface Deps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
}

/**
 * Runs a state change. Inside `work`, use only `trx`: on embedded PGlite there is one connection,
 * and a query on `deps.db` would wait for the very transaction that is waiting for it. Read what
 * the change needs from other services before calling `change`.
 *
 * Runs a state change: one transaction that carries the change and its audit entries, then waits
 * until the entries are sealed into the signed Merkle tree before the caller is answered.
 */
export async function change<T>(deps: Deps, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const result = await deps.db.transaction().execute(work);
  await deps.audit.flush();
  return result;
}
