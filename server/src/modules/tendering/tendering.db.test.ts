import { randomBytes } from "node:crypto";
import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSm2KeyPair, signSm2 } from "../../platform/crypto/sm2.ts";
import { bidderShare, sealOffer } from "../../test-support/bidder-tool.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";
import { drawCommittee, verifyCommitment } from "../experts/domain/expert-draw.ts";
import { idCardCheckChar } from "../identity/domain/id-card.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = async (options: InjectOptions, username?: string) =>
  platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username)) : {}) } });

/** Five bidders: the two demo accounts and three companies that register themselves. */
const NEW_BIDDERS = [
  { uscc: "91330100MA2HT00125", name: "杭州甲建设有限公司", username: "bidder-a", idCard: "330106199203030033" },
  { uscc: "91330100MA2HT00200", name: "杭州乙建设有限公司", username: "bidder-b", idCard: "330106199304040046" },
  { uscc: "91330100MA2HT0039W", name: "杭州丙建设有限公司", username: "bidder-c", idCard: "330106199405050059" },
];
const PASSWORD = "Strong#Pass2026";
const bidders: { username: string; password?: string; uscc: string; keys: { publicKey: string; privateKey: string } }[] = [];
const PRICES = [4_567_891_234, 4_611_000_000, 4_702_500_000, 4_655_550_000, 4_800_000_000];

const project = {
  name: "杭州示范城市快速路二期工程",
  kind: "works",
  departmentCode: "330100-zj",
  approvalLevel: "city",
  approvalDivisionCode: "330100",
  approvalNumber: "杭发改审批〔2026〕12号",
  estimateFen: 5_000_000_000,
  funding: {
    totalInvestmentFen: 6_000_000_000,
    budgetFundsFen: 6_000_000_000,
    stateOwnedControlling: true,
    foreignLoanOrAid: false,
    publicInfrastructure: true,
  },
  method: "open",
  sections: [{ name: "施工一标段", classifyCode: "A080000", estimateFen: 5_000_000_000, bondFen: 80_000_000 }],
};

describe("tendering: from project to the opening record", () => {
  let sectionId: number;
  let sectionCode: string;

  it("registers the project on the platform its approval level names, with data-spec ids", async () => {
    const response = await inject({ method: "POST", url: "/api/v1/tender-projects", payload: project }, "tenderer");
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ platformCode: "330100", compulsory: true, method: "open" });
    expect(body.projectCode).toMatch(/^3301002026\d{6}$/);
    expect(body.tenderProjectCode).toBe(`${body.projectCode}001`);
    expect(body.sections[0].sectionCode).toBe(`${body.tenderProjectCode}001`);
    expect(body.sections[0].unifiedDealCode).toMatch(/^33010020260302\d{6}[0-9A-Z]$/);
    const mine = (await inject({ url: "/api/v1/tender-projects" }, "tenderer")).json().items;
    expect(mine.map((p: { id: number }) => p.id)).toContain(body.id);
    expect((await inject({ url: "/api/v1/tender-projects" }, "agency")).json().items).toEqual([]);
    sectionId = body.sections[0].id;
    sectionCode = body.sections[0].sectionCode;
  });

  it("refuses a bid bond above 2% of the estimate (条例26)", async () => {
    const response = await inject(
      { method: "POST", url: "/api/v1/tender-projects", payload: { ...project, sections: [{ ...project.sections[0], bondFen: 100_000_001 }] } },
      "tenderer",
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "RULE_VIOLATION" });
  });

  it("holds the notice to the statutory limits: sale ≥ 5 days, issue to deadline ≥ 20 days", async () => {
    const notice = (docSaleEnd: string, bidDeadline: string) =>
      inject(
        { method: "POST", url: `/api/v1/sections/${sectionId}/notice`, payload: { docSaleStart: "2026-03-02T02:00:00Z", docSaleEnd, bidDeadline } },
        "tenderer",
      );
    const saleDay4 = await notice("2026-03-06T09:00:00Z", "2026-03-22T01:30:00Z");
    expect(saleDay4.json()).toMatchObject({ code: "TIME_LIMIT", rule: "DOCUMENT_SALE_TOO_SHORT", basis: "招标投标法实施条例第十六条", earliest: "2026-03-07" });
    const day19 = await notice("2026-03-07T09:00:00Z", "2026-03-21T01:30:00Z");
    expect(day19.json()).toMatchObject({ code: "TIME_LIMIT", rule: "TENDER_PERIOD_TOO_SHORT", basis: "招标投标法第二十四条", earliest: "2026-03-22" });
    const foreign = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/notice`,
        payload: { docSaleStart: "2026-03-02T02:00:00Z", docSaleEnd: "2026-03-07T09:00:00Z", bidDeadline: "2026-03-22T01:30:00Z" },
      },
      "agency",
    );
    expect(foreign.json().code).toBe("FORBIDDEN_SCOPE");
    const day20 = await notice("2026-03-07T09:00:00Z", "2026-03-22T01:30:00Z");
    expect(day20.statusCode, day20.body).toBe(200);
    expect(day20.json()).toMatchObject({ status: "announced", bidDeadline: "2026-03-22T01:30:00.000Z" });
    const notices = (await inject({ url: "/api/v1/tender-notices" })).json().items;
    expect(notices[0]).toMatchObject({ sectionId, projectName: project.name });
  });

  it("lets bidders register and hides who did from the tenderer and other departments", async () => {
    for (const b of NEW_BIDDERS) {
      const r = await inject({
        method: "POST",
        url: "/api/v1/subjects",
        payload: {
          uscc: b.uscc,
          name: b.name,
          roles: ["bidder"],
          account: { username: b.username, password: PASSWORD, displayName: b.name, idCard: b.idCard, role: "bidder" },
        },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const accounts: { username: string; password?: string; uscc: string }[] = [
      { username: "bidder", uscc: "91330106MA2H03004D" },
      { username: "bidder2", uscc: "91330200MA2H04007C" },
      ...NEW_BIDDERS.map((b) => ({ username: b.username, password: PASSWORD, uscc: b.uscc })),
    ];
    for (const [i, a] of accounts.entries()) {
      const token = await platform.login(a.username, a.password);
      const keys = generateSm2KeyPair();
      const cert = await platform.app.http.inject({
        method: "POST",
        url: "/api/v1/auth/certificates",
        headers: bearer(token),
        payload: { serial: `CA-${i}`, publicKey: keys.publicKey },
      });
      expect(cert.statusCode).toBe(201);
      const registration = await platform.app.http.inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations`, headers: bearer(token) });
      expect(registration.statusCode, registration.body).toBe(201);
      bidders.push({ ...a, keys });
    }
    const byTenderer = await inject({ url: `/api/v1/sections/${sectionId}/bidders` }, "tenderer");
    expect(byTenderer.statusCode).toBe(403);
    const byOtherDepartment = await inject({ url: `/api/v1/sections/${sectionId}/bidders` }, "supervisor-fgw");
    expect(byOtherDepartment.json().code).toBe("FORBIDDEN_SCOPE");
    const bySupervisor = await inject({ url: `/api/v1/sections/${sectionId}/bidders` }, "supervisor");
    expect(bySupervisor.json().registrations).toHaveLength(5);
  });

  const token = (b: (typeof bidders)[number]) => platform.login(b.username, b.password);

  /** Subscribes to the opening hall's server-sent events over a real socket. */
  async function watchOpeningHall(id: number) {
    const address = platform.app.http.server.listening
      ? platform.app.http.server.address()
      : await platform.app.http.listen({ port: 0, host: "127.0.0.1" }).then(() => platform.app.http.server.address());
    const { port } = address as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/sections/${id}/opening-hall`);
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const events: { type: string; data: Record<string, unknown> }[] = [];
    let buffer = "";
    return {
      async until(type: string) {
        const deadline = Date.now() + 10_000;
        while (!events.some((e) => e.type === type) && Date.now() < deadline) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += new TextDecoder().decode(value);
          const blocks = buffer.split("\n\n");
          buffer = blocks.pop() ?? "";
          for (const block of blocks) {
            const type = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (type && data && type !== "hello") events.push({ type, data: JSON.parse(data).data });
          }
        }
        await reader.cancel();
        return events;
      },
    };
  }

  it("accepts sealed bids until the deadline, by the server clock, and never stores a readable price", async () => {
    for (const [i, b] of bidders.entries()) {
      const keys = (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/sealing-keys`, headers: bearer(await token(b)) })).json();
      expect(keys.context).toBe(`section:${sectionCode}/bidder:${b.uscc}`);
      const payload = sealOffer(keys, { priceFen: PRICES[i] as number, durationDays: 540, quality: "合格", projectManager: `项目经理${i}` });
      const receipt = await platform.app.http.inject({ method: "PUT", url: `/api/v1/sections/${sectionId}/bid`, headers: bearer(await token(b)), payload });
      expect(receipt.statusCode, receipt.body).toBe(201);
      expect(receipt.json()).toMatchObject({ sectionCode, sm3: payload.sm3, size: payload.size });
    }
    // A database administrator reading every row sees no price.
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(platform.database.db);
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ t: string }>`select to_jsonb(t)::text as t from ${sql.table(table_name)} t`.execute(platform.database.db);
      for (const row of rows.rows) for (const price of PRICES) expect(row.t, table_name).not.toContain(String(price));
    }
    // The last second before the deadline still counts; the deadline itself does not.
    const last = bidders[4] as (typeof bidders)[number];
    const keys = (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/sealing-keys`, headers: bearer(await token(last)) })).json();
    platform.clock.set("2026-03-22T01:29:59.999Z");
    const replaced = await platform.app.http.inject({
      method: "PUT",
      url: `/api/v1/sections/${sectionId}/bid`,
      headers: bearer(await token(last)),
      payload: sealOffer(keys, { priceFen: PRICES[4] as number }),
    });
    expect(replaced.statusCode).toBe(201);
    expect(replaced.json().replacedBidId).toBeGreaterThan(0);
    platform.clock.set("2026-03-22T01:30:00.000Z");
    const late = await platform.app.http.inject({
      method: "PUT",
      url: `/api/v1/sections/${sectionId}/bid`,
      headers: bearer(await token(last)),
      payload: sealOffer(keys, { priceFen: 1 }),
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe("DEADLINE_PASSED");
  });

  it("opens at the deadline; bidders decrypt online; an undecrypted bid counts as 撤销", async () => {
    const hall = await watchOpeningHall(sectionId);
    platform.clock.set("2026-03-22T01:29:00.000Z");
    expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening` }, "centre")).json().code).toBe("NOT_YET_DUE");
    platform.clock.set("2026-03-22T01:30:00.000Z");
    const opening = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening` }, "centre");
    expect(opening.json()).toMatchObject({ status: "opening", bids: 5 });

    expect((await inject({ url: `/api/v1/sections/${sectionId}` })).json()).toMatchObject({ status: "opening", decryptDeadline: "2026-03-22T02:00:00.000Z" });
    for (const [i, b] of bidders.slice(0, 4).entries()) {
      const mine = (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/my-bid`, headers: bearer(await token(b)) })).json();
      expect(mine.bid).toMatchObject({ status: "submitted", offer: null });
      // A made-up share does not open the bid.
      if (i === 0) {
        const wrong = { x: 1, y: randomBytes(32).toString("hex") };
        const refused = await platform.app.http.inject({
          method: "POST",
          url: `/api/v1/sections/${sectionId}/bid/decryption`,
          headers: bearer(await token(b)),
          payload: { share: wrong },
        });
        expect(refused.json().code).toBe("BID_DECRYPTION_FAILED");
      }
      const share = bidderShare(mine.bid.bidderShare, b.keys.privateKey);
      const decrypted = await platform.app.http.inject({
        method: "POST",
        url: `/api/v1/sections/${sectionId}/bid/decryption`,
        headers: bearer(await token(b)),
        payload: { share },
      });
      expect(decrypted.statusCode, decrypted.body).toBe(200);
      expect(decrypted.json().offer.priceFen).toBe(PRICES[i]);
    }
    expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening/close` }, "centre")).json().code).toBe("NOT_YET_DUE");
    platform.clock.set("2026-03-22T02:00:00.001Z");
    const closed = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening/close` }, "centre");
    expect(closed.statusCode, closed.body).toBe(200);
    const record = (await inject({ url: `/api/v1/sections/${sectionId}/opening-record` })).json();
    expect(record.bids).toHaveLength(5);
    expect(
      record.bids
        .filter((b: { decrypted: boolean }) => b.decrypted)
        .map((b: { priceFen: number }) => b.priceFen)
        .sort(),
    ).toEqual(PRICES.slice(0, 4).sort());
    expect(record.bids.find((b: { decrypted: boolean }) => !b.decrypted)).toMatchObject({ bidderCode: bidders[4]?.uscc, priceFen: null });
    // The opening hall saw it live, in order.
    const events = await hall.until("opening.record");
    expect(events.map((e) => e.type)).toEqual(["opening.started", "bid.decrypted", "bid.decrypted", "bid.decrypted", "bid.decrypted", "opening.record"]);
    expect(events[4]?.data).toEqual({ decrypted: 4, total: 5 });
    expect(events[5]?.data).toEqual({ bids: 5, decrypted: 4 });
  });

  it("draws a committee from a committed seed, evaluates, and signs the report; anyone can re-run the draw", async () => {
    const admin = await platform.login("admin");
    const expertAccounts: { expertId: number; username: string; keys: { publicKey: string; privateKey: string } }[] = [];
    for (let i = 0; i < 10; i++) {
      const first17 = `3301061975010${String(i + 10).padStart(2, "0")}${String(i).padStart(2, "0")}`.slice(0, 17);
      const idCard = first17 + idCardCheckChar(first17);
      const special = i === 0 ? { employerUscc: bidders[0]?.uscc } : i === 1 ? { departmentCode: "330100-zj" } : {};
      const added = await inject(
        {
          method: "POST",
          url: "/api/v1/experts",
          payload: {
            idCard,
            name: `专家${i}`,
            specialty: "A0801",
            kind: i % 3 === 0 ? "economic" : "technical",
            regionCode: "330100",
            title: "高级工程师",
            ...special,
          },
        },
        "expertadmin",
      );
      expect(added.statusCode, added.body).toBe(201);
      if (i === 2) await inject({ method: "PATCH", url: `/api/v1/experts/${added.json().id}`, payload: { punishedUntil: "2027-12-31" } }, "expertadmin");
      const username = `expert-${i}`;
      const account = await platform.app.http.inject({
        method: "POST",
        url: "/api/v1/accounts",
        headers: bearer(admin),
        payload: { username, password: PASSWORD, displayName: `专家${i}`, role: "expert", platformCode: "330100", idCard },
      });
      expect(account.statusCode, account.body).toBe(201);
      const keys = generateSm2KeyPair();
      await platform.app.http.inject({
        method: "POST",
        url: "/api/v1/auth/certificates",
        headers: bearer(await platform.login(username, PASSWORD)),
        payload: { serial: `EXPERT-${i}`, publicKey: keys.publicKey },
      });
      expertAccounts.push({ expertId: added.json().id, username, keys });
    }
    expect(
      (
        await inject(
          {
            method: "POST",
            url: `/api/v1/experts`,
            payload: { idCard: "330106197009090084", name: "x", specialty: "A08", kind: "technical", regionCode: "330100", title: "x" },
          },
          "extractor",
        )
      ).statusCode,
    ).toBe(403);

    const committed = await inject(
      { method: "POST", url: `/api/v1/sections/${sectionId}/expert-draws`, payload: { size: 5, specialties: ["A08"] } },
      "extractor",
    );
    expect(committed.statusCode, committed.body).toBe(201);
    const { id: drawId, commitment } = committed.json();
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    const before = (await inject({ url: `/api/v1/expert-draws/${drawId}` })).json();
    expect(before).toMatchObject({ status: "committed", commitment, seed: null, members: null });

    expect((await inject({ method: "POST", url: `/api/v1/expert-draws/${drawId}/run` }, "extractor")).json()).toMatchObject({ drawn: 5 });
    const asSupervisor = (await inject({ url: `/api/v1/expert-draws/${drawId}` }, "supervisor")).json();
    const drawnIds = asSupervisor.members.map((m: { expertId: string }) => Number(m.expertId));
    for (const excluded of expertAccounts.slice(0, 3)) expect(drawnIds).not.toContain(excluded.expertId);
    const declined = await inject({ method: "POST", url: `/api/v1/expert-draws/${drawId}/declines`, payload: { expertId: drawnIds[0] } }, "extractor");
    expect(declined.json()).toMatchObject({ drawn: 5, declined: 1 });
    const members = (await inject({ url: `/api/v1/expert-draws/${drawId}` }, "supervisor"))
      .json()
      .members.map((m: { expertId: string }) => Number(m.expertId)) as number[];
    expect(members).not.toContain(drawnIds[0]);
    const committee = expertAccounts.filter((e) => members.includes(e.expertId));
    expect(committee).toHaveLength(5);

    const outsider = expertAccounts.find((e) => !members.includes(e.expertId)) as (typeof expertAccounts)[number];
    expect(
      (
        await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/evaluation`, headers: bearer(await platform.login(outsider.username, PASSWORD)) })
      ).json().code,
    ).toBe("FORBIDDEN_SCOPE");

    const rejectedUscc = bidders[1]?.uscc;
    for (const [i, member] of committee.entries()) {
      const token = await platform.login(member.username, PASSWORD);
      const workspace = (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/evaluation`, headers: bearer(token) })).json();
      expect(workspace.bids).toHaveLength(4);
      const reviews = workspace.bids.map((b: { bidId: number; bidderUscc: string }) =>
        b.bidderUscc === rejectedUscc && i < 3
          ? { bidId: b.bidId, qualified: false, rejectReason: "项目经理资格证书不符合招标文件要求" }
          : { bidId: b.bidId, qualified: true },
      );
      if (i === 0) {
        const noReason = await platform.app.http.inject({
          method: "POST",
          url: `/api/v1/sections/${sectionId}/evaluation/reviews`,
          headers: bearer(token),
          payload: { reviews: [{ bidId: workspace.bids[0].bidId, qualified: false }] },
        });
        expect(noReason.statusCode).toBe(400);
      }
      const submitted = await platform.app.http.inject({
        method: "POST",
        url: `/api/v1/sections/${sectionId}/evaluation/reviews`,
        headers: bearer(token),
        payload: { reviews },
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
    }
    const chair = await platform.login((committee[0] as (typeof committee)[number]).username, PASSWORD);
    const report = await platform.app.http.inject({ method: "POST", url: `/api/v1/sections/${sectionId}/evaluation/report`, headers: bearer(chair) });
    expect(report.statusCode, report.body).toBe(201);
    const drafted = report.json();
    expect(drafted.bids.find((b: { bidderCode: string }) => b.bidderCode === rejectedUscc)).toMatchObject({ rejected: true });
    expect(drafted.candidates.map((c: { order: number; bidderCode: string }) => [c.order, c.bidderCode])).toEqual([
      [1, bidders[0]?.uscc],
      [2, bidders[3]?.uscc],
      [3, bidders[2]?.uscc],
    ]);
    expect((await inject({ url: `/api/v1/sections/${sectionId}/evaluation/report` }, "tenderer")).statusCode).toBe(404);
    for (const member of committee) {
      const signature = signSm2(drafted.digest, member.keys.privateKey);
      const signed = await platform.app.http.inject({
        method: "POST",
        url: `/api/v1/sections/${sectionId}/evaluation/report/signatures`,
        headers: bearer(await platform.login(member.username, PASSWORD)),
        payload: { signature },
      });
      expect(signed.statusCode, signed.body).toBe(200);
    }
    const final = (await inject({ url: `/api/v1/sections/${sectionId}/evaluation/report` }, "tenderer")).json();
    expect(final).toMatchObject({ signatures: 5, digest: drafted.digest });

    // The seed is revealed with the result: anyone re-runs the draw and gets the same committee.
    const revealed = (await inject({ url: `/api/v1/expert-draws/${drawId}` })).json();
    expect(revealed.status).toBe("revealed");
    expect(verifyCommitment(Buffer.from(revealed.seed, "hex"), commitment)).toBe(true);
    const rerun = drawCommittee({
      seed: Buffer.from(revealed.seed, "hex"),
      drawId: revealed.drawId,
      pool: revealed.pool,
      size: 5,
      rules: revealed.rules,
      declined: revealed.declined,
    });
    expect(rerun.ok && rerun.members.map((m) => Number(m.expertId))).toEqual(members);
  });

  it("publishes the candidates for at least 3 days, awards the first (国有控股), and flags a late contract and report", async () => {
    const publicity = (end: string) =>
      inject(
        { method: "POST", url: `/api/v1/sections/${sectionId}/candidate-publicity`, payload: { publicityStart: "2026-03-22T02:10:00Z", publicityEnd: end } },
        "tenderer",
      );
    const day2 = await publicity("2026-03-24T10:00:00Z");
    expect(day2.json()).toMatchObject({ code: "TIME_LIMIT", rule: "PUBLICITY_TOO_SHORT", basis: "招标投标法实施条例第五十四条", earliest: "2026-03-25" });
    const day3 = await publicity("2026-03-25T10:00:00Z");
    expect(day3.statusCode, day3.body).toBe(201);
    expect(day3.json().candidates.map((c: { priceFen: number }) => c.priceFen)).toEqual([PRICES[0], PRICES[3], PRICES[2]]);
    expect((await inject({ url: `/api/v1/sections/${sectionId}/result` })).json().winner).toBeNull();

    const award = (winnerUscc: string | undefined) =>
      inject({ method: "POST", url: `/api/v1/sections/${sectionId}/award`, payload: { winnerUscc } }, "tenderer");
    expect((await award(bidders[0]?.uscc)).json().code).toBe("NOT_YET_DUE");
    platform.clock.set("2026-03-25T10:00:00.001Z");
    const second = await award(bidders[3]?.uscc);
    expect(second.json()).toMatchObject({ code: "RULE_VIOLATION", basis: "招标投标法实施条例第五十五条" });
    const first = await award(bidders[0]?.uscc);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().winner).toMatchObject({ bidderCode: bidders[0]?.uscc, priceFen: PRICES[0] });

    platform.clock.set("2026-04-26T02:00:00Z");
    const contract = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/contract`,
        payload: { contractCode: "HT-2026-001", signedAt: "2026-04-26T01:00:00Z", amountFen: PRICES[0] },
      },
      "tenderer",
    );
    expect(contract.statusCode, contract.body).toBe(200);
    const report = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/winner-report` }, "tenderer");
    const result = (await inject({ url: `/api/v1/sections/${sectionId}/result` })).json();
    expect(report.statusCode).toBe(200);
    expect(result.flags.map((f: { rule: string }) => f.rule)).toEqual(["CONTRACT_LATE", "REPORT_LATE"]);
    expect(result.contract).toMatchObject({ contractCode: "HT-2026-001", amountFen: PRICES[0] });

    // 履约: the performance record becomes the winner's public credit record.
    platform.clock.set("2027-11-30T02:00:00Z");
    const performance = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/performance`,
        payload: {
          quality: "met",
          safety: "met",
          environment: "met",
          settlementAmountFen: PRICES[0],
          constructionDays: 540,
          finishedAt: "2027-11-20T02:00:00Z",
        },
      },
      "tenderer",
    );
    expect(performance.statusCode, performance.body).toBe(201);
    const winner = (await inject({ url: `/api/v1/subjects/by-uscc/${bidders[0]?.uscc}` })).json();
    const credit = (await inject({ url: `/api/v1/subjects/${winner.id}/credit` })).json();
    expect(credit.records[0]).toMatchObject({ kind: "performance", documentNo: "HT-2026-001" });
  });

  it("does not open with fewer than 3 bids (法28): the section fails", async () => {
    const created = (await inject({ method: "POST", url: "/api/v1/tender-projects", payload: { ...project, name: "二期附属工程" } }, "tenderer")).json();
    const id = created.sections[0].id;
    platform.clock.set("2026-04-01T02:00:00Z");
    const notice = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${id}/notice`,
        payload: { docSaleStart: "2026-04-01T02:00:00Z", docSaleEnd: "2026-04-07T09:00:00Z", bidDeadline: "2026-04-22T01:30:00Z" },
      },
      "tenderer",
    );
    expect(notice.statusCode, notice.body).toBe(200);
    for (const b of bidders.slice(0, 2)) {
      await platform.app.http.inject({ method: "POST", url: `/api/v1/sections/${id}/registrations`, headers: bearer(await token(b)) });
      const keys = (await platform.app.http.inject({ url: `/api/v1/sections/${id}/sealing-keys`, headers: bearer(await token(b)) })).json();
      await platform.app.http.inject({
        method: "PUT",
        url: `/api/v1/sections/${id}/bid`,
        headers: bearer(await token(b)),
        payload: sealOffer(keys, { priceFen: 4_000_000_000 }),
      });
    }
    platform.clock.set("2026-04-22T01:30:00Z");
    const opening = await inject({ method: "POST", url: `/api/v1/sections/${id}/opening` }, "centre");
    expect(opening.json()).toMatchObject({ status: "failed", bids: 2 });
    expect(opening.json().reason.basis).toContain("第二十八条");
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
