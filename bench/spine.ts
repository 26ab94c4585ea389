/**
 * Spine benchmark: cold start, idle memory, login and registration latency, on embedded PGlite
 * and (when reachable) on PostgreSQL. Run: `npx tsx bench/spine.ts` (add `--pg-url=postgres://…`).
 * Prints figures; asserts nothing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { organizationCodeCheckChar, usccCheckChar } from "../server/src/modules/identity/domain/uscc.ts";

const root = path.resolve(import.meta.dirname, "..");
const pgUrl = process.argv.find((a) => a.startsWith("--pg-url="))?.slice(9) ?? "postgres://postgres@127.0.0.1:5432/postgres";

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function rssMiB(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** A fresh valid 统一社会信用代码 for registration number i. */
function uscc(i: number) {
  const body = `B${String(i).padStart(7, "0")}`;
  const org = body + organizationCodeCheckChar(body);
  const first17 = `91330100${org}`;
  return first17 + usccCheckChar(first17);
}

async function waitHealthy(port: number, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runOne(label: string, env: Record<string, string>) {
  const port = 3900 + Math.floor(Math.random() * 90);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ggzy-bench-"));
  const start = (first: boolean) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "server/src/main.ts")], {
      env: { ...process.env, ...env, PORT: String(port), GGZY_DATA_DIR: dataDir, LOG_LEVEL: "warn", HOST: "127.0.0.1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    return { child, t0, first };
  };

  // First start: migrate + seed; second start: the everyday cold start.
  let run = start(true);
  await waitHealthy(port, run.child);
  const firstStart = performance.now() - run.t0;
  run.child.kill("SIGTERM");
  await new Promise((r) => run.child.once("exit", r));
  run = start(false);
  await waitHealthy(port, run.child);
  const coldStart = performance.now() - run.t0;
  await new Promise((r) => setTimeout(r, 3000));
  const idle = rssMiB(run.child.pid as number);

  const base = `http://127.0.0.1:${port}`;
  const login = async () => {
    const t = performance.now();
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "centre", password: "Ggzy#Demo2026" }),
    });
    if (!r.ok) throw new Error(`login ${r.status}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 5; i++) await login();
  const logins: number[] = [];
  for (let i = 0; i < 100; i++) logins.push(await login());

  const register = async (i: number) => {
    const t = performance.now();
    const r = await fetch(`${base}/api/v1/subjects`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uscc: uscc(i), name: `基准测试企业${i}`, roles: ["bidder"] }),
    });
    if (r.status !== 201) throw new Error(`register ${r.status} ${await r.text()}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 10; i++) await register(i);
  const registrations: number[] = [];
  for (let i = 10; i < 310; i++) registrations.push(await register(i));

  const concurrent = 8;
  const total = 400;
  const t0 = performance.now();
  let next = 1000;
  await Promise.all(
    Array.from({ length: concurrent }, async () => {
      while (next < 1000 + total) await register(next++);
    }),
  );
  const throughput = total / ((performance.now() - t0) / 1000);
  const loaded = rssMiB(run.child.pid as number);

  run.child.kill("SIGTERM");
  await new Promise((r) => run.child.once("exit", r));
  fs.rmSync(dataDir, { recursive: true, force: true });

  console.log(`\n== ${label} ==`);
  console.log(`first start (migrate + seed + listen): ${fmt(firstStart)}`);
  console.log(`cold start (already migrated):         ${fmt(coldStart)}`);
  console.log(`RSS at idle:                           ${idle.toFixed(0)} MiB (after load: ${loaded.toFixed(0)} MiB)`);
  console.log(`login (argon2id), 100 sequential:      p50 ${fmt(percentile(logins, 50))}, p99 ${fmt(percentile(logins, 99))}`);
  console.log(`registration, 300 sequential:          p50 ${fmt(percentile(registrations, 50))}, p99 ${fmt(percentile(registrations, 99))}`);
  console.log(`registration, ${concurrent} concurrent clients:     ${throughput.toFixed(0)} subjects/s`);
}

await runOne("embedded PGlite", {});

const admin = new pg.Client({ connectionString: pgUrl });
try {
  await admin.connect();
  const name = `ggzy_bench_${process.pid}`;
  await admin.query(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  await runOne("PostgreSQL", { DATABASE_URL: url.toString() });
  await admin.query(`drop database ${name} with (force)`);
} catch (error) {
  console.log(`\n(PostgreSQL run skipped: ${(error as Error).message})`);
} finally {
  await admin.end().catch(() => {});
}
