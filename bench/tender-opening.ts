/**
 * Tender opening benchmark: 200 sealed bids of ~100 KiB each through the real HTTP API of the
 * tendering module — submission, then 开标 (startOpening), 在线解密 (every bidder decrypts its own
 * key share client-side and POSTs it) and 唱标 (closeOpening).
 *
 * Run: `npx tsx bench/tender-opening.ts` (embedded PGlite) or `npx tsx bench/tender-opening.ts --pg`
 * (a throwaway database on postgres://postgres@127.0.0.1:5432). Prints figures; asserts nothing.
 *
 * The platform (startTestPlatform, with its TestClock) listens on 127.0.0.1 in the main thread, as
 * the server would in production. Every client — tenderer, centre staff and the 200 bidder tools,
 * which seal and decrypt with SM2 — runs in one worker thread and talks HTTP over loopback, so
 * client-side cryptography does not run on the server's event loop. Two sections of one project get
 * the same 200 bidders: section A is decrypted by one client at a time, section B by 8 at once.
 * Add `--profile` to sample the server thread's CPU during the concurrent submission and the
 * concurrent decryption and print where it went (by library and by function).
 */
import { randomBytes } from "node:crypto";
import type { Profiler } from "node:inspector";
import { Session } from "node:inspector/promises";
import os from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const BIDS = 200;
const CONCURRENCY = 8;
const PLAINTEXT_BYTES = 100 * 1024;
const PASSWORD = "Strong#Pass2026";
const PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

const LIBRARY_NOTES: Record<string, string> = {
  "@electric-sql/pglite": "PGlite: JS glue (wire protocol, memory FS)",
  "@noble/curves": "@noble/curves: SM2 point arithmetic (sm-crypto-v2)",
  pg: "pg: PostgreSQL driver",
  "pg-protocol": "pg-protocol: PostgreSQL wire protocol",
};
const NATIVE_NOTES: Record<string, string> = { update: " (node:crypto hash/HMAC/cipher update)", writev: " (socket writes)" };

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => (values.length ? sum(values) / values.length : Number.NaN);
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const dist = (values: number[]) => `p50 ${fmt(percentile(values, 50))}, p99 ${fmt(percentile(values, 99))} (mean ${fmt(mean(values))})`;

/** Messages between the client worker and the server thread. */
type Ask = { op: "clock"; at: string } | { op: "take" } | { op: "profile"; phase: string; action: "start" | "stop" };
type ToServer = (Ask & { id: number }) | { op: "log"; line: string } | { op: "done" };
/** Durations of the timed server calls since the last "take", and the last error each threw. */
type ServerTimes = { times: Record<string, number[]>; errors: Record<string, string> };

if (isMainThread) await serverThread();
else await clientThread(workerData as { base: string; database: string });

// ---------------------------------------------------------------------------------------------
// Server thread: the platform, its clock, and timers around the service calls.
// ---------------------------------------------------------------------------------------------

async function serverThread() {
  if (process.argv.includes("--pg")) process.env.GGZY_TEST_DATABASE_URL = PG_ADMIN_URL;
  const { startTestPlatform } = await import("../server/src/test-support/test-platform.ts");
  const started = performance.now();
  const platform = await startTestPlatform();
  const database = process.env.GGZY_TEST_DATABASE_URL ? "PostgreSQL (throwaway database)" : "embedded PGlite (in memory)";
  console.log(`== tender opening benchmark: ${BIDS} bids of ~${PLAINTEXT_BYTES / 1024} KiB, ${database} ==`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? "?"})`);
  console.log(`platform start (migrate + seed): ${fmt(performance.now() - started)}`);

  // Timers around the service calls and the audit log, to split HTTP from service from crypto.
  let times: Record<string, number[]> = {};
  let errors: Record<string, string> = {};
  const timed = (target: object, name: string, label: string) => {
    const object = target as Record<string, (...args: unknown[]) => unknown>;
    const original = object[name]!.bind(target);
    object[name] = async (...args: unknown[]) => {
      const t = performance.now();
      try {
        return await original(...args);
      } catch (error) {
        errors[label] = (error as Error).message;
        throw error;
      } finally {
        const list = times[label] ?? [];
        list.push(performance.now() - t);
        times[label] = list;
      }
    };
  };
  const { tendering, deps } = platform.app.services;
  for (const name of ["submitBid", "startOpening", "decryptBid", "closeOpening"]) timed(tendering, name, name);
  timed(deps.audit, "record", "audit.record");
  timed(deps.audit, "flush", "audit.flush");

  await serverCryptoCosts();

  let profiler: Session | undefined;
  if (process.argv.includes("--profile")) {
    profiler = new Session();
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
  }

  await platform.app.http.listen({ host: "127.0.0.1", port: 0 });
  const address = platform.app.http.server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  const api = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { base: `http://127.0.0.1:${port}`, database } });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on("error", reject);
      worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`client worker exited with ${code}`))));
      const handle = async (message: ToServer) => {
        if (message.op === "log") {
          console.log(message.line);
        } else if (message.op === "profile") {
          if (profiler && message.action === "start") await profiler.post("Profiler.start");
          const result = profiler && message.action === "stop" ? profileReport(message.phase, (await profiler.post("Profiler.stop")).profile) : undefined;
          worker.postMessage({ id: message.id, result });
        } else if (message.op === "clock") {
          platform.clock.set(message.at);
          worker.postMessage({ id: message.id });
        } else if (message.op === "take") {
          worker.postMessage({ id: message.id, result: { times, errors } satisfies ServerTimes });
          times = {};
          errors = {};
        } else if (message.op === "done") {
          resolve();
        }
      };
      worker.on("message", (message: ToServer) => void handle(message).catch(reject));
    });
  } finally {
    await worker.terminate();
    // On PostgreSQL, dropping the throwaway database (with force) may cut a pool connection that is
    // still closing (57P01, emitted on the pool); that is teardown noise, not a result.
    process.on("uncaughtException", (error: Error & { code?: string }) => {
      if (error.code !== "57P01") throw error;
      console.log("(teardown: a database connection was cut by dropping the throwaway database; ignored)");
    });
    await platform.close();
  }
}

/** What the server's own cryptography costs per decryption, measured outside HTTP and the DB. */
async function serverCryptoCosts() {
  const { sealBid, decryptShare, openBid } = await import("../server/src/platform/crypto/bid-seal.ts");
  const { generateSm2KeyPair } = await import("../server/src/platform/crypto/sm2.ts");
  const keys = [generateSm2KeyPair(), generateSm2KeyPair(), generateSm2KeyPair()] as const;
  const plaintext = Buffer.from(JSON.stringify({ offer: { priceFen: 1 }, padding: randomBytes(paddingBytes()).toString("base64") }));
  const custodians = { bidder: keys[0].publicKey, centre: keys[1].publicKey, supervisor: keys[2].publicKey };
  const sealed = sealBid({ plaintext, suite: "SM4-CTR-HMAC-SM3", custodians, context: "bench" });
  const share = decryptShare(sealed.shares.bidder, keys[0].privateKey);
  const sm2: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < 60; i++) {
    let t = performance.now();
    const centre = decryptShare(sealed.shares.centre, keys[1].privateKey);
    sm2.push(performance.now() - t);
    t = performance.now();
    openBid(sealed, [share, centre], { context: "bench" });
    open.push(performance.now() - t);
  }
  console.log(
    `server crypto per decryption (no HTTP, no DB): SM2 decrypt of the centre's share ${fmt(percentile(sm2.slice(10), 50))}, ` +
      `SM4-CTR + HMAC-SM3 open + SM3/SHA-256/MD5 receipt check of ${plaintext.length} B ${fmt(percentile(open.slice(10), 50))}`,
  );
}

/** Self time of the server thread during one phase, by library and by function. */
function profileReport(phase: string, profile: Profiler.Profile) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byLibrary = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [i, nodeId] of (profile.samples ?? []).entries()) {
    const ms = (profile.timeDeltas?.[i + 1] ?? 0) / 1000;
    const frame = byNode.get(nodeId);
    if (!frame) continue;
    total += ms;
    const url = frame.url;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const library = pkg
      ? (LIBRARY_NOTES[pkg] ?? pkg)
      : url.startsWith("wasm://")
        ? "PGlite: Postgres compiled to wasm"
        : url.startsWith("node:")
          ? "node internals"
          : url.includes("/server/src/")
            ? `ggzy ${/server\/src\/(.*?)\/[^/]*$/.exec(url)?.[1] ?? ""}`
            : url || (frame.functionName.startsWith("(") ? frame.functionName : `native ${frame.functionName}${NATIVE_NOTES[frame.functionName] ?? ""}`);
    byLibrary.set(library, (byLibrary.get(library) ?? 0) + ms);
    const where = url ? `${url.replace(/^.*\/(node_modules|server\/src)\//, "")}:${frame.lineNumber + 1}` : "native";
    const name = `${frame.functionName || "(anonymous)"} ${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `      ${((v / total) * 100).toFixed(1).padStart(5)}%  ${fmt(v).padStart(10)}  ${k}`)
      .join("\n");
  return `    server thread CPU profile, ${phase} (${secs(total)} sampled; self time):\n${top(byLibrary, 12)}\n    top functions:\n${top(byFunction, 12)}`;
}

/** Random padding bytes whose base64, with the offer around it, makes a plaintext of ~PLAINTEXT_BYTES. */
function paddingBytes() {
  return Math.floor(((PLAINTEXT_BYTES - 200) * 3) / 4);
}

// ---------------------------------------------------------------------------------------------
// Client thread: tenderer, centre staff and 200 bidder tools over HTTP.
// ---------------------------------------------------------------------------------------------

async function clientThread({ base }: { base: string; database: string }) {
  const { organizationCodeCheckChar, usccCheckChar } = await import("../server/src/modules/identity/domain/uscc.ts");
  const { idCardCheckChar } = await import("../server/src/modules/identity/domain/id-card.ts");
  const { generateSm2KeyPair } = await import("../server/src/platform/crypto/sm2.ts");
  const { sealOffer, bidderShare } = await import("../server/src/test-support/bidder-tool.ts");
  const port = parentPort!;
  const log = (line: string) => port.postMessage({ op: "log", line });

  let nextId = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  port.on("message", (m: { id: number; result?: unknown }) => {
    waiting.get(m.id)?.(m.result);
    waiting.delete(m.id);
  });
  const ask = <T>(message: Ask) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve as (result: unknown) => void);
      port.postMessage({ ...message, id });
    });
  const setClock = (at: string) => ask<void>({ op: "clock", at });
  const serverTimes = () => ask<ServerTimes>({ op: "take" });
  const profile = (phase: string, action: "start" | "stop") => ask<string | undefined>({ op: "profile", phase, action });

  async function http(method: string, path: string, options: { token?: string; body?: unknown; json?: string; expect?: number } = {}) {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const body = options.json ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers["content-type"] = "application/json";
    const t = performance.now();
    const response = await fetch(`${base}${path}`, { method, headers, body });
    const text = await response.text();
    const ms = performance.now() - t;
    const expected = options.expect ?? (method === "POST" || method === "PUT" ? [200, 201] : [200]);
    if (!(Array.isArray(expected) ? expected : [expected]).includes(response.status)) {
      throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    }
    // biome-ignore lint/suspicious/noExplicitAny: response bodies of several endpoints
    return { json: (text ? JSON.parse(text) : undefined) as any, ms };
  }
  const login = async (username: string, password = "Ggzy#Demo2026") =>
    (await http("POST", "/api/v1/auth/login", { body: { username, password } })).json.token as string;

  async function pool<T>(items: readonly T[], clients: number, work: (item: T, index: number) => Promise<void>) {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(clients, items.length) }, async () => {
        while (next < items.length) {
          const index = next++;
          await work(items[index] as T, index);
        }
      }),
    );
  }

  // HTTP baseline: a public endpoint without DB, and an authenticated one (session lookup).
  const tendererToken = await login("tenderer");
  const bare: number[] = [];
  const authed: number[] = [];
  for (let i = 0; i < 220; i++) {
    const a = await http("GET", "/api/v1/time");
    const b = await http("GET", "/api/v1/auth/me", { token: tendererToken });
    if (i >= 20) {
      bare.push(a.ms);
      authed.push(b.ms);
    }
  }
  log(`HTTP round trip over loopback: GET /api/v1/time ${dist(bare)}; authenticated GET /api/v1/auth/me ${dist(authed)}`);

  // ---- tenderer: one project, two sections, notices published ----
  const setupStart = performance.now();
  const project = (
    await http("POST", "/api/v1/tender-projects", {
      token: tendererToken,
      body: {
        name: "开标性能基准测试工程",
        kind: "works",
        departmentCode: "330100-zj",
        approvalLevel: "city",
        approvalDivisionCode: "330100",
        estimateFen: 5_000_000_000,
        funding: {
          totalInvestmentFen: 6_000_000_000,
          budgetFundsFen: 6_000_000_000,
          stateOwnedControlling: true,
          foreignLoanOrAid: false,
          publicInfrastructure: true,
        },
        method: "open",
        sections: [
          { name: "施工一标段（逐一解密）", classifyCode: "A080000", estimateFen: 2_500_000_000, bondFen: 40_000_000 },
          { name: "施工二标段（并发解密）", classifyCode: "A080000", estimateFen: 2_500_000_000, bondFen: 40_000_000 },
        ],
      },
    })
  ).json;
  const sections = (project.sections as { id: number; sectionCode: string }[]).map((s) => s.id) as [number, number];
  for (const id of sections) {
    await http("POST", `/api/v1/sections/${id}/notice`, {
      token: tendererToken,
      body: { docSaleStart: "2026-03-02T02:00:00Z", docSaleEnd: "2026-03-07T09:00:00Z", bidDeadline: "2026-03-22T01:30:00Z" },
    });
  }

  // ---- 200 bidders: subject + account, certificate, registration for both sections ----
  interface Bidder {
    username: string;
    uscc: string;
    priceFen: number;
    keys: { publicKey: string; privateKey: string };
    token: string;
  }
  const bidders: Bidder[] = Array.from({ length: BIDS }, (_, i) => {
    const org = `T${String(i).padStart(7, "0")}`;
    const first17 = `91330100${org}${organizationCodeCheckChar(org)}`;
    return {
      username: `bench-bidder-${i}`,
      uscc: first17 + usccCheckChar(first17),
      priceFen: 4_000_000_000 + i * 1_000_000,
      keys: generateSm2KeyPair(),
      token: "",
    };
  });
  const registrationMs: number[] = [];
  await pool(bidders, CONCURRENCY, async (b, i) => {
    const id17 = `33010619850101${String(i).padStart(3, "0")}`;
    const name = `基准测试建设有限公司${i}`;
    const r = await http("POST", "/api/v1/subjects", {
      body: {
        uscc: b.uscc,
        name,
        roles: ["bidder"],
        account: { username: b.username, password: PASSWORD, displayName: `投标人${i}`, idCard: id17 + idCardCheckChar(id17), role: "bidder" },
      },
    });
    registrationMs.push(r.ms);
    b.token = await login(b.username, PASSWORD);
    await http("POST", "/api/v1/auth/certificates", { token: b.token, body: { serial: `BENCH-CA-${i}`, publicKey: b.keys.publicKey } });
    for (const id of sections) await http("POST", `/api/v1/sections/${id}/registrations`, { token: b.token });
  });
  log(
    `setup: project + 2 notices + ${BIDS} subjects with accounts (argon2id), logins, SM2 certificates, 2×${BIDS} registrations, ${CONCURRENCY} clients: ` +
      `${secs(performance.now() - setupStart)} (subject registration ${dist(registrationMs)})`,
  );

  // ---- the day of the deadline: fresh sessions, sealing keys, sealing on the client ----
  await setClock("2026-03-22T00:00:00Z");
  let t = performance.now();
  await pool(bidders, CONCURRENCY, async (b) => {
    b.token = await login(b.username, PASSWORD);
  });
  log(`re-login of ${BIDS} bidders on the deadline day (${CONCURRENCY} clients): ${secs(performance.now() - t)}`);

  interface SealedForSection {
    json: string;
    bidderShare: string;
  }
  const sealed: SealedForSection[][] = [[], []];
  const sealMs: number[] = [];
  let requestBytes = 0;
  let plaintextBytes = 0;
  const padding = paddingBytes();
  t = performance.now();
  for (const [s, id] of sections.entries()) {
    for (const [i, b] of bidders.entries()) {
      const keys = (await http("GET", `/api/v1/sections/${id}/sealing-keys`, { token: b.token })).json;
      const start = performance.now();
      const payload = sealOffer(
        keys,
        { priceFen: b.priceFen + s, durationDays: 540, quality: "合格", projectManager: `项目经理${i}` },
        { attachments: [{ name: "技术标.pdf", content: randomBytes(padding).toString("base64") }] },
      );
      const json = JSON.stringify(payload);
      sealMs.push(performance.now() - start);
      requestBytes += json.length;
      plaintextBytes += payload.size;
      (sealed[s] as SealedForSection[]).push({ json, bidderShare: payload.shares.bidder });
    }
  }
  log(
    `client-side sealing (bidder tool: SM4-CTR + HMAC-SM3, 3× SM2 share encryption, SM3/SHA-256/MD5 receipts, JSON): ${dist(sealMs)} per bid; ` +
      `plaintext ${(plaintextBytes / sealMs.length / 1024).toFixed(1)} KiB, request body ${(requestBytes / sealMs.length / 1024).toFixed(1)} KiB ` +
      `(2×${BIDS} bids incl. sealing-key fetch: ${secs(performance.now() - t)})`,
  );

  // ---- submission: section A one client at a time, section B 8 clients ----
  await serverTimes();
  const submit = async (s: 0 | 1, clients: number) => {
    const latency: number[] = [];
    const phase = `submission, ${clients} concurrent clients`;
    if (clients > 1) await profile(phase, "start");
    const start = performance.now();
    await pool(bidders, clients, async (b, i) => {
      const r = await http("PUT", `/api/v1/sections/${sections[s]}/bid`, { token: b.token, json: sealed[s]?.[i]?.json, expect: 201 });
      latency.push(r.ms);
    });
    const wall = performance.now() - start;
    const server = await serverTimes();
    const report = clients > 1 ? await profile(phase, "stop") : undefined;
    log(
      `submit ${BIDS} sealed bids, ${clients === 1 ? "sequential      " : `${clients} concurrent clients`}: ${secs(wall)}, ` +
        `${(BIDS / (wall / 1000)).toFixed(1)} bids/s, ${((requestBytes / 2 / (wall / 1000)) * 1e-6).toFixed(1)} MB/s; latency ${dist(latency)}; ` +
        `service submitBid ${dist(server.times.submitBid ?? [])}, audit.record ${fmt(mean(server.times["audit.record"] ?? []))}, audit.flush ${fmt(mean(server.times["audit.flush"] ?? []))}`,
    );
    if (report) log(report);
  };
  await submit(0, 1);
  await submit(1, CONCURRENCY);

  // ---- the opening ----
  await setClock("2026-03-22T01:30:00Z");
  const centreToken = await login("centre");
  const results: { label: string; total: number; closed: boolean }[] = [];
  const open = async (s: 0 | 1, clients: number) => {
    const id = sections[s];
    const label = clients === 1 ? "sequential" : `${clients} concurrent clients`;
    log(`\n-- section ${s === 0 ? "A" : "B"}: ${BIDS} bids decrypted ${label} --`);
    await serverTimes();
    const opening = await http("POST", `/api/v1/sections/${id}/opening`, { token: centreToken });
    const openingServer = await serverTimes();

    const perBid: number[] = [];
    const clientSm2: number[] = [];
    const post: number[] = [];
    const phase = `decryption, ${label}`;
    if (clients > 1) await profile(phase, "start");
    const decryptStart = performance.now();
    await pool(bidders, clients, async (b, i) => {
      const start = performance.now();
      const share = bidderShare(sealed[s]?.[i]?.bidderShare as string, b.keys.privateKey);
      clientSm2.push(performance.now() - start);
      const r = await http("POST", `/api/v1/sections/${id}/bid/decryption`, { token: b.token, body: { share } });
      post.push(r.ms);
      perBid.push(performance.now() - start);
      if (r.json.offer?.priceFen !== b.priceFen + s) log(`!! ${b.username}: price read as ${r.json.offer?.priceFen}`);
    });
    const decryptWall = performance.now() - decryptStart;
    const decryptServer = await serverTimes();
    const report = clients > 1 ? await profile(phase, "stop") : undefined;

    // A failed close is a finding to print, not a reason to stop the run.
    const close = await http("POST", `/api/v1/sections/${id}/opening/close`, { token: centreToken }).catch((error: Error) => ({
      failed: error.message,
      ms: 0,
    }));
    const total = opening.ms + decryptWall + close.ms;
    const closeServer = await serverTimes();
    const record = "failed" in close ? undefined : ((await http("GET", `/api/v1/sections/${id}/opening-record`)).json as { bids: { decrypted: boolean }[] });

    log(`(a) startOpening (${opening.json.bids} bids):          ${fmt(opening.ms)} (service ${fmt(openingServer.times.startOpening?.[0] ?? Number.NaN)})`);
    log(
      `(b) ${BIDS} decryptions, ${label}: ${secs(decryptWall)} wall, ${(BIDS / (decryptWall / 1000)).toFixed(1)} bids/s\n` +
        `    per bid (client SM2 + POST): ${dist(perBid)}\n` +
        `    client-side SM2 share decryption: ${dist(clientSm2)}\n` +
        `    POST /bid/decryption round trip: ${dist(post)}\n` +
        `    service decryptBid (lock wait + DB + crypto + audit): ${dist(decryptServer.times.decryptBid ?? [])}; ` +
        `audit.record ${fmt(mean(decryptServer.times["audit.record"] ?? []))}, audit.flush ${fmt(mean(decryptServer.times["audit.flush"] ?? []))}`,
    );
    if ("failed" in close || !record) {
      log(
        `(c) closeOpening FAILED after ${fmt(closeServer.times.closeOpening?.[0] ?? Number.NaN)} in the service: ${"failed" in close ? close.failed.slice(0, 60) : ""}…; ` +
          `server error: ${closeServer.errors.closeOpening ?? "?"}`,
      );
      log(`open + decrypt (close failed): ${secs(total)}`);
    } else {
      log(
        `(c) closeOpening (唱标 record, ${record.bids.filter((b) => b.decrypted).length}/${record.bids.length} decrypted, ${JSON.stringify(close.json).length} B): ` +
          `${fmt(close.ms)} (service ${fmt(closeServer.times.closeOpening?.[0] ?? Number.NaN)})`,
      );
      log(`open + decrypt + close: ${secs(total)}`);
    }
    if (report) log(report);
    results.push({ label, total, closed: !("failed" in close) });
  };
  await open(0, 1);
  await open(1, CONCURRENCY);

  const [sequential, concurrent] = results.map((r) => `${(r.total / 1000).toFixed(2)}${r.closed ? "" : " [closeOpening failed]"}`);
  log(`\nopen+decrypt ${BIDS} bids: ${concurrent} s (${CONCURRENCY} concurrent clients; sequential ${sequential} s)`);
  port.postMessage({ op: "done" });
}
