import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type App, buildApp } from "../app.ts";
import { ephemeralSigner, type TreeHeadSigner } from "../platform/audit/audit-signer.ts";
import { type AuditProblem, verifyAuditLog } from "../platform/audit/audit-verify.ts";
import { TestClock } from "../platform/clock.ts";
import { type Database, openDatabase } from "../platform/db/database.ts";
import { migrateToLatest } from "../platform/db/migrate.ts";
import { DEMO_PASSWORD } from "../seed/demo-data.ts";
import { seedInstallation } from "../seed/seed.ts";

/**
 * Database tests run on a fresh in-memory PGlite, or, when GGZY_TEST_DATABASE_URL points at a
 * PostgreSQL server, on a throwaway database created there for this test file and dropped after.
 */
export async function openTestDatabase(): Promise<Database> {
  const adminUrl = process.env.GGZY_TEST_DATABASE_URL;
  if (!adminUrl) return openDatabase({});
  const name = `ggzy_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export interface TestPlatform {
  app: App;
  database: Database;
  clock: TestClock;
  signer: TreeHeadSigner;
  witnessFile: string;
  /** Where the custodians' private keys live (tests may take one away to simulate a lost key). */
  custodianKeyDir: string;
  /** Signs in a demo account and returns its bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** Runs `audit verify` and returns the problems it found (none, when the platform wrote everything). */
  auditProblems(): Promise<AuditProblem[]>;
  /** Drops a cached token (after logout or revocation). */
  forget(username: string): void;
  close(): Promise<void>;
}

export async function startTestPlatform(options: { demo?: boolean; webDist?: string } = {}): Promise<TestPlatform> {
  const database = await openTestDatabase();
  await migrateToLatest(database.db);
  const clock = new TestClock();
  const signer = ephemeralSigner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ggzy-test-"));
  const witnessFile = path.join(dir, "audit-witness.jsonl");
  const app = await buildApp({
    database,
    signer,
    clock,
    witnessFile,
    custodianKeyDir: path.join(dir, "custodians"),
    webDist: options.webDist,
    logLevel: process.env.GGZY_TEST_LOG ?? "silent",
  });
  await seedInstallation(app.services, { demo: options.demo ?? true });
  const tokens = new Map<string, { token: string; expiresAt: number }>();
  return {
    app,
    database,
    clock,
    signer,
    witnessFile,
    custodianKeyDir: path.join(dir, "custodians"),
    async login(username, password = DEMO_PASSWORD) {
      const cached = tokens.get(`${username}\u0000${password}`);
      if (cached && cached.expiresAt > clock.now().getTime()) return cached.token;
      const response = await app.http.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username, password } });
      if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      const { token, expiresAt } = response.json() as { token: string; expiresAt: string };
      tokens.set(`${username}\u0000${password}`, { token, expiresAt: new Date(expiresAt).getTime() });
      return token;
    },
    async auditProblems() {
      return (await verifyAuditLog(database.db, { signer, witnessFile })).problems;
    },
    forget(username) {
      for (const key of tokens.keys()) if (key.startsWith(`${username}\u0000`)) tokens.delete(key);
    },
    async close() {
      await app.http.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
