import { sql, type Transaction } from "kysely";
import type { Database } from "../db/database.ts";
import type { DB } from "../db/schema.ts";

const CHANNEL = "ggzy_events";

export interface PlatformEvent {
  topic: string;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

/**
 * Live events for the opening hall (and later the auction hall). An event is published inside the
 * transaction of the change it reports, with NOTIFY, so it is delivered after — and only if — that
 * change commits, to every server process on the database (LISTEN), which fans it out to its SSE
 * clients.
 */
export class EventBus {
  private readonly handlers = new Map<string, Set<(event: PlatformEvent) => void>>();
  private stop: (() => Promise<void>) | undefined;

  constructor(private readonly database: Database) {}

  async start() {
    this.stop = await this.database.listen(CHANNEL, (payload) => {
      const event = JSON.parse(payload) as PlatformEvent;
      for (const handler of this.handlers.get(event.topic) ?? []) handler(event);
    });
  }

  async close() {
    await this.stop?.();
  }

  /** PostgreSQL (and PGlite) refuse NOTIFY payloads of 8000 bytes or more: events stay small. */
  async publish(trx: Transaction<DB>, event: PlatformEvent) {
    await sql`select ${this.notification(event)}`.execute(trx);
  }

  /** The `pg_notify(…)` expression of an event, for a statement that does more than notify. */
  notification(event: PlatformEvent) {
    return sql<void>`pg_notify(${CHANNEL}, ${this.payload(event)})`;
  }

  /** A query sending these events in this order (for a CTE of a statement that does more); one row per event. */
  notifications(events: readonly PlatformEvent[]) {
    const payloads = events.map((event) => sql`(${this.payload(event)})`);
    return sql`select pg_notify(${CHANNEL}, e.payload) from (values ${sql.join(payloads)}) as e(payload)`;
  }

  private payload(event: PlatformEvent) {
    const payload = JSON.stringify(event);
    if (Buffer.byteLength(payload) >= 8000) throw new RangeError(`event ${event.type} is too large for NOTIFY (${Buffer.byteLength(payload)} bytes)`);
    return payload;
  }

  subscribe(topic: string, handler: (event: PlatformEvent) => void): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(topic);
    };
  }
}
