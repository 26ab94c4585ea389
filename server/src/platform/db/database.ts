import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { PGliteDialect } from "./pglite-dialect.ts";
import type { DB } from "./schema.ts";

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Receives NOTIFY payloads on a channel (from every process sharing the database). */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;

/** int8 columns hold ids, counts and money in 分: all well inside Number's exact range. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is outside the safe integer range`);
  return value;
}
/** Civil dates stay "YYYY-MM-DD" strings: no time zone may shift them. */
const parseDate = (text: string) => text;

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data folder; omit for an in-memory database (tests). */
  dataDir?: string;
  /** Load a PGlite data-dir dump (tests start from a migrated template). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Sessions run in UTC so that row text (hashed by the audit log) never depends on the server.
      options: "-c TimeZone=UTC",
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") => {
          if (oid === INT8) return parseInt8;
          if (oid === DATE) return parseDate;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the server ends (restart, dropped database) must not crash the process.
    pool.on("error", (error) => console.error(`[ggzy] idle PostgreSQL connection lost: ${error.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const listeners: pg.Client[] = [];
    return {
      db,
      kind: "postgres",
      async listen(channel, handler) {
        const client = new pg.Client({ connectionString: options.databaseUrl });
        client.on("error", (error) => console.error(`[ggzy] event listener connection lost: ${error.message}`));
        await client.connect();
        client.on("notification", (message) => {
          if (message.channel === channel) handler(message.payload ?? "");
        });
        await client.query(`listen ${pg.Client.prototype.escapeIdentifier(channel)}`);
        listeners.push(client);
        return async () => {
          listeners.splice(listeners.indexOf(client), 1);
          await client.end();
        };
      },
      close: async () => {
        await Promise.all(listeners.map((c) => c.end()));
        await db.destroy();
      },
    };
  }
  if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    parsers: { [INT8]: parseInt8, [DATE]: parseDate },
  });
  await pglite.exec("set time zone 'UTC'");
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: "pglite",
    async listen(channel, handler) {
      const unsubscribe = await pglite.listen(channel, handler);
      return async () => unsubscribe();
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
