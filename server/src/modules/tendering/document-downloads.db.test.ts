import crypto from "node:crypto";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSm2KeyPair } from "../../platform/crypto/sm2.ts";
import { bidderShare, sealOffer } from "../../test-support/bidder-tool.ts";
import { FIXTURE_PASSWORD, testCodes } from "../../test-support/tender-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
let sectionId: number;
let documentId: number;
const FILE = Buffer.from("第一章 招标公告\n第二章 投标人须知\n……\u0000binary\u00ff", "utf8");
const sha256 = crypto.createHash("sha256").update(FILE).digest("hex");
interface Bidder {
  username: string;
  uscc: string;
  keys: { publicKey: string; privateKey: string };
}
const bidders: Bidder[] = [];

beforeAll(async () => {
  platform = await startTestPlatform();
  platform.clock.set("2026-05-04T02:00:00Z");
  const created = await inject(
    {
      method: "POST",
      url: "/api/v1/tender-projects",
      payload: {
        name: "钱塘区排涝泵站工程",
        kind: "works",
        departmentCode: "330100-zj",
        approvalLevel: "city",
        approvalDivisionCode: "330100",
        estimateFen: 5_000_000_000,
        funding: {
          totalInvestmentFen: 5_000_000_000,
          budgetFundsFen: 5_000_000_000,
          stateOwnedControlling: true,
          foreignLoanOrAid: false,
          publicInfrastructure: true,
        },
        method: "open",
        sections: [{ name: "施工标", classifyCode: "A080000", estimateFen: 5_000_000_000, bondFen: 0 }],
      },
    },
    "tenderer",
  );
  sectionId = created.json().sections[0].id;
  for (let i = 0; i < 3; i++) {
    const { uscc, idCard } = testCodes(i + 1, "D");
    const username = `dl-bidder-${i}`;
    const r = await inject({
      method: "POST",
      url: "/api/v1/subjects",
      payload: {
        uscc,
        name: `下载测试投标人${i}`,
        roles: ["bidder"],
        account: { username, password: FIXTURE_PASSWORD, displayName: username, idCard, role: "bidder" },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    bidders.push({ username, uscc, keys: generateSm2KeyPair() });
  }
});
afterAll(async () => {
  await platform?.close();
});

async function as(username: string) {
  const password = username.startsWith("dl-") ? FIXTURE_PASSWORD : undefined;
  return bearer(await platform.login(username, password));
}
async function inject(options: InjectOptions, username?: string) {
  return platform.app.http.inject({ ...options, headers: { ...(options.headers ?? {}), ...(username ? await as(username) : {}) } });
}
const upload = (payload: Record<string, unknown>, username = "tenderer") =>
  inject({ method: "POST", url: `/api/v1/sections/${sectionId}/documents`, payload }, username);
const download = (username: string, ip = "203.0.113.7") =>
  inject({ url: `/api/v1/tender-documents/${documentId}/content`, headers: { "x-forwarded-for": ip } }, username);
const log = (username: string) => inject({ url: `/api/v1/sections/${sectionId}/document-downloads` }, username);

describe("tender documents on the platform", () => {
  it("are uploaded by the tenderer before the notice, with their hashes", async () => {
    expect((await upload({ fileName: "x.pdf", contentBase64: FILE.toString("base64") }, "agency")).json()).toMatchObject({ code: "FORBIDDEN_SCOPE" });
    const created = await upload({ fileName: "C:\\文件\\招标文件.pdf", mediaType: "application/pdf", contentBase64: FILE.toString("base64") });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ fileName: "招标文件.pdf", size: FILE.length, sha256 });
    documentId = created.json().id;
    const notice = await inject(
      {
        method: "POST",
        url: `/api/v1/sections/${sectionId}/notice`,
        payload: { docSaleStart: "2026-05-04T02:00:00Z", docSaleEnd: "2026-05-11T09:00:00Z", bidDeadline: "2026-05-25T01:30:00Z" },
      },
      "tenderer",
    );
    expect(notice.statusCode, notice.body).toBe(200);
  });

  it("change after the notice only as part of a clarification", async () => {
    const bare = await upload({ fileName: "补充.txt", contentBase64: Buffer.from("补充说明").toString("base64") });
    expect(bare.json()).toMatchObject({ code: "STATE_INVALID" });
    expect(bare.json().detail).toContain("第二十三条");
    const clarification = await inject(
      { method: "POST", url: `/api/v1/sections/${sectionId}/clarifications`, payload: { content: "增加补充技术条款", affectsPreparation: true } },
      "tenderer",
    );
    const attached = await upload({
      fileName: "补充.txt",
      mediaType: "text/plain",
      contentBase64: Buffer.from("补充说明").toString("base64"),
      clarificationId: clarification.json().clarificationId,
    });
    expect(attached.statusCode, attached.body).toBe(201);
    expect(attached.json().clarificationId).toBe(clarification.json().clarificationId);
  });

  it("are for bidders that registered", async () => {
    expect((await inject({ url: `/api/v1/sections/${sectionId}/documents` }, "bidder")).json()).toMatchObject({ code: "NOT_REGISTERED" });
    expect((await download("bidder")).json()).toMatchObject({ code: "NOT_REGISTERED" });
    for (const b of bidders) expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations` }, b.username)).statusCode).toBe(201);
    const listed = (await inject({ url: `/api/v1/sections/${sectionId}/documents` }, bidders[0]?.username)).json().items;
    expect(listed.map((d: { fileName: string }) => d.fileName)).toEqual(["招标文件.pdf", "补充.txt"]);
    expect(listed[0]).toMatchObject({ sha256, size: FILE.length, mediaType: "application/pdf" });
  });
});

describe("downloading", () => {
  it("serves the bytes with their hashes and logs who, when, from where and what", async () => {
    platform.clock.set("2026-05-05T03:04:05Z");
    for (const [i, b] of bidders.entries()) {
      const response = await download(b.username, `203.0.113.${i + 1}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.rawPayload.equals(FILE)).toBe(true);
      expect(response.headers["content-type"]).toBe("application/pdf");
      expect(response.headers["x-content-sha256"]).toBe(sha256);
      expect(response.headers["repr-digest"]).toBe(`sha-256=:${Buffer.from(sha256, "hex").toString("base64")}:`);
      expect(response.headers["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent("招标文件.pdf")}`);
    }
    const items = (await log("supervisor")).json().items;
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({
      documentId,
      fileName: "招标文件.pdf",
      sha256,
      downloadedAt: "2026-05-05T03:04:05.000Z",
      ip: "203.0.113.1",
      role: "bidder",
      username: bidders[0]?.username,
      uscc: bidders[0]?.uscc,
    });
    expect(items.map((r: { ip: string }) => r.ip)).toEqual(["203.0.113.1", "203.0.113.2", "203.0.113.3"]);
  });

  it("refuses bytes that no longer match their recorded hashes, and logs nothing then", async () => {
    const db = platform.database.db;
    await db
      .updateTable("tender_document_file")
      .set({ content: Buffer.from("篡改") })
      .where("document_id", "=", documentId)
      .execute();
    const tampered = await download(bidders[0]?.username as string);
    expect(tampered.statusCode).toBe(500);
    expect(tampered.json()).toMatchObject({ code: "DOCUMENT_INTEGRITY" });
    await db.updateTable("tender_document_file").set({ content: FILE }).where("document_id", "=", documentId).execute();
    expect((await log("centre")).json().items).toHaveLength(3);
  });
});

describe("the download log before the opening", () => {
  it("is seen by the supervising department, the centre and the inspector", async () => {
    for (const who of ["supervisor", "centre", "inspector"]) expect((await log(who)).json().items).toHaveLength(3);
    expect((await log("supervisor-fgw")).json()).toMatchObject({ code: "FORBIDDEN_SCOPE" });
  });

  it("is secret to the tenderer, its agency and every bidder", async () => {
    const tenderer = await log("tenderer");
    expect(tenderer.statusCode).toBe(403);
    expect(tenderer.json()).toMatchObject({ code: "SECRET_UNTIL_OPENING" });
    for (const b of bidders) expect(tenderer.body).not.toContain(b.uscc);
    expect((await log("agency")).statusCode).toBe(403);
    const bidder = await log(bidders[0]?.username as string);
    expect(bidder.statusCode).toBe(403);
    expect(bidder.json()).toMatchObject({ code: "FORBIDDEN_ROLE" });
  });
});

describe("after the opening", () => {
  it("the tenderer sees the log", async () => {
    for (const b of bidders) {
      const h = await as(b.username);
      await inject({ method: "POST", url: "/api/v1/auth/certificates", headers: h, payload: { serial: `C-${b.username}`, publicKey: b.keys.publicKey } });
      const sealing = (await inject({ url: `/api/v1/sections/${sectionId}/sealing-keys`, headers: h })).json();
      const bid = await inject({
        method: "PUT",
        url: `/api/v1/sections/${sectionId}/bid`,
        headers: h,
        payload: sealOffer(sealing, { priceFen: 4_800_000_000 }),
      });
      expect(bid.statusCode, bid.body).toBe(201);
    }
    const deadline = (await inject({ url: `/api/v1/sections/${sectionId}` })).json().bidDeadline;
    platform.clock.set(deadline);
    expect((await upload({ fileName: "迟到.txt", contentBase64: "AA==" })).json()).toMatchObject({ code: "DEADLINE_PASSED" });
    expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening` }, "centre")).statusCode).toBe(200);
    expect((await log("tenderer")).json()).toMatchObject({ code: "SECRET_UNTIL_OPENING" });
    for (const b of bidders) {
      const h = await as(b.username);
      const mine = (await inject({ url: `/api/v1/sections/${sectionId}/my-bid`, headers: h })).json();
      const decrypted = await inject({
        method: "POST",
        url: `/api/v1/sections/${sectionId}/bid/decryption`,
        headers: h,
        payload: { share: bidderShare(mine.bid.bidderShare, b.keys.privateKey) },
      });
      expect(decrypted.statusCode, decrypted.body).toBe(200);
    }
    expect((await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening/close` }, "centre")).statusCode).toBe(200);
    const after = await log("tenderer");
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json().items.map((r: { uscc: string }) => r.uscc)).toEqual(bidders.map((b) => b.uscc));
  });

  it("no file is added after the deadline", async () => {
    expect((await upload({ fileName: "迟到.txt", contentBase64: "AA==" })).json()).toMatchObject({ code: "STATE_INVALID" });
  });

  it("leaves an audit log that verifies", async () => {
    const actions = await platform.database.db.selectFrom("audit_entry").select("action").where("action", "like", "tender.document.%").orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual([
      "tender.document.upload",
      "tender.document.upload",
      "tender.document.download",
      "tender.document.download",
      "tender.document.download",
    ]);
    expect(await platform.auditProblems()).toEqual([]);
  });
});
