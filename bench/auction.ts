/**
 * Live auction benchmark: N concurrent bidders over HTTP on loopback against one lot and against many lots,
 * with M SSE watchers, on a real server process (`npm start`'s server/src/main.ts).
 *
 * Run: `npx tsx bench/auction.ts` (PostgreSQL at 127.0.0.1:5432, then embedded PGlite), or with
 * `--pg` / `--pglite` alone; `--bidders 200 --watchers 2000 --lots 50 --seconds 10` are the defaults.
 * Prints figures; asserts nothing.
 *
 * Figures: accepted bids/s; acknowledgement latency (request → response of an accepted bid, p50/p99); time
 * from the bid's server time (read in its transaction, before the commit) to its arrival at each watcher
 * (p50/p99); and the machine's own PostgreSQL ceiling: `pgbench` (TPC-B-like, the same client count where
 * max_connections allows) and the ratio accepted bids/s ÷ pgbench TPS.
 *
 * Bidders (undici, a keep-alive connection each) run in one worker thread, watchers (reading the hall's SSE body
 * from the socket) in two, the orchestration in the main thread; the server is its own process (`--processes N`:
 * N processes on one PostgreSQL, clients spread round-robin; `--hall-process`: one more process for the
 * watchers alone), so the clients' work never runs on the server's
 * event loop. Each scenario prints the CPU used by the server, PostgreSQL and the load generator, which share the
 * machine's cores. Each bidder bids the lowest
 * acceptable price it knows; a refusal tells it the new one (BID_REFUSED carries minimumFen). On one lot all
 * bids serialise on the lot's row lock; on many lots they run in parallel.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance as nodePerformance } from "node:perf_hooks";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Pool } from "undici";

const PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const PASSWORD = "Strong#Pass2026";
const WAN = 1_000_000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const percentile = (values: number[], p: number) => {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;

type BidderJob = {
  seconds: number;
  /** Each bidder's server process (`base`), token and lot. */
  bidders: { base: string; token: string; lotId: number }[];
  startFen: number;
  incrementFen: number;
  /** Pause after each answer (uniform in 0.5–1.5 × this), 0 for a closed loop at full speed. */
  thinkMs: number;
};
type WatcherJob = { watchers: { base: string; lotId: number }[] };
type BidderReport = { accepted: number; refused: number; errors: number; ackMs: number[]; allMs: number[]; elapsedMs: number; busy: number };
type WatcherReport = { connected: number; delivered: number; latencyMs: number[]; busy: number };

if (isMainThread) await main();
else if ((workerData as { role: string }).role === "bidders") await bidderWorker(workerData as BidderJob);
else await watcherWorker(workerData as WatcherJob);

// ---------------------------------------------------------------------------------------------

async function main() {
  const bidders = arg("bidders", 200);
  const watchers = arg("watchers", 2000);
  const manyLots = arg("lots", 50);
  const seconds = arg("seconds", 10);
  const kinds = process.argv.includes("--pg") ? ["pg"] : process.argv.includes("--pglite") ? ["pglite"] : ["pg", "pglite"];
  console.log(`auction bench — ${os.cpus().length} cores, ${bidders} bidders, ${watchers} SSE watchers, ${seconds} s per scenario, node ${process.version}`);
  const ceiling = pgbench(bidders, seconds);
  for (const kind of kinds) {
    const env = await prepare(kind as "pg" | "pglite", bidders, manyLots);
    const { startServerProcess } = await import("../server/src/test-support/server-process.ts");
    // --profile: the server process writes a V8 CPU profile (.cpuprofile) into ./.tmp/profile on exit.
    const nodeArgs = process.argv.includes("--profile") ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(".tmp/profile")}`] : [];
    // --processes N: N server processes on the one database (PostgreSQL only), clients spread over them round-robin;
    // --hall-process: one more process serves the SSE watchers alone (a hall server behind the proxy), the others the bidders.
    const hallApart = kind === "pg" && process.argv.includes("--hall-process");
    const processes = kind === "pg" ? arg("processes", 1) + (hallApart ? 1 : 0) : 1;
    const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
    for (let i = 0; i < processes; i++) servers.push(await startServerProcess(env.vars, { nodeArgs }));
    const pids = servers.map((s) => s.child.pid as number);
    const bidderServers = hallApart ? servers.slice(0, -1) : servers;
    const baseOf = (i: number) => bidderServers[i % bidderServers.length]?.url as string;
    const watcherBaseOf = (i: number) => (hallApart ? servers.at(-1)?.url : baseOf(i)) as string;
    try {
      const tokens = await loginAll(baseOf(0), env.usernames);
      for (const scenario of [
        { name: "one lot, full speed", one: true, thinkMs: 0 },
        { name: `${manyLots} lots, full speed`, one: false, thinkMs: 0 },
        { name: `${manyLots} lots, each bidder about one bid per second`, one: false, thinkMs: 1000 },
      ]) {
        const lotOf = (i: number) => (scenario.one ? env.lots[0]! : env.lots[1 + (i % manyLots)]!);
        const lotsWatched = scenario.one ? [env.lots[0]!] : env.lots.slice(1);
        const watcherLots = Array.from({ length: watchers }, (_, i) => ({ base: watcherBaseOf(i), lotId: lotsWatched[i % lotsWatched.length]! }));
        const half = Math.ceil(watcherLots.length / 2);
        const watcherWorkers = [watcherLots.slice(0, half), watcherLots.slice(half)].map((part) =>
          startWorker({ role: "watchers", watchers: part } satisfies WatcherJob & { role: string }),
        );
        await Promise.all(watcherWorkers.map((w) => once(w, "ready")));
        const job: BidderJob & { role: string } = {
          role: "bidders",
          seconds,
          bidders: tokens.map((token, i) => ({ base: baseOf(i), token, lotId: lotOf(i) })),
          startFen: 100 * WAN,
          incrementFen: WAN,
          thinkMs: scenario.thinkMs,
        };
        const cpuBefore = cpuSnapshot(pids);
        const bidderWorker = startWorker(job);
        const report = (await once(bidderWorker, "report")) as BidderReport;
        const cpu = cpuSince(cpuBefore, pids);
        await new Promise((r) => setTimeout(r, 1000)); // let the last events arrive
        const seen = (await Promise.all(
          watcherWorkers.map((w) => {
            w.postMessage("report");
            return once(w, "report");
          }),
        )) as WatcherReport[];
        for (const w of watcherWorkers) await w.terminate();
        const latencies = seen.flatMap((s) => s.latencyMs);
        const rate = report.accepted / (report.elapsedMs / 1000);
        const expected = watcherLots.length === 0 ? 0 : (report.accepted * watcherLots.length) / lotsWatched.length;
        console.log(
          `\n[${kind}] ${scenario.name}: ${bidders} bidders, ${watcherLots.length} watchers (${seen.reduce((a, s) => a + s.connected, 0)} connected)`,
        );
        console.log(
          `  accepted ${report.accepted} bids in ${(report.elapsedMs / 1000).toFixed(1)} s → ${rate.toFixed(0)} accepted bids/s; refused ${report.refused}, errors ${report.errors}; ${((report.accepted + report.refused) / (report.elapsedMs / 1000)).toFixed(0)} answers/s`,
        );
        console.log(
          `  ack latency (accepted): p50 ${ms(percentile(report.ackMs, 50))}, p99 ${ms(percentile(report.ackMs, 99))}; all answers p50 ${ms(percentile(report.allMs, 50))}, p99 ${ms(percentile(report.allMs, 99))}`,
        );
        console.log(
          `  delivery to watchers: ${latencies.length} events (expected ≈ ${expected.toFixed(0)}), p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
        );
        const answers = report.accepted + report.refused;
        console.log(
          `  CPU in cores (of ${os.cpus().length}): server ${cpu.server.toFixed(2)}, PostgreSQL ${cpu.postgres.toFixed(2)}, load generator ${cpu.generator.toFixed(2)}; server ${((cpu.server * cpu.seconds * 1e6) / Math.max(1, answers)).toFixed(0)} µs per answer; generator event loops busy: bidders ${(report.busy * 100).toFixed(0)}%, watchers ${seen.map((w) => `${(w.busy * 100).toFixed(0)}%`).join(" + ")}`,
        );
        if (ceiling) console.log(`  ratio accepted bids/s ÷ pgbench TPS = ${rate.toFixed(0)} / ${ceiling.tps.toFixed(0)} = ${(rate / ceiling.tps).toFixed(2)}`);
      }
    } finally {
      for (const server of servers) await server.stop();
      await env.cleanup();
    }
  }
  if (ceiling) console.log(`\npgbench (TPC-B-like, ${ceiling.clients} clients, ${seconds} s, -j 2): ${ceiling.tps.toFixed(0)} TPS${ceiling.note}`);
}

/** CPU seconds used so far by the server process, by every PostgreSQL backend, and by this process (all its threads). */
function cpuSnapshot(serverPids: number[]) {
  const ticks = (pid: string | number) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return { comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), cpu: (Number(fields[11]) + Number(fields[12])) / 100 };
    } catch {
      return { comm: "", cpu: 0 };
    }
  };
  let postgres = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    const t = ticks(pid);
    if (t.comm === "postgres") postgres += t.cpu;
  }
  const own = process.cpuUsage();
  return { at: performance.now(), server: serverPids.reduce((sum, pid) => sum + ticks(pid).cpu, 0), postgres, generator: (own.user + own.system) / 1e6 };
}

/** Cores used on average since `before` (PostgreSQL backends that ended meanwhile are not counted). */
function cpuSince(before: ReturnType<typeof cpuSnapshot>, serverPids: number[]) {
  const now = cpuSnapshot(serverPids);
  const seconds = (now.at - before.at) / 1000;
  return {
    seconds,
    server: (now.server - before.server) / seconds,
    postgres: Math.max(0, now.postgres - before.postgres) / seconds,
    generator: (now.generator - before.generator) / seconds,
  };
}

/** A worker running this file (through tsx, like the main thread). */
function startWorker(data: object): Worker {
  const api = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

function once(worker: Worker, type: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string; data: unknown }) => {
      if (m.type === type) {
        worker.off("message", onMessage);
        resolve(m.data);
      }
    };
    worker.on("message", onMessage);
    worker.once("error", reject);
  });
}

/** The machine's PostgreSQL ceiling with the same client count (bounded by max_connections). */
function pgbench(clients: number, seconds: number): { tps: number; clients: number; note: string } | undefined {
  try {
    const psql = (sql: string, db = "postgres") =>
      execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atc", sql], { encoding: "utf8" }).trim();
    const maxConnections = Number(psql("show max_connections"));
    const used = Number(psql("select count(*) from pg_stat_activity"));
    const n = Math.min(clients, maxConnections - used - 5);
    psql("drop database if exists ggzy_pgbench");
    psql("create database ggzy_pgbench");
    execFileSync("pgbench", ["-h", "127.0.0.1", "-U", "postgres", "-i", "-q", "-s", "10", "ggzy_pgbench"], { stdio: "ignore" });
    const out = execFileSync("pgbench", ["-h", "127.0.0.1", "-U", "postgres", "-c", String(n), "-j", "2", "-T", String(seconds), "-n", "ggzy_pgbench"], {
      encoding: "utf8",
    });
    psql("drop database ggzy_pgbench");
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
    const note = n < clients ? ` (${n} clients, not ${clients}: max_connections = ${maxConnections})` : "";
    return { tps, clients: n, note };
  } catch (error) {
    console.log(`pgbench unavailable: ${(error as Error).message}`);
    return undefined;
  }
}

/** A fresh database with the demo seed, `n` bidder subjects and numbered applications to one lot and to one of the many lots. */
async function prepare(kind: "pg" | "pglite", n: number, manyLots: number) {
  const { default: pg } = await import("pg");
  const { buildApp } = await import("../server/src/app.ts");
  const { TestClock } = await import("../server/src/platform/clock.ts");
  const { loadConfig } = await import("../server/src/platform/config/config.ts");
  const { openRuntime } = await import("../server/src/platform/runtime.ts");
  const { DEMO_PASSWORD } = await import("../server/src/seed/demo-data.ts");
  const { seedInstallation } = await import("../server/src/seed/seed.ts");
  const { testCodes } = await import("../server/src/test-support/tender-fixture.ts");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ggzy-auction-bench-"));
  const vars: Record<string, string> = { GGZY_DATA_DIR: dir };
  let databaseName: string | undefined;
  if (kind === "pg") {
    databaseName = `ggzy_bench_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${databaseName}`);
    await admin.end();
    vars.DATABASE_URL = PG_ADMIN_URL.replace(/\/postgres$/, `/${databaseName}`);
  }
  const started = performance.now();
  const runtime = await openRuntime(loadConfig(vars));
  const now = Date.now();
  const app = await buildApp({ ...runtime, clock: new TestClock(new Date(now - 30 * 86_400_000)) });
  await seedInstallation(app.services, { demo: true });
  const inject = async (method: "GET" | "POST", url: string, token?: string, payload?: object) => {
    const r = await app.http.inject({ method, url, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}), ...(payload ? { payload } : {}) });
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.body}`);
    return r.json();
  };
  const login = async (username: string, password: string) => (await inject("POST", "/api/v1/auth/login", undefined, { username, password })).token as string;
  const seller = await login("tenderer", DEMO_PASSWORD);
  const centre = await login("centre", DEMO_PASSWORD);
  const lots: number[] = [];
  for (let i = 0; i <= manyLots; i++) {
    const lot = await inject("POST", "/api/v1/auction-lots", seller, {
      kind: "land",
      method: "auction",
      name: `基准测试地块 ${i}`,
      divisionCode: "330106",
      approvalLevel: "city",
      departmentCode: "330100-zrzy",
      opensAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 6 * 3_600_000).toISOString(),
      startingPriceFen: 100 * WAN,
      incrementFen: WAN,
      depositFen: 10 * WAN,
      reserveFen: 100 * WAN,
      countdownSeconds: 60,
    });
    lots.push(lot.id);
  }
  const usernames: string[] = [];
  for (let i = 0; i < n; i++) {
    const { uscc, idCard } = testCodes(i + 1, "A");
    const username = `auction-bidder-${i}`;
    const account = `62220000${String(i).padStart(8, "0")}`;
    await inject("POST", "/api/v1/subjects", undefined, {
      uscc,
      name: `竞买人${i}有限公司`,
      roles: ["bidder"],
      basicAccountNo: account,
      account: { username, password: PASSWORD, displayName: username, idCard, role: "bidder" },
    });
    const token = await login(username, PASSWORD);
    for (const lotId of [lots[0]!, lots[1 + (i % manyLots)]!]) {
      const { applicationId } = await inject("POST", `/api/v1/auction-lots/${lotId}/applications`, token);
      await inject("POST", `/api/v1/auction-applications/${applicationId}/deposit`, centre, { amountFen: 10 * WAN, payerAccountNo: account });
      await inject("POST", `/api/v1/auction-applications/${applicationId}/review`, centre, { qualified: true });
    }
    usernames.push(username);
  }
  await app.http.close();
  await runtime.database.close();
  console.log(`\n[${kind}] set up ${lots.length} lots and ${n} numbered bidders in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return {
    vars,
    lots,
    usernames,
    async cleanup() {
      if (databaseName) {
        const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
        await admin.connect();
        await admin.query(`drop database if exists ${databaseName} with (force)`);
        await admin.end();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function loginAll(base: string, usernames: string[]): Promise<string[]> {
  const tokens: string[] = new Array(usernames.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < usernames.length) {
        const i = next++;
        const r = await fetch(`${base}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: usernames[i], password: PASSWORD }),
        });
        tokens[i] = ((await r.json()) as { token: string }).token;
      }
    }),
  );
  return tokens;
}

// ---------------------------------------------------------------------------------------------

async function bidderWorker(job: BidderJob) {
  // One keep-alive connection per bidder (undici: a lean HTTP/1.1 client, so the generator leaves the cores to the server).
  const pools = new Map<string, Pool>();
  for (const b of job.bidders) if (!pools.has(b.base)) pools.set(b.base, new Pool(b.base, { connections: job.bidders.length, pipelining: 1 }));
  const report: BidderReport = { accepted: 0, refused: 0, errors: 0, ackMs: [], allMs: [], elapsedMs: 0, busy: 0 };
  const minimum = new Map<number, number>();
  const post = async (base: string, path: string, token: string, body: string) => {
    const response = await (pools.get(base) as Pool).request({
      path,
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
    });
    return { status: response.statusCode, body: await response.body.text() };
  };
  const started = performance.now();
  const loop = nodePerformance.eventLoopUtilization();
  const until = started + job.seconds * 1000;
  await Promise.all(
    job.bidders.map(async ({ base, token, lotId }) => {
      // Paced bidders start at random moments of their first second, not all in the same millisecond.
      if (job.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, job.thinkMs * Math.random()));
      while (performance.now() < until) {
        const price = Math.max(minimum.get(lotId) ?? job.startFen, job.startFen);
        const t0 = performance.now();
        try {
          const r = await post(base, `/api/v1/auction-lots/${lotId}/bids`, token, JSON.stringify({ priceFen: price, clientBidId: crypto.randomUUID() }));
          const elapsed = performance.now() - t0;
          report.allMs.push(elapsed);
          if (r.status === 200) {
            report.accepted++;
            report.ackMs.push(elapsed);
            minimum.set(lotId, Math.max(minimum.get(lotId) ?? 0, price + job.incrementFen));
          } else {
            report.refused++;
            const problem = JSON.parse(r.body) as { minimumFen?: number; reasons?: string[] };
            if (problem.minimumFen) minimum.set(lotId, Math.max(minimum.get(lotId) ?? 0, problem.minimumFen));
            // The standing bidder may not raise itself: wait for someone to outbid it.
            if (problem.reasons?.includes("SELF_OUTBID")) await new Promise((resolve) => setTimeout(resolve, 20));
          }
        } catch {
          report.errors++;
        }
        if (job.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, job.thinkMs * (0.5 + Math.random())));
      }
    }),
  );
  report.elapsedMs = performance.now() - started;
  report.busy = nodePerformance.eventLoopUtilization(loop).utilization;
  for (const pool of pools.values()) await pool.close();
  parentPort?.postMessage({ type: "report", data: report });
}

/**
 * Watchers read the hall's close-delimited SSE body straight from the socket (what a browser's EventSource
 * receives), so the load generator spends its time receiving events, not in an HTTP client.
 */
async function watcherWorker(job: WatcherJob) {
  const report: WatcherReport = { connected: 0, delivered: 0, latencyMs: [], busy: 0 };
  const sockets: net.Socket[] = [];
  await Promise.all(
    job.watchers.map(
      ({ base, lotId }) =>
        new Promise<void>((resolve) => {
          const { hostname, port } = new URL(base);
          const socket = net.connect(Number(port), hostname, () =>
            socket.write(`GET /api/v1/auction-lots/${lotId}/watch HTTP/1.1\r\nhost: ${hostname}\r\naccept: text/event-stream\r\n\r\n`),
          );
          let buffer = "";
          socket.setEncoding("utf8");
          socket.on("data", (chunk: string) => {
            buffer += chunk;
            let cut = buffer.indexOf("\n\n");
            while (cut >= 0) {
              const frame = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              if (frame.includes("event: hello")) {
                report.connected++;
                resolve();
              } else if (frame.includes("event: bid")) {
                const at = /"serverTime":"([^"]+)"/.exec(frame)?.[1];
                if (at) {
                  report.delivered++;
                  report.latencyMs.push(Date.now() - Date.parse(at));
                }
              }
              cut = buffer.indexOf("\n\n");
            }
          });
          socket.on("error", () => resolve());
          sockets.push(socket);
        }),
    ),
  );
  parentPort?.postMessage({ type: "ready", data: report.connected });
  const loop = nodePerformance.eventLoopUtilization();
  parentPort?.on("message", () => {
    report.busy = nodePerformance.eventLoopUtilization(loop).utilization;
    for (const socket of sockets) socket.destroy();
    parentPort?.postMessage({ type: "report", data: report });
  });
}
