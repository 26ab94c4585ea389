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

const LOT_NAME = "杭政储出〔2026〕8号 地块国有建设用地使用权";
const BIDDERS = [
  { username: "bidder", name: "杭州示范建设工程有限公司", account: "19000101040000303" },
  { username: "bidder2", name: "宁波示范建工集团有限公司", account: "51010122000000404" },
] as const;

/** Types a price in 元 into the bid box, or adds increments with a quick button, then confirms the bid. */
async function bid(page: Page, price: string | { plus: string }) {
  if (typeof price === "string") await page.locator("#auction_bid_price").fill(price);
  else await page.locator(".auction-bid-box").getByRole("button", { name: price.plus }).click();
  await page.locator(".auction-bid-submit").click();
  await page.locator(".ant-popconfirm").getByRole("button", { name: "确认出价" }).click();
}

/** The ladder row of `number` at `price`, as the page shows it. */
const ladderRow = (page: Page, number: string, price: string) => page.locator(".auction-ladder tr").filter({ hasText: number }).filter({ hasText: price });

test("auctions: 挂牌 with sealed reserve, deposits and review, live ladder over SSE, 现场竞价, result", async () => {
  const started = Date.now();
  const { platform } = e2e;

  // The seller publishes a 挂牌 land lot through the form; a 9-working-day listing is refused on its field.
  const seller = await e2e.newPage();
  await signInTo(seller, "/workspace", "tenderer");
  await seller.getByRole("menuitem", { name: "我的出让标的" }).click();
  await seller.waitForURL("**/auction/lots");
  await seller.getByRole("button", { name: "发布出让标的" }).click();
  await seller.waitForURL("**/auction/lots/new");
  await seller.locator("#lot_name").fill(LOT_NAME);
  await seller.locator("#lot_divisionCode").fill("330106");
  await pickDateTime(seller, "#lot_opensAt", "2026-03-23 09:00");
  await pickDateTime(seller, "#lot_endsAt", "2026-04-03 15:00");
  await seller.locator("#lot_startingPrice").fill("100");
  await seller.locator("#lot_increment").fill("1");
  await seller.locator("#lot_deposit").fill("20");
  await seller.locator("#lot_reserve").fill("105");
  await publishButton(seller).click();
  const endsAt = seller.locator(".ant-form-item").filter({ has: seller.locator("#lot_endsAt") });
  await endsAt.getByText(/挂牌时间不得少于10个工作日/).waitFor();
  await shot(seller, "auction-seller-new");
  await endsAt.getByText("采用该日期").click();
  await expect.poll(() => seller.locator("#lot_endsAt").inputValue()).toBe("2026-04-07 15:00");
  await publishButton(seller).click();
  await seller.waitForURL((url) => url.pathname === "/auction/lots");
  await seller.getByText(/^已发布，标的编号 3301002026\d{6}$/).waitFor();
  const sellerRow = seller.locator(".auction-lots tr").filter({ hasText: LOT_NAME });
  await sellerRow.getByText("公告期").waitFor();
  const lotId = Number((await sellerRow.getByRole("link", { name: LOT_NAME }).getAttribute("href"))?.split("/").pop());
  expect(lotId).toBeGreaterThan(0);
  // The reserve is sealed: the public lot does not carry it.
  expect((await platform.app.http.inject({ url: `/api/v1/auction-lots/${lotId}` })).json()).toMatchObject({ hasReserve: true, reserveFen: null });

  // Two bidders apply on the lot page (one finds it through the public list).
  const pages: Page[] = [];
  for (const [i, b] of BIDDERS.entries()) {
    const page = await e2e.newPage();
    pages.push(page);
    if (i === 0) {
      await signInTo(page, "/workspace", b.username);
      await page.getByRole("menuitem", { name: "土地/产权交易" }).click();
      await page.waitForURL("**/auctions");
      await page.getByRole("link", { name: LOT_NAME }).click();
      await page.waitForURL(`**/auctions/${lotId}`);
    } else {
      await signInTo(page, `/auctions/${lotId}`, b.username);
    }
    await page.locator(".page-title").getByText("公告期").waitFor();
    await page.getByRole("button", { name: "竞买申请" }).click();
    await page.getByText("竞买申请已提交").waitFor();
    await page.locator(".auction-my-status").getByText("待到账").waitFor();
  }
  const [b1, b2] = pages as [Page, Page];

  // The trading centre records both deposits (one first from a wrong account) and qualifies both applicants.
  const centre = await e2e.newPage();
  await signInTo(centre, "/workspace", "centre");
  await centre.getByRole("menuitem", { name: "竞价管理" }).click();
  await centre.waitForURL("**/centre/auctions");
  await centre.locator(".auction-lots tr").filter({ hasText: LOT_NAME }).getByRole("button", { name: "管理" }).click();
  await centre.waitForURL(`**/centre/auctions/${lotId}`);
  for (const [i, b] of BIDDERS.entries()) {
    const row = centre.locator(".auction-applications tr").filter({ hasText: b.name });
    await row.getByRole("button", { name: "登记保证金到账" }).click();
    const modal = centre.locator(".ant-modal");
    await expect.poll(() => modal.locator("#deposit_amount").inputValue()).toBe("200000");
    if (i === 0) {
      await modal.locator("#deposit_payerAccountNo").fill("6222000011112222");
      await modal.getByRole("button", { name: "提交" }).click();
      await modal.getByText("保证金须从竞买人登记的基本账户转出").waitFor();
    }
    await modal.locator("#deposit_payerAccountNo").fill(b.account);
    await modal.getByRole("button", { name: "提交" }).click();
    await row.getByText("已到账").waitFor();
    await row.getByRole("button", { name: "审查通过" }).click();
    await centre.locator(".ant-popconfirm").getByRole("button", { name: "审查通过" }).click();
    await centre.getByText(`${b.name} 审查通过`).waitFor();
    await row.getByText(/^[1-9]\d{5}$/).waitFor();
  }
  await shot(centre, "auction-centre-applications");

  // The listing opens on the server clock; the bidders sign in again and find their 竞买号.
  platform.clock.set("2026-03-23T02:00:00Z");
  const numbers: string[] = [];
  for (const [i, b] of BIDDERS.entries()) {
    const page = pages[i] as Page;
    await signInTo(page, `/auctions/${lotId}`, b.username);
    await page.locator(".page-title").getByText("挂牌中").waitFor();
    await page.locator(".hall-live").getByText("实时推送").waitFor();
    numbers.push((await page.locator(".auction-my-number").textContent()) as string);
  }
  const [n1, n2] = numbers as [string, string];
  expect(n1).toMatch(/^[1-9]\d{5}$/);
  expect(n2).not.toBe(n1);
  await b1
    .locator(".auction-clock .hall-countdown")
    .getByText(/^15 天 0(4:59:[0-5]\d|5:00:00)$/)
    .waitFor();
  await b1.locator(".auction-server-time").getByText("服务器时间 2026-03-23 10:00:").waitFor();

  // bidder opens at the starting price with the quick button; bidder2 sees it arrive live.
  await bid(b1, { plus: "加一个幅度" });
  await b1.getByText("出价已被接受：1,000,000.00 元（第 1 号）").waitFor();
  await ladderRow(b2, n1, "1,000,000.00 元").waitFor();
  await b2.locator(".auction-minimum").getByText("1,010,000.00 元").waitFor();

  // bidder2's off-grid price is refused with the reasons and the lowest acceptable price.
  await bid(b2, "1005000");
  const refusal = b2.locator(".auction-refusal");
  await refusal.getByText("报价须为当前价加整数倍加价幅度").waitFor();
  await refusal.getByText("当前最低可报 1,010,000.00 元").waitFor();
  await shot(b2, "auction-bid-refused");

  // Its next bid reaches the server but the answer is lost: the retry reuses the client bid id and bids once.
  let dropped = false;
  await b2.route(`**/api/v1/auction-lots/${lotId}/bids`, async (route) => {
    if (route.request().method() !== "POST" || dropped) return route.continue();
    dropped = true;
    await route.fetch();
    await route.abort("connectionreset");
  });
  await bid(b2, "1020000");
  await b2.locator(".auction-uncertain").getByText("未收到服务器对 1,020,000.00 元 的确认（网络异常），出价可能已被接受").waitFor();
  await ladderRow(b1, n2, "1,020,000.00 元").waitFor();
  await b2.locator(".auction-uncertain").getByRole("button", { name: "重试" }).click();
  await b2.getByText("出价已被接受：1,020,000.00 元（第 2 号，重试未重复出价）").waitFor();
  await b2.unroute(`**/api/v1/auction-lots/${lotId}/bids`);
  const stored = await platform.database.db.selectFrom("auction_bid").select(["sequence", "price_fen"]).where("lot_id", "=", lotId).execute();
  expect(stored.map((r) => [r.sequence, r.price_fen])).toEqual([
    [1, 100_000_000],
    [2, 102_000_000],
  ]);

  // Both ask to continue in a live auction at the listing's end.
  for (const page of pages) {
    await page.getByRole("button", { name: "申请参加现场竞价" }).click();
    await page.getByText("已申请参加现场竞价").first().waitFor();
    await page.locator(".auction-my-status").getByText("已申请参加").waitFor();
  }
  await b1.locator(".auction-current").getByText("1,020,000.00 元").waitFor();
  await shot(b1, "auction-listing");

  // A visitor watches the public hall: numbers only, no names.
  const visitor = await e2e.newPage();
  await visitor.goto("/");
  await visitor.getByRole("menuitem", { name: "土地/产权交易" }).click();
  await visitor.waitForURL("**/auctions");
  await visitor.locator(".auction-lots tr").filter({ hasText: LOT_NAME }).getByText("挂牌中").waitFor();
  await visitor.getByRole("link", { name: LOT_NAME }).click();
  await ladderRow(visitor, n2, "1,020,000.00 元").waitFor();
  for (const b of BIDDERS) expect(await visitor.locator(".app-content").textContent()).not.toContain(b.name);
  await visitor.getByText("已密封，竞价结束时开启").waitFor();

  // A minute before the listing ends both sign in again; at the end the server turns it into a 现场竞价.
  platform.clock.set("2026-04-07T06:59:00Z");
  for (const [i, b] of BIDDERS.entries()) {
    const page = pages[i] as Page;
    await signInTo(page, `/auctions/${lotId}`, b.username);
    await page.locator(".page-title").getByText("挂牌中").waitFor();
    await page.locator(".hall-live").getByText("实时推送").waitFor();
  }
  platform.clock.set("2026-04-07T07:00:00Z");
  expect(await platform.app.services.auctionClosing.closeDue()).toContain(lotId);
  for (const page of [...pages, visitor]) {
    await page.locator(".page-title").getByText("现场竞价").waitFor();
    await page.getByText("现场竞价倒计时").waitFor();
    await page
      .locator(".auction-clock .hall-countdown")
      .getByText(/^00:0[45]:\d\d$/)
      .waitFor();
  }

  // They bid again, each seeing the other live; the leader may not raise itself.
  await bid(b1, { plus: "加一个幅度" });
  await b1.getByText("出价已被接受：1,030,000.00 元（第 3 号）").waitFor();
  await ladderRow(b2, n1, "1,030,000.00 元").waitFor();
  await b2.locator(".auction-minimum").getByText("1,040,000.00 元").waitFor();
  await bid(b2, "1060000");
  await b2.getByText("出价已被接受：1,060,000.00 元（第 4 号）").waitFor();
  await ladderRow(b1, n2, "1,060,000.00 元").waitFor();
  await b2.getByText("当前最高价为本竞买号，等待其他竞买人应价").waitFor();
  await shot(b1, "auction-live");

  // The countdown runs out on the server clock and the lot closes: both pages show the result.
  const lot = (await platform.app.http.inject({ url: `/api/v1/auction-lots/${lotId}` })).json();
  expect(lot).toMatchObject({ phase: "live", closesAt: "2026-04-07T07:05:00.000Z", reserveFen: null });
  platform.clock.set(lot.closesAt);
  expect(await platform.app.services.auctionClosing.closeDue()).toEqual([lotId]);
  for (const page of [...pages, visitor]) {
    const banner = page.locator(".winner-banner");
    await banner.getByText(BIDDERS[1].name).waitFor();
    await banner.getByText("1,060,000.00 元").waitFor();
    await page.locator(".auction-result").getByText("1,050,000.00 元").waitFor();
    await page.locator(".page-title").getByText("已结束").waitFor();
  }
  expect(await b1.locator(".auction-result .auction-ladder tbody tr").count()).toBe(4);
  await b1.locator(".auction-my-status").getByText("待退还").waitFor();
  await b2.locator(".auction-my-status").getByText("已转为价款").waitFor();
  await shot(b1, "auction-result");

  // The centre refunds the other deposit; the seller's monitor shows the deal.
  await signInTo(centre, `/centre/auctions/${lotId}`, "centre");
  const loser = centre.locator(".auction-applications tr").filter({ hasText: BIDDERS[0].name });
  await loser.getByRole("button", { name: "退还保证金" }).click();
  await centre.locator(".ant-popconfirm").getByRole("button", { name: "退还保证金" }).click();
  await loser.getByText("已退还").waitFor();
  await signInTo(seller, "/auction/lots", "tenderer");
  const sold = seller.locator(".auction-lots tr").filter({ hasText: LOT_NAME });
  await sold.getByText("已结束").waitFor();
  await sold.getByText("1,060,000.00 元").waitFor();
  await shot(seller, "auction-seller-lots");

  expect(e2e.pageErrors).toEqual([]);
  console.log(`auction journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
