import path from "node:path";
import { buildServices, type Services } from "../app.ts";
import { loadOrCreateSigner, type TreeHeadSigner } from "./audit/audit-signer.ts";
import type { Config } from "./config/config.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";

export interface Runtime {
  database: Database;
  signer: TreeHeadSigner;
  witnessFile: string;
  custodianKeyDir: string;
  migrations: string[];
}

/** Opens the configured database (PostgreSQL, or PGlite in ./data) and brings its schema up to date. */
export async function openRuntime(config: Config): Promise<Runtime> {
  const database = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: path.join(config.dataDir, "pglite") });
  const { applied } = await migrateToLatest(database.db);
  const signer = loadOrCreateSigner(config.dataDir);
  return {
    database,
    signer,
    witnessFile: path.join(config.dataDir, "audit-witness.jsonl"),
    custodianKeyDir: path.join(config.dataDir, "keys", "custodians"),
    migrations: applied,
  };
}

export function runtimeServices(runtime: Runtime): Services {
  return buildServices({ database: runtime.database, signer: runtime.signer, witnessFile: runtime.witnessFile, custodianKeyDir: runtime.custodianKeyDir });
}
