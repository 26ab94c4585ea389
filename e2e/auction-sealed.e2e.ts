import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type E2E, pickDateTime, publishButton, shot, signInTo, startE2E } from "./support.ts";

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

const LOT_NAME = "杭州示范城投所持杭州示范文旅发展有限公司 20% 股权（一次报价）";
const BIDDERS = [
  { username: "bidder", name: "杭州示范建设工程有限公司", account: "19000101040000303", offer: "980000", shown: "980,000.00 元" },
  { username: "bidder2", name: "宁波示范建工集团有限公司", account: "51010122000000404", offer: "1050000", shown: "1,050,000.00 元" },
] as const;

/** Picks an option of the antd select whose input is `selector`. */
async function choose(page: Page, selector: string, option: string) {
  await page.locator(selector).click();
  await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: option }).click();
}

test("sealed auction: 一次报价 chosen on the form, sealed offers with only their count public, the opening, 成交确认书 with approval, 签收 and verification", async () => {
  const started = Date.now();
  const { platform } = e2e;

  // The seller publishes a 国有产权 lot by 一次报价 through the form: the sealed methods hide the increment, 权重报价 shows its weights.
  const seller = await e2e.newPage();
  await signInTo(seller, "/auction/lots/new", "tenderer");
  await choose(seller, "#lot_kind", "国有产权");
  await choose(seller, "#lot_method", "网络竞价·权重报价");
  await seller.locator(".weighted-terms").getByText("权重报价方案（随公告公布）").waitFor();
  expect(await seller.locator("#lot_increment").count()).toBe(0);
  await choose(seller, "#lot_method", "网络竞价·一次报价");
  await seller.locator(".sealed-note").waitFor();
  expect(await seller.locator(".weighted-terms").count()).toBe(0);
  expect(await seller.locator("#lot_increment").count()).toBe(0);
  expect(await seller.locator("#lot_countdownSeconds").count()).toBe(0);
  await seller.locator("#lot_name").fill(LOT_NAME);
  await seller.locator("#lot_divisionCode").fill("330106");
  await pickDateTime(seller, "#lot_opensAt", "2026-04-08 09:00");
  await pickDateTime(seller, "#lot_endsAt", "2026-04-08 11:00");
  await seller.locator("#lot_startingPrice").fill("90");
  await seller.locator("#lot_deposit").fill("9");
  await seller.locator("#lot_appraisal").fill("120");
  await shot(seller, "auction-sealed-new");
  const published = seller.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/v1/auction-lots");
  await publishButton(seller).click();
  const body = (await published).postDataJSON();
  expect(body).toMatchObject({ kind: "equity", method: "sealed", startingPriceFen: 90_000_000, appraisalFen: 120_000_000 });
  expect(body.incrementFen).toBeUndefined();
  await seller.waitForURL((url) => url.pathname === "/auction/lots");
  const sellerRow = seller.locator(".auction-lots tr").filter({ hasText: LOT_NAME });
  await sellerRow.getByText("网络竞价·一次报价").waitFor();
  const lotId = Number((await sellerRow.getByRole("link", { name: LOT_NAME }).getAttribute("href"))?.split("/").pop());
  expect(lotId).toBeGreaterThan(0);

  // Both bidders apply; the centre records their deposits and numbers them.
  const pages: Page[] = [];
  for (const b of BIDDERS) {
    const page = await e2e.newPage();
    pages.push(page);
    await signInTo(page, `/auctions/${lotId}`, b.username);
    await page.locator(".page-title").getByText("公告期").waitFor();
    await page.getByRole("button", { name: "竞买申请" }).click();
    await page.getByText("竞买申请已提交").waitFor();
  }
  const [b1, b2] = pages as [Page, Page];
  const centre = await e2e.newPage();
  await signInTo(centre, `/centre/auctions/${lotId}`, "centre");
  for (const b of BIDDERS) {
    const row = centre.locator(".auction-applications tr").filter({ hasText: b.name });
    await row.getByRole("button", { name: "登记保证金到账" }).click();
    const modal = centre.locator(".ant-modal");
    await expect.poll(() => modal.locator("#deposit_amount").inputValue()).toBe("90000");
    await modal.locator("#deposit_payerAccountNo").fill(b.account);
    await modal.getByRole("button", { name: "提交" }).click();
    await row.getByText("已到账").waitFor();
    await row.getByRole("button", { name: "审查通过" }).click();
    await centre.locator(".ant-popconfirm").getByRole("button", { name: "审查通过" }).click();
    await row.getByText(/^[1-9]\d{5}$/).waitFor();
  }

  // The offer window opens on the server clock; the bidders sign in again and find their 竞买号 and the sealed-offer box.
  platform.clock.set("2026-04-08T01:00:00Z");
  const numbers: string[] = [];
  for (const [i, b] of BIDDERS.entries()) {
    const page = pages[i] as Page;
    await signInTo(page, `/auctions/${lotId}`, b.username);
    await page.locator(".page-title").getByText("竞价中").waitFor();
    await page.locator(".hall-live").getByText("实时推送").waitFor();
    await page.locator("#sealed_offer_price").waitFor();
    numbers.push((await page.locator(".auction-my-number").textContent()) as string);
  }
  const [n1, n2] = numbers as [string, string];
  expect(n1).not.toBe(n2);

  // A visitor watches the public page: only the number of offers, live.
  const visitor = await e2e.newPage();
  await visitor.goto(`/auctions/${lotId}`);
  await visitor.locator(".hall-live").getByText("实时推送").waitFor();
  await visitor.locator(".auction-offer-count").getByText("0", { exact: true }).waitFor();

  // Each bidder submits one sealed price after the confirmation; the count rises on every page without a reload.
  for (const [i, b] of BIDDERS.entries()) {
    const page = pages[i] as Page;
    await page.locator("#sealed_offer_price").fill(b.offer);
    await page.locator(".sealed-offer-submit").click();
    const confirm = page.locator(".ant-popconfirm");
    await confirm.getByText(`竞买号 ${numbers[i]} 以 ${b.shown} 报价`).waitFor();
    // The price is sealed in the browser: only an envelope (no price) is posted.
    const posted = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === `/api/v1/auction-lots/${lotId}/sealed-offers`);
    await confirm.getByRole("button", { name: "确认提交" }).click();
    const body = (await posted).postDataJSON();
    expect(Object.keys(body).sort()).toEqual(["ciphertext", "iv", "md5", "sha256", "shares", "size", "sm3", "suite", "tag"]);
    expect(body).toMatchObject({
      suite: "SM4-CTR-HMAC-SM3",
      shares: { bidder: expect.any(String), centre: expect.any(String), supervisor: expect.any(String) },
    });
    await page.locator(".ant-message").getByText("密封报价已提交").waitFor();
    await page.locator(".sealed-offer-status").getByText("已提交（密封）").waitFor();
    for (const watcher of [visitor, b1]) {
      await watcher
        .locator(".auction-offer-count")
        .getByText(String(i + 1), { exact: true })
        .waitFor();
    }
  }
  await shot(b2, "auction-sealed-offer");
  const hall = (await visitor.locator(".app-content").textContent()) as string;
  for (const b of BIDDERS) {
    expect(hall).not.toContain(b.shown);
    expect(hall).not.toContain(b.name);
  }
  expect((await platform.app.http.inject({ url: `/api/v1/auction-lots/${lotId}/sealed-offers` })).json()).toMatchObject({ offerCount: 2, offers: null });
  await shot(visitor, "auction-sealed-public");

  // The window ends: the server opens the offers and decides, 价格优先; every page shows the ranked offers and the winner.
  platform.clock.set("2026-04-08T03:00:00Z");
  expect(await platform.app.services.auctionClosing.closeDue()).toEqual([lotId]);
  for (const page of [b1, b2, visitor]) {
    await page.locator(".page-title").getByText("已结束").waitFor();
    const banner = page.locator(".winner-banner");
    await banner.getByText(BIDDERS[1].name).waitFor();
    await banner.getByText(BIDDERS[1].shown).waitFor();
    const rows = page.locator(".auction-result .auction-offers tbody tr");
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    await rows.nth(0).getByText("竞得").waitFor();
    await rows.nth(0).getByText(n2).waitFor();
    await rows.nth(0).getByText(BIDDERS[1].shown).waitFor();
    await rows.nth(1).getByText(n1).waitFor();
    await rows.nth(1).getByText(BIDDERS[0].shown).waitFor();
  }
  await b1.locator(".sealed-offer-mine").getByText(BIDDERS[0].shown).waitFor();
  await b1.locator(".auction-my-status").getByText("待退还").waitFor();
  await shot(b1, "auction-sealed-result");

  // 1,050,000 is below 90% of the 1,200,000 appraisal: the centre records the approval, then issues the 成交确认书.
  await signInTo(centre, `/centre/auctions/${lotId}`, "centre");
  const card = centre.locator(".deal-confirmation");
  await card.getByText("成交价低于评估值90%").waitFor();
  expect(await card.getByRole("button", { name: "出具成交确认书" }).isDisabled()).toBe(true);
  await card.getByRole("button", { name: "记录批准" }).click();
  const modal = centre.locator(".ant-modal");
  await modal.locator("#deal-approval_approvingBody").fill("杭州市人民政府国有资产监督管理委员会");
  await modal.locator("#deal-approval_documentNo").fill("杭国资产权〔2026〕12号");
  const approvedOn = modal.locator("#deal-approval_approvedOn");
  await approvedOn.click();
  await approvedOn.fill("2026-04-08");
  await approvedOn.press("Enter");
  await modal.locator(".ant-modal-title").click();
  await expect.poll(() => approvedOn.inputValue()).toBe("2026-04-08");
  await modal.getByRole("button", { name: "提交" }).click();
  await card.getByText("已记录转让行为批准单位的书面同意").waitFor();
  await card.getByRole("button", { name: "出具成交确认书" }).click();
  await centre.locator(".ant-message").getByText("成交确认书已出具").waitFor();
  await card.getByText("已出具").waitFor();
  await card.locator(".deal-confirmation-valid").waitFor();

  // The printable document opens from the card.
  const [printable] = await Promise.all([centre.waitForEvent("popup"), card.getByRole("button", { name: "查看/打印成交确认书" }).click()]);
  await printable.locator("h1").getByText("成交确认书").waitFor();
  const text = (await printable.locator("body").textContent()) as string;
  expect(text).toContain(BIDDERS[1].name);
  expect(text).toContain("网络竞价（一次报价）");
  expect(text).toContain("1,050,000.00 元");
  expect(text).toContain("杭国资产权〔2026〕12号");
  await printable.close();
  await shot(centre, "auction-sealed-confirmation");

  // The buyer and the seller sign for it; the other bidder is no party and has nothing to sign.
  await b2.reload();
  const buyerCard = b2.locator(".deal-confirmation");
  await buyerCard.getByRole("button", { name: "签收" }).click();
  await b2.locator(".ant-message").getByText("已签收成交确认书").waitFor();
  await buyerCard
    .locator(".deal-buyer-signed")
    .getByText(/^2026-04-08/)
    .waitFor();
  expect(await buyerCard.getByRole("button", { name: "签收" }).count()).toBe(0);
  await signInTo(seller, `/auctions/${lotId}`, "tenderer");
  const sellerCard = seller.locator(".deal-confirmation");
  await sellerCard.getByRole("button", { name: "签收" }).click();
  await sellerCard
    .locator(".deal-seller-signed")
    .getByText(/^2026-04-08/)
    .waitFor();
  await b1.reload();
  await b1.locator(".deal-confirmation").getByText("已出具").waitFor();
  expect(await b1.locator(".deal-confirmation").getByRole("button", { name: "签收" }).count()).toBe(0);
  expect(await b1.locator(".deal-confirmation").getByRole("button", { name: "查看/打印成交确认书" }).count()).toBe(0);

  // The public sees that it was issued and signed, and verifies it.
  await visitor.reload();
  const publicCard = visitor.locator(".deal-confirmation");
  await publicCard.locator(".deal-confirmation-valid").getByText("平台 SM2 签名有效").waitFor();
  await publicCard.getByRole("button", { name: "公开核验" }).click();
  await publicCard
    .locator(".deal-verification")
    .getByText(/^核验通过：CJQR-/)
    .waitFor();
  const status = (await platform.app.http.inject({ url: `/api/v1/auction-lots/${lotId}/deal-confirmation/status` })).json();
  expect(status).toMatchObject({ issued: true, signatureValid: true, needsApproval: true, approvalRecorded: true });
  expect(status.buyerSignedAt).not.toBeNull();
  expect(status.sellerSignedAt).not.toBeNull();
  const verified = await platform.app.http.inject({ method: "POST", url: "/api/v1/deal-confirmations/verify", payload: { sha256: status.sha256 } });
  expect(verified.json()).toMatchObject({ valid: true, onRecord: true, lotId });
  await shot(visitor, "auction-sealed-verified");

  expect(e2e.pageErrors).toEqual([]);
  console.log(`sealed auction journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
