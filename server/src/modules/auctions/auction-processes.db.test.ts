import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { verifyAuditLog } from "../../platform/audit/audit-verify.ts";
import { TestClock } from "../../platform/clock.ts";
import { loadConfig } from "../../platform/config/config.ts";
import { openRuntime } from "../../platform/runtime.ts";
import { DEMO_PASSWORD } from "../../seed/demo-data.ts";
import { seedInstallation } from "../../seed/seed.ts";
import { type ServerProcess, startServerProcess } from "../../test-support/server-process.ts";
import { bearer } from "../../test-support/test-platform.ts";

/**
 * The engine with real server processes (`npm start`'s main.ts) on one database: two processes taking bids
 * for one lot at once, and a process killed with SIGKILL in the middle of a stream of bids. Two processes
 * need PostgreSQL (PGlite is one process's embedded database); the crash test runs on both.
 */
const adminUrl = process.env.GGZY_TEST_DATABASE_URL;
const onPostgres = adminUrl !== undefined;
const WAN = 1_000_000;

let env: Record<string, string>;
let dir: string;
let databaseName: string | undefined;
let lotId: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ggzy-auction-proc-"));
  env = { GGZY_DATA_DIR: dir };
  if (adminUrl) {
    databaseName = `ggzy_test_proc_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${databaseName}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${databaseName}`;
    env.DATABASE_URL = url.toString();
  }
  // Set the lot up in-process on a clock 30 days back, so that the real clock of the processes is inside its bidding window.
  const runtime = await openRuntime(loadConfig(env));
  const now = Date.now();
  const clock = new TestClock(new Date(now - 30 * 86_400_000));
  const app = await buildApp({ ...runtime, clock });
  await seedInstallation(app.services, { demo: true });
  const as = async (username: string) => {
    const r = await app.http.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username, password: DEMO_PASSWORD } });
    return bearer(r.json().token);
  };
  const created = await app.http.inject({
    method: "POST",
    url: "/api/v1/auction-lots",
    headers: await as("tenderer"),
    payload: {
      kind: "land",
      method: "auction",
      name: "多进程竞价测试地块",
      divisionCode: "330106",
      approvalLevel: "city",
      departmentCode: "330100-zrzy",
      opensAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 3 * 3_600_000).toISOString(),
      startingPriceFen: 100 * WAN,
      incrementFen: WAN,
      depositFen: 10 * WAN,
      reserveFen: 100 * WAN,
      countdownSeconds: 60,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  lotId = created.json().id;
  const centre = await as("centre");
  for (const [username, account] of [
    ["bidder", "19000101040000303"],
    ["bidder2", "51010122000000404"],
  ] as const) {
    const applied = await app.http.inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/applications`, headers: await as(username) });
    const id = applied.json().applicationId;
    await app.http.inject({
      method: "POST",
      url: `/api/v1/auction-applications/${id}/deposit`,
      headers: centre,
      payload: { amountFen: 10 * WAN, payerAccountNo: account },
    });
    const reviewed = await app.http.inject({ method: "POST", url: `/api/v1/auction-applications/${id}/review`, headers: centre, payload: { qualified: true } });
    expect(reviewed.json().bidderNumber).toMatch(/^\d{6}$/);
  }
  await app.http.close();
  await runtime.database.close();
}, 120_000);

afterAll(async () => {
  if (adminUrl && databaseName) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Ack {
  status: number;
  body: { sequence?: number; duplicate?: boolean; code?: string; reasons?: string[]; minimumFen?: number };
}

async function login(server: ServerProcess, username: string): Promise<string> {
  const r = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  return ((await r.json()) as { token: string }).token;
}

async function placeBid(server: ServerProcess, token: string, priceFen: number, clientBidId: string): Promise<Ack> {
  const r = await fetch(`${server.url}/api/v1/auction-lots/${lotId}/bids`, {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(token) },
    body: JSON.stringify({ priceFen, clientBidId }),
  });
  return { status: r.status, body: (await r.json()) as Ack["body"] };
}

async function minimumNext(server: ServerProcess): Promise<number> {
  const r = await fetch(`${server.url}/api/v1/auction-lots/${lotId}`);
  return ((await r.json()) as { minimumNextFen: number }).minimumNextFen;
}

async function ladder(server: ServerProcess) {
  const r = await fetch(`${server.url}/api/v1/auction-lots/${lotId}/bids?limit=5000`);
  return ((await r.json()) as { items: { sequence: number; priceFen: number; bidderNumber: string }[] }).items;
}

/** Collects the sequence numbers of the bid events a watcher receives over SSE. */
function watch(server: ServerProcess) {
  const sequences: number[] = [];
  const request = http.get(`${server.url}/api/v1/auction-lots/${lotId}/watch`, (response) => {
    let buffer = "";
    response.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const id = /^id: (\d+)$/m.exec(frame);
        if (id && frame.includes("event: bid")) sequences.push(Number(id[1]));
        cut = buffer.indexOf("\n\n");
      }
    });
  });
  request.on("error", () => undefined);
  return { sequences, close: () => request.destroy() };
}

function expectStrictLadder(items: { sequence: number; priceFen: number }[]) {
  expect(items.map((b) => b.sequence)).toEqual(items.map((_, i) => i + 1));
  for (let i = 1; i < items.length; i++) expect(items[i]!.priceFen).toBeGreaterThanOrEqual(items[i - 1]!.priceFen + WAN);
}

describe("auction engine across real server processes", () => {
  it.runIf(onPostgres)(
    "two processes on one PostgreSQL take bids for one lot: one total order, the same for every watcher",
    async () => {
      const a = await startServerProcess(env);
      const b = await startServerProcess(env);
      const watchers = [watch(a), watch(b)];
      try {
        const tokens = { bidder: await login(a, "bidder"), bidder2: await login(b, "bidder2") };
        const accepted: { sequence: number; priceFen: number }[] = [];
        // Each bidder, through its own process, keeps bidding the minimum it sees; the two race constantly.
        const run = async (server: ServerProcess, token: string, tag: string) => {
          for (let i = 0; i < 40; i++) {
            const price = await minimumNext(server);
            const ack = await placeBid(server, token, price, `${tag}-${i}-${crypto.randomUUID()}`);
            if (ack.status === 200) accepted.push({ sequence: ack.body.sequence as number, priceFen: price });
            else expect(ack.body.code, JSON.stringify(ack.body)).toBe("BID_REFUSED");
          }
        };
        await Promise.all([run(a, tokens.bidder, "a"), run(b, tokens.bidder2, "b")]);
        const [ladderA, ladderB] = [await ladder(a), await ladder(b)];
        expect(ladderA).toEqual(ladderB);
        expectStrictLadder(ladderA);
        expect(ladderA.length).toBe(accepted.length);
        for (const ack of accepted) expect(ladderA[ack.sequence - 1]?.priceFen).toBe(ack.priceFen);
        expect(new Set(ladderA.map((x) => x.bidderNumber)).size).toBe(2);
        const last = ladderA.length;
        await expect.poll(() => watchers.map((w) => w.sequences.length), { timeout: 10_000 }).toEqual([last, last]);
        for (const w of watchers) expect(w.sequences).toEqual(ladderA.map((x) => x.sequence));
      } finally {
        for (const w of watchers) w.close();
        await a.stop();
        await b.stop();
      }
    },
    180_000,
  );

  it("SIGKILL in the middle of a stream of bids: every acknowledged bid survives, a retried lost one is there once, and bidding goes on", async () => {
    let server = await startServerProcess(env);
    const acked: { clientBidId: string; sequence: number; priceFen: number }[] = [];
    let lost: { clientBidId: string; priceFen: number; bidder: "bidder" | "bidder2" } | undefined;
    try {
      const tokens = { bidder: await login(server, "bidder"), bidder2: await login(server, "bidder2") };
      let who: "bidder" | "bidder2" = "bidder";
      for (let i = 0; i < 60; i++) {
        const price = await minimumNext(server);
        const clientBidId = `crash-${i}-${crypto.randomUUID()}`;
        const pending = placeBid(server, tokens[who], price, clientBidId);
        if (i === 30) {
          // Kill the process while this bid is on its way: its acknowledgement may or may not have been written.
          const settled = pending.then(
            (ack) => ack,
            () => undefined,
          );
          await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
          await server.kill();
          const outcome = await settled;
          if (outcome?.status === 200) acked.push({ clientBidId, sequence: outcome.body.sequence as number, priceFen: price });
          else lost = { clientBidId, priceFen: price, bidder: who };
          break;
        }
        const ack = await pending;
        if (ack.status === 200) acked.push({ clientBidId, sequence: ack.body.sequence as number, priceFen: price });
        else if (ack.body.reasons?.includes("SELF_OUTBID")) {
          who = who === "bidder" ? "bidder2" : "bidder";
          continue;
        } else throw new Error(JSON.stringify(ack.body));
        who = who === "bidder" ? "bidder2" : "bidder";
      }
      expect(acked.length).toBeGreaterThanOrEqual(25);

      server = await startServerProcess(env);
      const again = { bidder: await login(server, "bidder"), bidder2: await login(server, "bidder2") };
      let items = await ladder(server);
      for (const ack of acked) expect(items[ack.sequence - 1]?.priceFen).toBe(ack.priceFen);
      if (lost) {
        // The client retries the bid whose acknowledgement it never got, with the same client bid id.
        const retry = await placeBid(server, again[lost.bidder], lost.priceFen, lost.clientBidId);
        expect(retry.status, JSON.stringify(retry.body)).toBe(200);
        const second = await placeBid(server, again[lost.bidder], lost.priceFen, lost.clientBidId);
        expect(second.body).toMatchObject({ duplicate: true, sequence: retry.body.sequence });
      }
      items = await ladder(server);
      expectStrictLadder(items);
      if (lost) expect(items.filter((x) => x.priceFen === lost?.priceFen)).toHaveLength(1);

      // The auction goes on: the other bidder outbids the standing price.
      const leader = items.at(-1)?.bidderNumber;
      const next = await minimumNext(server);
      const mine = (await (await fetch(`${server.url}/api/v1/auction-lots/${lotId}/my-application`, { headers: bearer(again.bidder) })).json()) as {
        application: { bidderNumber: string };
      };
      const other = mine.application.bidderNumber === leader ? "bidder2" : "bidder";
      const after = await placeBid(server, again[other], next, `after-crash-${crypto.randomUUID()}`);
      expect(after.status, JSON.stringify(after.body)).toBe(200);
      expect(after.body.sequence).toBe(items.length + 1);
    } finally {
      await server.stop();
    }
    // The audit log still verifies after the crash (entries committed with their bids; sealing catches up).
    const runtime = await openRuntime(loadConfig(env));
    try {
      const report = await verifyAuditLog(runtime.database.db, { signer: runtime.signer, witnessFile: runtime.witnessFile });
      expect(report.problems).toEqual([]);
    } finally {
      await runtime.database.close();
    }
  }, 180_000);
});
