import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../platform/audit/audit-log.ts";
import { sha256Hex } from "../../platform/crypto/envelope.ts";
import { verifySm2 } from "../../platform/crypto/sm2.ts";
import { DEMO_PASSWORD } from "../../seed/demo-data.ts";
import { BIDDER, BIDDER2, enrol, WAN } from "../../test-support/auction-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";
import { platformSealHolder } from "./deal-confirmation.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = async (options: InjectOptions, username?: string) =>
  platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(username ? bearer(await platform.login(username)) : {}) } });

/** Published on 2026-03-02 (the test clock): 挂牌 from 03-23 for 10 working days to 04-07 (清明 04-04…06). */
const landLot = (overrides: Record<string, unknown> = {}) => ({
  kind: "land",
  method: "listing",
  name: "杭政储出〔2026〕18号 地块国有建设用地使用权",
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

/** 20 working days of disclosure from 03-02; 自由报价期 on 04-08, then a 60-second timed period. */
const equityLot = {
  kind: "equity",
  method: "multi_round",
  name: "杭州示范城投所持某公司20%股权",
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
};

const publish = async (payload: Record<string, unknown>) => {
  const r = await inject({ method: "POST", url: "/api/v1/auction-lots", payload }, "tenderer");
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as number;
};

const bid = (lotId: number, username: string, priceFen: number, clientBidId: string) =>
  inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/bids`, payload: { priceFen, clientBidId } }, username);
const issue = (lotId: number, username = "centre") => inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/deal-confirmation` }, username);
const read = (lotId: number, username?: string) => inject({ url: `/api/v1/auction-lots/${lotId}/deal-confirmation` }, username);
const verify = (payload: Record<string, unknown>) => inject({ method: "POST", url: "/api/v1/deal-confirmations/verify", payload });

describe("成交确认书", () => {
  let sold: number;
  let unsold: number;
  let equity: number;
  const numberOf: Record<string, string> = {};
  let confirmation: { document: Record<string, unknown>; canonical: string; sha256: string; sm3: string; signature: string; issuedAt: string };

  it("publishes the lots and numbers the bidders (a supervisor of 自然资源 is added for the land lot)", async () => {
    sold = await publish(landLot());
    unsold = await publish(landLot({ name: "杭政储出〔2026〕19号 地块国有建设用地使用权" }));
    equity = await publish(equityLot);
    numberOf.bidder = await enrol(inject, sold, BIDDER, 20 * WAN);
    numberOf.bidder2 = await enrol(inject, sold, BIDDER2, 20 * WAN);
    for (const b of [BIDDER, BIDDER2]) await enrol(inject, equity, b, 100 * WAN);
    const created = await inject(
      {
        method: "POST",
        url: "/api/v1/accounts",
        payload: {
          username: "supervisor-zrzy",
          password: DEMO_PASSWORD,
          displayName: "市自然资源和规划局 林芳",
          role: "supervisor",
          platformCode: "330100",
          departmentCode: "330100-zrzy",
        },
      },
      "admin",
    );
    expect(created.statusCode, created.body).toBe(201);
  });

  it("refuses to issue before the close and for a no-sale; only the centre issues", async () => {
    expect((await issue(sold)).json().code).toBe("NOT_YET_DUE");
    expect((await issue(sold, "tenderer")).statusCode).toBe(403);
    platform.clock.set("2026-03-23T02:00:00Z");
    expect((await bid(sold, "bidder", 100 * WAN, "dc-bid-000001")).statusCode).toBe(200);
    expect((await bid(sold, "bidder2", 106 * WAN, "dc-bid-000002")).statusCode).toBe(200);
    platform.clock.set("2026-04-07T07:00:00Z");
    const closed = await platform.app.services.auctionClosing.closeDue();
    expect(closed).toEqual(expect.arrayContaining([sold, unsold]));
    const noSale = await issue(unsold);
    expect(noSale.statusCode).toBe(409);
    expect(noSale.json().code).toBe("STATE_INVALID");
    expect((await inject({ url: `/api/v1/auction-lots/${unsold}/deal-confirmation/status` })).json()).toMatchObject({ outcome: "no_sale", issued: false });
  });

  it("issues once, signed by the platform; a second issue answers the first document", async () => {
    platform.clock.set("2026-04-07T08:00:00Z");
    const first = await issue(sold);
    expect(first.statusCode, first.body).toBe(201);
    confirmation = first.json();
    expect(confirmation.issuedAt).toBe("2026-04-07T08:00:00.000Z");
    platform.clock.set("2026-04-07T09:00:00Z");
    const second = await issue(sold);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ created: false, sha256: confirmation.sha256, signature: confirmation.signature, issuedAt: confirmation.issuedAt });
    const rows = await platform.database.db.selectFrom("deal_confirmation").select("lot_id").where("lot_id", "=", sold).execute();
    expect(rows).toHaveLength(1);
  });

  it("carries the fields of the result: codes, parties, the price in 分 and in 大写, the deposit applied, the basis", async () => {
    const result = (await inject({ url: `/api/v1/auction-lots/${sold}/result` })).json();
    const doc = confirmation.document;
    expect(result).toMatchObject({ outcome: "sold", dealPriceFen: 106 * WAN });
    expect(doc).toMatchObject({
      title: "成交确认书",
      dataSet: "601",
      unifiedDealCode: result.lot.unifiedDealCode,
      projectCode: result.lot.lotCode,
      projectName: result.lot.name,
      kind: "land",
      method: "listing",
      methodName: "挂牌",
      buyer: { name: result.buyer.name, uscc: result.buyer.uscc, bidderNumber: numberOf.bidder2 },
      seller: { name: "杭州示范城市建设投资集团有限公司", uscc: "91330100MA2H01009P" },
      dealPriceFen: result.dealPriceFen,
      dealPriceYuan: "1060000.00",
      dealPriceUppercase: "人民币壹佰零陆万元整",
      dealTime: result.lot.closedAt,
      tradeDate: "2026-04-07",
      platform: { code: "330100", name: "杭州市公共资源交易平台" },
      department: { code: "330100-zrzy" },
      deposit: { depositFen: 20 * WAN, appliedToPriceFen: 20 * WAN, balanceDueFen: 86 * WAN },
      reserveFen: 105 * WAN,
      approval: null,
    });
    expect(result.buyer.name).toBe("宁波示范建工集团有限公司");
    expect((doc.basis as string[]).join()).toContain("拍卖法第五十二条");
    expect(confirmation.canonical).toBe(canonicalJson(doc));
  });

  it("verifies with the platform's public key; a document with one field changed does not", async () => {
    const key = await platform.database.db
      .selectFrom("custodian_key")
      .select("public_key")
      .where("holder", "=", platformSealHolder("330100"))
      .executeTakeFirstOrThrow();
    expect(verifySm2(confirmation.canonical, confirmation.signature, key.public_key)).toBe(true);
    expect(sha256Hex(Buffer.from(confirmation.canonical, "utf8"))).toBe(confirmation.sha256);
    const tampered = { ...confirmation.document, dealPriceFen: 96 * WAN };
    expect(verifySm2(canonicalJson(tampered), confirmation.signature, key.public_key)).toBe(false);
    // The private key is a file outside the database.
    const inDb = await sql<{ t: string }>`select coalesce(string_agg(to_jsonb(k)::text, ''), '') as t from custodian_key k`.execute(platform.database.db);
    expect(inDb.rows[0]?.t).not.toContain(platform.app.services.keyring.privateKey(platformSealHolder("330100")) as string);

    // Public verification endpoint: the document, its canonical text, its hash; a tampered copy; a forged signature.
    const byDoc = await verify({ document: confirmation.document });
    expect(byDoc.statusCode, byDoc.body).toBe(200);
    expect(byDoc.json()).toMatchObject({ valid: true, onRecord: true, lotId: sold, sha256: confirmation.sha256, signerPublicKey: key.public_key });
    expect((await verify({ document: confirmation.canonical })).json()).toMatchObject({ valid: true });
    expect((await verify({ sha256: confirmation.sha256.toUpperCase() })).json()).toMatchObject({ valid: true, documentNo: confirmation.document.documentNo });
    expect((await verify({ document: tampered })).json()).toMatchObject({ valid: false, onRecord: false });
    expect((await verify({ document: tampered, signature: confirmation.signature })).json()).toMatchObject({ valid: false });
    expect((await verify({ sha256: "0".repeat(64) })).json()).toMatchObject({ valid: false });
    expect((await verify({})).statusCode).toBe(400);
    // The stored document cannot be rewritten, nor removed.
    await expect(sql`update deal_confirmation set document = ${canonicalJson(tampered)} where lot_id = ${sold}`.execute(platform.database.db)).rejects.toThrow(
      /immutable/,
    );
    await expect(sql`delete from deal_confirmation where lot_id = ${sold}`.execute(platform.database.db)).rejects.toThrow(/never deleted/);
  });

  it("lets the buyer, the seller, the centre, the supervising department and inspection read it; nobody else", async () => {
    for (const username of ["bidder2", "tenderer", "centre", "supervisor-zrzy", "inspector"]) {
      const r = await read(sold, username);
      expect(r.statusCode, `${username}: ${r.body}`).toBe(200);
      expect(r.json().sha256).toBe(confirmation.sha256);
    }
    for (const username of ["bidder", "supervisor"]) {
      const r = await read(sold, username);
      expect(r.statusCode, username).toBe(403);
      expect(r.json().code).toBe("FORBIDDEN_SCOPE");
    }
    expect((await read(sold, "expert")).statusCode).toBe(403);
    expect((await read(sold)).statusCode).toBe(401);
    expect((await inject({ url: `/api/v1/auction-lots/${sold}/deal-confirmation.html` })).statusCode).toBe(401);
    expect((await inject({ url: `/api/v1/auction-lots/${sold}/deal-confirmation.html` }, "bidder")).statusCode).toBe(403);
    const html = await inject({ url: `/api/v1/auction-lots/${sold}/deal-confirmation.html` }, "bidder2");
    expect(html.headers["content-type"]).toContain("text/html");
    expect(html.body).toContain("成交确认书");
    expect(html.body).toContain("人民币壹佰零陆万元整");
    expect(html.body).toContain(confirmation.sha256);
    // The public sees whether it was issued and verifies, not the document.
    const status = (await inject({ url: `/api/v1/auction-lots/${sold}/deal-confirmation/status` })).json();
    expect(status).toMatchObject({ issued: true, signatureValid: true, sha256: confirmation.sha256, buyerSignedAt: null });
    expect(JSON.stringify(status)).not.toContain("宁波示范建工");
  });

  it("records the buyer's and the seller's 签收 once each", async () => {
    expect((await inject({ method: "POST", url: `/api/v1/auction-lots/${sold}/deal-confirmation/acknowledge` }, "bidder")).json().code).toBe("FORBIDDEN_SCOPE");
    platform.clock.set("2026-04-08T01:00:00Z");
    const buyer = await inject({ method: "POST", url: `/api/v1/auction-lots/${sold}/deal-confirmation/acknowledge` }, "bidder2");
    expect(buyer.statusCode, buyer.body).toBe(200);
    expect(buyer.json()).toMatchObject({ acknowledged: "buyer", created: true, buyerSignedAt: "2026-04-08T01:00:00.000Z", sellerSignedAt: null });
    platform.clock.set("2026-04-08T01:30:00Z");
    const again = await inject({ method: "POST", url: `/api/v1/auction-lots/${sold}/deal-confirmation/acknowledge` }, "bidder2");
    expect(again.json()).toMatchObject({ created: false, buyerSignedAt: "2026-04-08T01:00:00.000Z" });
    const seller = await inject({ method: "POST", url: `/api/v1/auction-lots/${sold}/deal-confirmation/acknowledge` }, "tenderer");
    expect(seller.json()).toMatchObject({ acknowledged: "seller", created: true, sellerSignedAt: "2026-04-08T01:30:00.000Z" });
    const entries = await platform.database.db
      .selectFrom("audit_entry")
      .select(["action", "actor_username"])
      .where("object_type", "=", "deal_confirmation")
      .where("object_id", "=", String(sold))
      .orderBy("id")
      .execute();
    expect(entries).toEqual([
      { action: "auction.deal_confirmation.issue", actor_username: "centre" },
      { action: "auction.deal_confirmation.acknowledge.buyer", actor_username: "bidder2" },
      { action: "auction.deal_confirmation.acknowledge.seller", actor_username: "tenderer" },
    ]);
    // The acknowledgements leave the signed document as it was.
    expect((await verify({ document: confirmation.document })).json()).toMatchObject({ valid: true });
  });

  it("refuses a deal below 90% of the appraisal until the approving body's consent is recorded", async () => {
    platform.clock.set("2026-04-08T01:30:00Z");
    expect((await bid(equity, "bidder", 1000 * WAN, "dc-eq-000001")).statusCode).toBe(200);
    expect((await bid(equity, "bidder2", 1010 * WAN, "dc-eq-000002")).statusCode).toBe(200);
    platform.clock.set("2026-04-08T02:01:00Z");
    expect(await platform.app.services.auctionClosing.closeDue()).toEqual([equity]);
    const refused = await issue(equity);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("DEAL_APPROVAL_REQUIRED");
    const approval = { approvingBody: "杭州市人民政府国有资产监督管理委员会", documentNo: "杭国资产权〔2026〕12号", approvedOn: "2026-04-08" };
    expect((await inject({ method: "POST", url: `/api/v1/auction-lots/${sold}/deal-approval`, payload: approval }, "centre")).json().code).toBe(
      "STATE_INVALID",
    );
    expect((await inject({ method: "POST", url: `/api/v1/auction-lots/${equity}/deal-approval`, payload: approval }, "tenderer")).statusCode).toBe(403);
    const tooEarly = await inject(
      { method: "POST", url: `/api/v1/auction-lots/${equity}/deal-approval`, payload: { ...approval, approvedOn: "2026-04-07" } },
      "centre",
    );
    expect(tooEarly.json().code).toBe("VALIDATION_FAILED");
    const recorded = await inject({ method: "POST", url: `/api/v1/auction-lots/${equity}/deal-approval`, payload: approval }, "centre");
    expect(recorded.statusCode, recorded.body).toBe(201);
    const twice = await inject({ method: "POST", url: `/api/v1/auction-lots/${equity}/deal-approval`, payload: approval }, "centre");
    expect(twice.json()).toMatchObject({ created: false, documentNo: approval.documentNo });
    const issued = await issue(equity);
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().document).toMatchObject({
      dataSet: "753",
      dealPriceFen: 1010 * WAN,
      dealPriceUppercase: "人民币壹仟零壹拾万元整",
      appraisalFen: 1200 * WAN,
      approval: { approvingBody: approval.approvingBody, documentNo: approval.documentNo, approvedOn: "2026-04-08" },
      department: { code: "330100-gz" },
      deposit: { appliedToPriceFen: 100 * WAN, balanceDueFen: 910 * WAN },
    });
    const approvals = await platform.database.db.selectFrom("audit_entry").select("action").where("object_type", "=", "auction_deal_approval").execute();
    expect(approvals.map((a) => a.action)).toEqual(["auction.deal.approve"]);
    // The 交易结果公告 of the property deal runs 5 working days on the holiday calendar (04-08 Wed → 04-15).
    expect((await inject({ url: `/api/v1/auction-lots/${equity}/result` })).json().publicity).toMatchObject({ start: "2026-04-08", end: "2026-04-15" });
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
