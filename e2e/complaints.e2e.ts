import { afterAll, beforeAll, expect, test } from "vitest";
import { signSm2 } from "../server/src/platform/crypto/sm2.ts";
import { drawCommitteeFor, FIXTURE_PASSWORD, tenderToOpened } from "../server/src/test-support/tender-fixture.ts";
import { bearer } from "../server/src/test-support/test-platform.ts";
import { type E2E, signInTo, startE2E } from "./support.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/**
 * 投诉 in the browser: a bidder files after its answered objection, the supervising department sees the
 * overdue acceptance (Beijing time), accepts and upholds it with a reversal and a credit record, the
 * inspector reads only, and the decision is public (set 404).
 */
test("complaints: file after an objection, accept late, uphold with reversal and credit, publish", async () => {
  const started = Date.now();
  const { platform } = e2e;
  const http = platform.app.http;
  const tender = await tenderToOpened(platform, { prices: [4_500_000_000, 4_600_000_000, 4_700_000_000], tag: "W" });
  const sectionId = tender.sectionId;
  platform.clock.set("2026-05-25T03:00:00Z");
  const committee = await drawCommitteeFor(platform, sectionId, { count: 5, size: 5, tag: "W" });
  for (const member of committee) {
    const h = bearer(await platform.login(member.username, FIXTURE_PASSWORD));
    const workspace = (await http.inject({ url: `/api/v1/sections/${sectionId}/evaluation`, headers: h })).json();
    const reviews = workspace.bids.map((b: { bidId: number }) => ({ bidId: b.bidId, qualified: true }));
    await http.inject({ method: "POST", url: `/api/v1/sections/${sectionId}/evaluation/reviews`, headers: h, payload: { reviews } });
  }
  const chair = bearer(await platform.login(committee[0]?.username as string, FIXTURE_PASSWORD));
  const report = await http.inject({ method: "POST", url: `/api/v1/sections/${sectionId}/evaluation/report`, headers: chair });
  for (const member of committee) {
    await http.inject({
      method: "POST",
      url: `/api/v1/sections/${sectionId}/evaluation/report/signatures`,
      headers: bearer(await platform.login(member.username, FIXTURE_PASSWORD)),
      payload: { signature: signSm2(report.json().digest, member.keys.privateKey) },
    });
  }
  const tenderer = bearer(await platform.login("tenderer"));
  const pub = await http.inject({
    method: "POST",
    url: `/api/v1/sections/${sectionId}/candidate-publicity`,
    headers: tenderer,
    payload: { publicityStart: "2026-05-26T00:00:00Z", publicityEnd: "2026-05-29T10:00:00Z" },
  });
  expect(pub.statusCode, pub.body).toBe(201);
  platform.clock.set("2026-05-27T02:00:00Z");
  const objections: number[] = [];
  for (const b of tender.bidders.slice(0, 2)) {
    const raised = await http.inject({
      method: "POST",
      url: `/api/v1/sections/${sectionId}/objections`,
      headers: bearer(await platform.login(b.username, FIXTURE_PASSWORD)),
      payload: { kind: "candidates", content: "对第一中标候选人业绩的异议" },
    });
    expect(raised.statusCode, raised.body).toBe(201);
    objections.push(raised.json().objectionId);
  }
  platform.clock.set("2026-05-29T02:00:00Z");
  for (const id of objections) {
    const r = await http.inject({
      method: "POST",
      url: `/api/v1/objections/${id}/reply`,
      headers: bearer(await platform.login("tenderer")),
      payload: { reply: "经核查，业绩真实" },
    });
    expect(r.statusCode, r.body).toBe(200);
  }
  platform.clock.set("2026-06-01T02:00:00Z");
  // Bidder 1 files through the API, bidder 0 in the browser.
  const b1 = tender.bidders[1];
  const filed = await http.inject({
    method: "POST",
    url: `/api/v1/sections/${sectionId}/complaints`,
    headers: bearer(await platform.login(b1?.username as string, FIXTURE_PASSWORD)),
    payload: { matter: "candidates", objectionId: objections[1], content: "捏造", basis: "x" },
  });
  expect(filed.statusCode, filed.body).toBe(201);

  const bidder = await e2e.newPage();
  await signInTo(bidder, "/bidder/complaints", tender.bidders[0]?.username as string, FIXTURE_PASSWORD);
  await bidder.getByRole("button", { name: "提出投诉" }).click();
  await bidder.locator("#file-complaint_sectionId").click();
  await bidder.locator(".ant-select-dropdown:visible .ant-select-item-option").first().click();
  await bidder.locator("#file-complaint_ground").click();
  await bidder
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: `#${objections[0]}` })
    .click();
  await bidder.locator("#file-complaint_content").fill("第一中标候选人业绩造假");
  await bidder.locator("#file-complaint_basis").fill("异议答复未予纠正");
  await bidder
    .getByRole("button", { name: "提 交" })
    .or(bidder.getByRole("button", { name: "提交" }))
    .click();
  await bidder.locator(".my-complaints-table .complaint-status-submitted").waitFor();

  platform.clock.set("2026-06-05T02:00:00Z"); // acceptance was due 06-04: overdue
  const sup = await e2e.newPage();
  await signInTo(sup, "/supervision/complaints", "supervisor");
  await sup.locator(".complaints-table .complaint-overdue").first().waitFor();
  await sup.locator(".complaints-table .complaint-open").first().click();
  await sup.locator(".complaint-acceptance").click();
  await sup.locator("#complaint-acceptance_note").fill("符合受理条件");
  await sup
    .locator(".ant-modal")
    .getByRole("button", { name: /提\s*交/ })
    .click();
  await sup.locator(".ant-drawer .complaint-status-accepted").waitFor();
  await sup.locator(".ant-drawer .complaint-late").waitFor();
  await sup.locator(".complaint-decide").click();
  await sup.locator("#complaint-decision_text").fill("第一中标候选人业绩不实");
  await sup.getByLabel("撤销中标候选人公示/中标结果（合同签订前）").check();
  await sup.locator("#complaint-decision_withCredit").click();
  await sup.locator("#complaint-decision_reason").fill("提供虚假业绩");
  await sup.locator("#complaint-decision_documentNo").fill("杭建监〔2026〕13号");
  await sup.locator(".ant-modal").getByRole("button", { name: "作出处理决定" }).click();
  await sup.locator(".ant-drawer .complaint-status-decided").waitFor();
  const list = (await http.inject({ url: "/api/v1/supervision/complaints", headers: bearer(await platform.login("supervisor")) })).json();
  expect(list.find((c: { id: number }) => c.id === 2)).toMatchObject({
    decision: "upheld",
    reversal: "cancel_award",
    acceptanceLate: true,
    creditRecordId: expect.any(Number),
  });

  const insp = await e2e.newPage();
  await signInTo(insp, "/supervision/complaints", "inspector");
  await insp.locator(".complaints-table .complaint-open").first().click();
  expect(await insp.locator(".complaint-acceptance, .complaint-decide").count()).toBe(0);

  const visitor = await e2e.newPage();
  await visitor.goto("/complaints");
  await visitor.locator(".published-complaints-table").getByText("投诉成立").waitFor();
  expect(e2e.pageErrors).toEqual([]);
  expect(Date.now() - started).toBeLessThan(40_000);
});
