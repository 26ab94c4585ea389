import http from "node:http";
import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIDDER, BIDDER2, enrol, WAN } from "../../test-support/auction-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = async (options: InjectOptions, username?: string) =>
  platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username)) : {}) } });

/** 2026-03-02 (the test clock's day) + 20 days = 03-22: the earliest 挂牌 start; 10 working days from 03-23 end on 04-07 (清明 04-04…06). */
const landLot = (overrides: Record<string, unknown> = {}) => ({
  kind: "land",
  method: "listing",
  name: "杭政储出〔2026〕8号 地块国有建设用地使用权",
  divisionCode: "330106",
  approvalLevel: "city",
  departmentCode: "330100-zrzy",
  opensAt: "2026-03-23T01:00:00Z",
  endsAt: "2026-04-07T07:00:00Z",
  startingPriceFen: 100 * WAN,
  incrementFen: WAN,
  depositFen: 20 * WAN,
  reserveFen: 105 * WAN,
  countdownSeconds: 300,
  ...overrides,
});

const bid = (lotId: number, username: string, priceFen: number, clientBidId: string) =>
  inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/bids`, payload: { priceFen, clientBidId } }, username);

describe("招拍挂: statutory lead times", () => {
  it("refuses a 挂牌 announced 19 days before it starts and accepts 20 days", async () => {
    const day19 = await inject({ method: "POST", url: "/api/v1/auction-lots", payload: landLot({ opensAt: "2026-03-21T01:00:00Z" }) }, "tenderer");
    expect(day19.statusCode).toBe(400);
    expect(day19.json()).toMatchObject({ code: "TIME_LIMIT", rule: "ANNOUNCEMENT_TOO_LATE", latest: "2026-03-01" });
    const day20 = await inject(
      { method: "POST", url: "/api/v1/auction-lots", payload: landLot({ method: "auction", opensAt: "2026-03-22T01:00:00Z", endsAt: "2026-03-22T03:00:00Z" }) },
      "tenderer",
    );
    expect(day20.statusCode, day20.body).toBe(201);
  });

  it("refuses a listing of 9 working days (04-03 → 04-07 across 清明) and accepts 10", async () => {
    const short = await inject({ method: "POST", url: "/api/v1/auction-lots", payload: landLot({ endsAt: "2026-04-03T07:00:00Z" }) }, "tenderer");
    expect(short.json()).toMatchObject({ code: "TIME_LIMIT", rule: "LISTING_TOO_SHORT", earliest: "2026-04-07" });
  });

  it("requires a sealed reserve for land and an appraised value for state-owned property", async () => {
    const noReserve = await inject({ method: "POST", url: "/api/v1/auction-lots", payload: landLot({ reserveFen: undefined }) }, "tenderer");
    expect(noReserve.json().code).toBe("VALIDATION_FAILED");
    const wrongMethod = await inject({ method: "POST", url: "/api/v1/auction-lots", payload: landLot({ method: "multi_round" }) }, "tenderer");
    expect(wrongMethod.json().code).toBe("VALIDATION_FAILED");
  });
});

describe("挂牌 → 现场竞价, end to end", () => {
  let lotId: number;
  const applicationOf: Record<string, number> = {};
  const numberOf: Record<string, string> = {};

  it("publishes the lot with its reserve sealed: nothing in the database reveals it before the close", async () => {
    const created = await inject({ method: "POST", url: "/api/v1/auction-lots", payload: landLot() }, "tenderer");
    expect(created.statusCode, created.body).toBe(201);
    lotId = created.json().id;
    expect(created.json().lotCode).toMatch(/^330100\d{10}$/);
    const { rows } = await sql<{ t: string }>`select (select to_jsonb(l)::text from auction_lot l where id = ${lotId}) ||
      (select coalesce(string_agg(detail::text, ''), '') from audit_entry) as t`.execute(platform.database.db);
    expect(rows[0]?.t).not.toContain(String(105 * WAN));
    const lot = (await inject({ url: `/api/v1/auction-lots/${lotId}` })).json();
    expect(lot).toMatchObject({ phase: "open", hasReserve: true, reserveFen: null, minimumNextFen: 100 * WAN });
    const mine = (await inject({ url: "/api/v1/auction-lots?sellerUscc=91330100MA2H01009P&platformCode=330100" })).json().items;
    expect(mine.map((l: { id: number }) => l.id)).toContain(lotId);
    expect((await inject({ url: "/api/v1/auction-lots?sellerUscc=91330100MA2H020016" })).json().items).toEqual([]);
    expect((await inject({ url: "/api/v1/auction-lots?platformCode=330200" })).json().items).toEqual([]);
  });

  it("numbers a bidder only when its deposit came from its basic account and the centre qualified it", async () => {
    for (const b of [BIDDER, BIDDER2]) {
      const applied = await inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/applications` }, b.username);
      expect(applied.statusCode, applied.body).toBe(201);
      applicationOf[b.username] = applied.json().applicationId;
    }
    const again = await inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/applications` }, "bidder");
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ applicationId: applicationOf.bidder, created: false });

    const early = await bid(lotId, "bidder", 100 * WAN, "early-bid-0001");
    expect(early.json().code).toBe("NOT_ELIGIBLE_TO_BID");

    const deposit = (username: string, body: Record<string, unknown>) =>
      inject({ method: "POST", url: `/api/v1/auction-applications/${applicationOf[username]}/deposit`, payload: body }, "centre");
    expect((await deposit("bidder", { amountFen: 20 * WAN, payerAccountNo: "6222000011112222" })).json().code).toBe("DEPOSIT_ACCOUNT_MISMATCH");
    expect((await deposit("bidder", { amountFen: 20 * WAN - 1, payerAccountNo: BIDDER.account })).json().code).toBe("VALIDATION_FAILED");
    for (const b of [BIDDER, BIDDER2]) {
      const arrived = await deposit(b.username, { amountFen: 20 * WAN, payerAccountNo: b.account });
      expect(arrived.statusCode, arrived.body).toBe(200);
      expect(arrived.json()).toMatchObject({ depositStatus: "arrived", bidderNumber: null });
      const reviewed = await inject(
        { method: "POST", url: `/api/v1/auction-applications/${applicationOf[b.username]}/review`, payload: { qualified: true } },
        "centre",
      );
      expect(reviewed.statusCode, reviewed.body).toBe(200);
      numberOf[b.username] = reviewed.json().bidderNumber;
      expect(numberOf[b.username]).toMatch(/^[1-9]\d{5}$/);
    }
    expect(numberOf.bidder).not.toBe(numberOf.bidder2);
    const mine = (await inject({ url: `/api/v1/auction-lots/${lotId}/my-application` }, "bidder")).json();
    expect(mine.application).toMatchObject({ bidderNumber: numberOf.bidder, depositStatus: "arrived" });
  });

  it("keeps the applicants from the seller and from another department; the supervising department and inspection see them", async () => {
    expect((await inject({ url: `/api/v1/auction-lots/${lotId}/applications` }, "tenderer")).statusCode).toBe(403);
    expect((await inject({ url: `/api/v1/auction-lots/${lotId}/applications` }, "supervisor")).json().code).toBe("FORBIDDEN_SCOPE");
    const inspected = (await inject({ url: `/api/v1/auction-lots/${lotId}/applications` }, "inspector")).json();
    expect(inspected.items).toHaveLength(2);
    const publicView = (await inject({ url: `/api/v1/auction-lots/${lotId}` })).body;
    expect(publicView).not.toContain("示范建设");
  });

  it("accepts bids only inside the window, strictly up by whole increments, and answers a retried client bid id once", async () => {
    expect((await bid(lotId, "bidder", 100 * WAN, "bid-before-open")).json()).toMatchObject({ code: "BID_REFUSED", reasons: ["NOT_OPEN"] });
    platform.clock.set("2026-03-23T02:00:00Z");
    expect((await bid(lotId, "bidder", 99 * WAN, "bid-below-start")).json()).toMatchObject({
      code: "BID_REFUSED",
      reasons: ["BELOW_START"],
      minimumFen: 100 * WAN,
    });
    const first = await bid(lotId, "bidder", 100 * WAN, "bid-first-0001");
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ accepted: true, duplicate: false, sequence: 1 });
    const retry = await bid(lotId, "bidder", 100 * WAN, "bid-first-0001");
    expect(retry.json()).toMatchObject({ accepted: true, duplicate: true, sequence: 1 });
    expect((await bid(lotId, "bidder", 101 * WAN, "bid-first-0001")).json()).toMatchObject({ code: "BID_REFUSED", reasons: ["CLIENT_ID_CONFLICT"] });
    expect((await bid(lotId, "bidder2", 101 * WAN + 500_000, "bid-offgrid-01")).json()).toMatchObject({ reasons: ["OFF_GRID"] });
    expect((await bid(lotId, "bidder2", 100 * WAN, "bid-equal-0001")).json()).toMatchObject({ reasons: ["BELOW_INCREMENT"], minimumFen: 101 * WAN });
    expect((await bid(lotId, "bidder2", 101 * WAN, "bid-second-001")).json()).toMatchObject({ sequence: 2 });
    expect((await bid(lotId, "bidder", 103 * WAN, "bid-third-0001")).json()).toMatchObject({ sequence: 3 });
    // 挂牌: a bidder may raise its own standing 报价.
    expect((await bid(lotId, "bidder", 104 * WAN, "bid-fourth-001")).json()).toMatchObject({ sequence: 4 });
    const rows = await platform.database.db
      .selectFrom("auction_bid")
      .select(["sequence", "price_fen"])
      .where("lot_id", "=", lotId)
      .orderBy("sequence")
      .execute();
    expect(rows.map((r) => r.price_fen)).toEqual([100 * WAN, 101 * WAN, 103 * WAN, 104 * WAN]);
    // Every refused attempt is journaled with its reasons (not a state change, so not an audit entry).
    await platform.app.services.auctionBidding.flushRefusals();
    const refused = await platform.database.db
      .selectFrom("auction_bid_refusal")
      .select(["client_bid_id", "reasons"])
      .where("lot_id", "=", lotId)
      .orderBy("id")
      .execute();
    expect(refused.map((r) => [r.client_bid_id, r.reasons])).toEqual([
      ["bid-before-open", ["NOT_OPEN"]],
      ["bid-below-start", ["BELOW_START"]],
      ["bid-offgrid-01", ["OFF_GRID"]],
      ["bid-equal-0001", ["BELOW_INCREMENT"]],
    ]);
  });

  it("streams the hall over SSE, replaying the bids missed since Last-Event-ID before the live ones", async () => {
    await platform.app.http.listen({ port: 0, host: "127.0.0.1" });
    const { port } = platform.app.http.server.address() as { port: number };
    const received: { id?: string; event: string; data: Record<string, unknown> }[] = [];
    let request: http.ClientRequest | undefined;
    const done = new Promise<void>((resolve, reject) => {
      request = http.get({ port, host: "127.0.0.1", path: `/api/v1/auction-lots/${lotId}/watch`, headers: { "last-event-id": "2" } }, (response) => {
        expect(response.headers["content-type"]).toContain("text/event-stream");
        let buffer = "";
        response.on("data", (chunk: Buffer) => {
          buffer += chunk.toString("utf8");
          let cut = buffer.indexOf("\n\n");
          while (cut >= 0) {
            const frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const fields = Object.fromEntries(frame.split("\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]));
            if (fields.event) received.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? "{}") });
            if (received.some((r) => r.id === "5")) resolve();
            cut = buffer.indexOf("\n\n");
          }
        });
      });
      request.on("error", reject);
    });
    try {
      await expect.poll(() => received.filter((r) => r.event === "bid").length).toBe(2);
      expect((await bid(lotId, "bidder2", 105 * WAN, "bid-fifth-0001")).json()).toMatchObject({ sequence: 5 });
      await done;
    } finally {
      request?.destroy();
    }
    expect(received.map((r) => r.event)).toEqual(["hello", "bid", "bid", "snapshot", "bid"]);
    expect(received[3]?.data).toMatchObject({ lastSequence: 4, minimumNextFen: 105 * WAN });
    expect(received.filter((r) => r.event === "bid").map((r) => [r.id, r.data.priceFen])).toEqual([
      ["3", 103 * WAN],
      ["4", 104 * WAN],
      ["5", 105 * WAN],
    ]);
    expect(received.at(-1)?.data).toMatchObject({ bidderNumber: numberOf.bidder2, minimumNextFen: 106 * WAN });
  });

  it("turns into a 现场竞价 at the 挂牌 close when both bidders want to continue; late 挂牌 bids are refused by the server clock", async () => {
    platform.clock.set("2026-04-07T06:00:00Z");
    for (const b of [BIDDER, BIDDER2]) {
      expect((await inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/live-requests` }, b.username)).statusCode).toBe(200);
    }
    expect((await inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/close` }, "centre")).json().code).toBe("NOT_YET_DUE");
    platform.clock.set("2026-04-07T07:00:00Z");
    expect((await bid(lotId, "bidder", 106 * WAN, "bid-at-the-end")).json()).toMatchObject({ code: "BID_REFUSED", reasons: ["LOT_CLOSED"] });
    // (The 拍卖 lot of the first test ended on 03-22 and closes here too.)
    expect(await platform.app.services.auctionClosing.closeDue()).toContain(lotId);
    const lot = (await inject({ url: `/api/v1/auction-lots/${lotId}` })).json();
    expect(lot).toMatchObject({ phase: "live", liveParticipants: 2, minimumNextFen: 106 * WAN, closesAt: "2026-04-07T07:05:00.000Z", reserveFen: null });
  });

  it("restarts the countdown with every live bid, refuses the leader raising itself, and sells at the end above the reserve", async () => {
    platform.clock.set("2026-04-07T07:01:00Z");
    expect((await bid(lotId, "bidder2", 106 * WAN, "live-self-0001")).json()).toMatchObject({ reasons: ["SELF_OUTBID"] });
    const live1 = await bid(lotId, "bidder", 106 * WAN, "live-bid-00001");
    expect(live1.json()).toMatchObject({ sequence: 6, endsAt: "2026-04-07T07:06:00.000Z" });
    platform.clock.set("2026-04-07T07:05:59Z");
    expect((await bid(lotId, "bidder2", 108 * WAN, "live-bid-00002")).json()).toMatchObject({ sequence: 7, endsAt: "2026-04-07T07:10:59.000Z" });
    platform.clock.set("2026-04-07T07:10:59Z");
    expect((await bid(lotId, "bidder", 109 * WAN, "live-bid-late01")).json()).toMatchObject({ reasons: ["LOT_CLOSED"] });
    expect(await platform.app.services.auctionClosing.closeDue()).toEqual([lotId]);
    expect(await platform.app.services.auctionClosing.closeDue()).toEqual([]);

    const result = (await inject({ url: `/api/v1/auction-lots/${lotId}/result` })).json();
    expect(result).toMatchObject({ outcome: "sold", dealPriceFen: 108 * WAN, reserveFen: 105 * WAN, buyer: { bidderNumber: numberOf.bidder2 } });
    expect(result.buyer.name).toBe("宁波示范建工集团有限公司");
    const prices = result.ladder.map((b: { priceFen: number }) => b.priceFen);
    expect(result.ladder.map((b: { sequence: number }) => b.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(prices.every((p: number, i: number) => i === 0 || p >= prices[i - 1] + WAN)).toBe(true);
    expect(result.ladder.map((b: { phase: string }) => b.phase)).toEqual(["open", "open", "open", "open", "open", "live", "live"]);
  });

  it("turns the winner's deposit into part payment and refunds the other one once", async () => {
    const items = (await inject({ url: `/api/v1/auction-lots/${lotId}/applications` }, "centre")).json().items;
    const status = Object.fromEntries(items.map((a: { bidderNumber: string; depositStatus: string }) => [a.bidderNumber, a.depositStatus]));
    expect(status).toEqual({ [numberOf.bidder2 as string]: "applied_to_price", [numberOf.bidder as string]: "refund_due" });
    const refund = await inject({ method: "POST", url: `/api/v1/auction-applications/${applicationOf.bidder}/refund` }, "centre");
    expect(refund.json()).toMatchObject({ depositStatus: "refunded", depositFen: 20 * WAN });
    expect((await inject({ method: "POST", url: `/api/v1/auction-applications/${applicationOf.bidder}/refund` }, "centre")).json().code).toBe("STATE_INVALID");
    expect((await inject({ method: "POST", url: `/api/v1/auction-applications/${applicationOf.bidder2}/refund` }, "centre")).json().code).toBe("STATE_INVALID");
  });

  it("keeps the running state equal to what the bids imply, and bids append-only", async () => {
    const live = await platform.database.db.selectFrom("auction_lot_live").selectAll().where("lot_id", "=", lotId).executeTakeFirstOrThrow();
    const last = await platform.database.db
      .selectFrom("auction_bid")
      .selectAll()
      .where("lot_id", "=", lotId)
      .orderBy("sequence", "desc")
      .executeTakeFirstOrThrow();
    expect(live).toMatchObject({ last_sequence: last.sequence, current_price_fen: last.price_fen, current_bidder_number: last.bidder_number, closed: true });
    await expect(sql`update auction_bid set price_fen = 1 where lot_id = ${lotId}`.execute(platform.database.db)).rejects.toThrow(/append-only/);
  });
});

describe("concurrent bids on one lot", () => {
  it("decides a burst of racing bids and retries into one strictly increasing ladder, each answer telling the truth", async () => {
    platform.clock.set("2026-05-01T02:00:00Z");
    const created = await inject(
      { method: "POST", url: "/api/v1/auction-lots", payload: landLot({ method: "auction", opensAt: "2026-05-21T01:00:00Z", endsAt: "2026-05-21T03:00:00Z" }) },
      "tenderer",
    );
    expect(created.statusCode, created.body).toBe(201);
    const burstLot = created.json().id as number;
    for (const b of [BIDDER, BIDDER2]) await enrol(inject, burstLot, b, 20 * WAN);
    platform.clock.set("2026-05-21T02:00:00Z");
    // Both bidders fire ten prices each at once, and retry every one of them with the same client bid id.
    const attempts = ["bidder", "bidder2"].flatMap((who) =>
      Array.from({ length: 10 }, (_, i) => ({ who, priceFen: (100 + i) * WAN, clientBidId: `burst-${who}-${i}` })),
    );
    const answers = await Promise.all(
      [...attempts, ...attempts].map((a) => bid(burstLot, a.who, a.priceFen, a.clientBidId).then((r) => ({ ...a, r: r.json() }))),
    );
    const ladder = await platform.database.db
      .selectFrom("auction_bid")
      .select(["sequence", "price_fen", "bidder_number", "client_bid_id"])
      .where("lot_id", "=", burstLot)
      .orderBy("sequence")
      .execute();
    expect(ladder.length).toBeGreaterThan(0);
    ladder.forEach((row, i) => {
      expect(row.sequence).toBe(i + 1);
      if (i > 0) {
        expect(row.price_fen - (ladder[i - 1]?.price_fen as number)).toBeGreaterThanOrEqual(WAN);
        expect(row.bidder_number).not.toBe(ladder[i - 1]?.bidder_number); // nobody raised its own standing bid
      }
    });
    for (const a of answers) {
      const row = ladder.find((l) => l.client_bid_id === a.clientBidId);
      if (a.r.accepted) {
        // An acceptance (first or retry) is the bid in the ladder, with its sequence; a bid is there once.
        expect(row).toMatchObject({ sequence: a.r.sequence, price_fen: a.priceFen });
      } else {
        expect(a.r.code).toBe("BID_REFUSED");
        expect(a.r.minimumFen > a.priceFen || a.r.reasons.includes("SELF_OUTBID")).toBe(true);
        // A refused attempt leaves nothing; its id is in the ladder only if its other copy was accepted (a refusal is no use of the id).
        if (row) expect(answers.some((b) => b !== a && b.clientBidId === a.clientBidId && b.r.accepted)).toBe(true);
      }
    }
    const audited = await platform.database.db.selectFrom("audit_entry").select("object_id").where("action", "=", "auction.bid").execute();
    const ids = await platform.database.db.selectFrom("auction_bid").select("id").where("lot_id", "=", burstLot).execute();
    expect(audited.map((a) => a.object_id)).toEqual(expect.arrayContaining(ids.map((i) => String(i.id))));
  });
});

describe("国有产权 网络竞价 (多次报价) and sanctions", () => {
  let lotId: number;
  const equityLot = (overrides: Record<string, unknown> = {}) => ({
    kind: "equity",
    method: "multi_round",
    name: "杭州示范城投所持某公司30%股权",
    divisionCode: "330106",
    approvalLevel: "city",
    departmentCode: "330100-gz",
    opensAt: "2026-04-08T01:00:00Z",
    endsAt: "2026-04-08T02:00:00Z",
    startingPriceFen: 1000 * WAN,
    incrementFen: 10 * WAN,
    depositFen: 100 * WAN,
    appraisalFen: 1200 * WAN,
    countdownSeconds: 60,
    ...overrides,
  });

  it("refuses a disclosure of 19 working days and accepts 20", async () => {
    platform.clock.set("2026-03-09T02:00:00Z");
    const short = await inject({ method: "POST", url: "/api/v1/auction-lots", payload: equityLot({ opensAt: "2026-04-02T01:00:00Z" }) }, "tenderer");
    expect(short.json()).toMatchObject({ code: "TIME_LIMIT", rule: "DISCLOSURE_TOO_SHORT", earliest: "2026-04-07" });
    const ok = await inject({ method: "POST", url: "/api/v1/auction-lots", payload: equityLot({ opensAt: "2026-04-07T01:00:00Z" }) }, "tenderer");
    expect(ok.statusCode, ok.body).toBe(201);
    lotId = ok.json().id;
  });

  it("keeps the free period's end, restarts the countdown in the timed period, and flags a deal below 90% of the appraisal", async () => {
    for (const b of [BIDDER, BIDDER2]) await enrol(inject, lotId, b, 100 * WAN);
    platform.clock.set("2026-04-08T01:30:00Z");
    expect((await bid(lotId, "bidder", 1000 * WAN, "mr-free-00001")).json()).toMatchObject({ sequence: 1, endsAt: "2026-04-08T02:01:00.000Z" });
    platform.clock.set("2026-04-08T02:00:30Z");
    expect((await bid(lotId, "bidder2", 1010 * WAN, "mr-timed-0001")).json()).toMatchObject({ sequence: 2, endsAt: "2026-04-08T02:01:30.000Z" });
    platform.clock.set("2026-04-08T02:01:30Z");
    await platform.app.services.auctionClosing.closeDue();
    const lot = await platform.database.db
      .selectFrom("auction_lot")
      .select(["outcome", "deal_price_fen", "needs_approval"])
      .where("id", "=", lotId)
      .executeTakeFirstOrThrow();
    // 1010万 < 90% × 1200万 = 1080万: the deal needs the approving body's written consent (32号令第十八条 [mem]).
    expect(lot).toEqual({ outcome: "sold", deal_price_fen: 1010 * WAN, needs_approval: true });
    // 交易结果公告 ≥ 5 working days from the close on 04-08 (Wednesday): until 04-15.
    const result = (await inject({ url: `/api/v1/auction-lots/${lotId}/result` })).json();
    expect(result.publicity).toMatchObject({ start: "2026-04-08", end: "2026-04-15" });
  });

  it("bars a subject under an auction restriction from applying, on every platform", async () => {
    const other = await inject(
      { method: "POST", url: "/api/v1/auction-lots", payload: landLot({ opensAt: "2026-04-28T01:00:00Z", endsAt: "2026-05-20T07:00:00Z" }) },
      "tenderer",
    );
    expect(other.statusCode, other.body).toBe(201);
    const record = await inject(
      {
        method: "POST",
        url: "/api/v1/credit/records",
        payload: {
          subjectUscc: "91330200MA2H04007C",
          kind: "blacklist",
          reason: "恶意串通竞买",
          documentNo: "杭建罚〔2026〕21号",
          restrictedActions: ["auction"],
          endsAt: "2027-04-08T00:00:00Z",
        },
      },
      "supervisor",
    );
    expect(record.statusCode, record.body).toBe(201);
    const refused = await inject({ method: "POST", url: `/api/v1/auction-lots/${other.json().id}/applications` }, "bidder2");
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: "SUBJECT_RESTRICTED", action: "auction" });
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
