import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DEMO_PASSWORD, type E2E, screenshot, startE2E } from "./support.ts";

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

/** A third bidder that registers itself through the API (the two others are demo accounts). */
const NEW_BIDDER = { uscc: "91330100MA2HT0039W", name: "杭州丙建设有限公司", username: "bidder-c", password: "Strong#Pass2026", idCard: "330106199405050059" };
const BIDDERS = [
  { username: "bidder", password: DEMO_PASSWORD, name: "杭州示范建设", price: "45678912.34", priceText: "4,567.891234 万元", manager: "张建国", days: 540 },
  { username: "bidder2", password: DEMO_PASSWORD, name: "宁波示范建工", price: "46110000", priceText: "4,611 万元", manager: "李卫东", days: 520 },
  {
    username: NEW_BIDDER.username,
    password: NEW_BIDDER.password,
    name: NEW_BIDDER.name,
    price: "47025000.5",
    priceText: "4,702.50005 万元",
    manager: "王海",
    days: 560,
  },
];

/** Signs in afresh (the browser's stored keys stay) and lands on `path`. */
async function signInTo(page: Page, path: string, username: string, password = DEMO_PASSWORD) {
  if (page.url().startsWith("http")) await page.evaluate(() => localStorage.removeItem("ggzy.token"));
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("form").getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => url.pathname === path);
}

/** A screenshot without the passing toasts, from the top of the page (the header is sticky). */
async function shot(page: Page, name: string) {
  const style = await page.addStyleTag({ content: ".ant-message { display: none !important; }" });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
  await style.evaluate((element) => element.parentNode?.removeChild(element));
}

/** Types a Beijing date-time into an antd date picker and closes its panel. */
async function pickDateTime(page: Page, selector: string, value: string) {
  const input = page.locator(selector);
  await input.click();
  await input.fill(value);
  await input.press("Enter");
  await page.keyboard.press("Escape");
  await expect.poll(() => input.inputValue()).toBe(value);
}

test("tendering: project, notice within the statutory limits, sealed bids, opening, decryption, 唱标", async () => {
  const started = Date.now();
  const { platform } = e2e;
  const created = await platform.app.http.inject({
    method: "POST",
    url: "/api/v1/subjects",
    payload: {
      uscc: NEW_BIDDER.uscc,
      name: NEW_BIDDER.name,
      roles: ["bidder"],
      account: { username: NEW_BIDDER.username, password: NEW_BIDDER.password, displayName: NEW_BIDDER.name, idCard: NEW_BIDDER.idCard, role: "bidder" },
    },
  });
  expect(created.statusCode, created.body).toBe(201);

  // The tenderer registers the project with one section, amounts in 万元.
  const tenderer = await e2e.newPage();
  await signInTo(tenderer, "/workspace", "tenderer");
  await tenderer.getByRole("menuitem", { name: "招标项目登记" }).click();
  await tenderer.waitForURL("**/tender/projects/new");
  await tenderer.locator("#project_name").fill("杭州示范城市快速路二期工程");
  await tenderer.locator("#project_approvalNumber").fill("杭发改审批〔2026〕12号");
  await tenderer.locator("#project_estimate").fill("5000");
  await tenderer.getByRole("button", { name: "下一步" }).click();
  await tenderer.locator("#project_funding_totalInvestment").fill("6000");
  await tenderer.locator("#project_funding_budgetFunds").fill("6000");
  await tenderer.getByRole("button", { name: "下一步" }).click();
  await tenderer.locator("#project_sections_0_name").fill("施工一标段");
  await tenderer.locator("#project_sections_0_classifyCode").fill("a080000");
  await tenderer.locator("#project_sections_0_estimate").fill("5000");
  await tenderer.locator("#project_sections_0_bond").fill("80");
  await tenderer.getByRole("button", { name: "提交登记" }).click();
  await tenderer.waitForURL(/\/tender\/projects\/\d+$/);
  await tenderer.getByText("依法必须招标").waitFor();
  await tenderer.getByText(/^3301002026\d{6}$/).waitFor();

  // A sale period of 2 days is refused on its field, with the legal basis and the earliest date.
  await pickDateTime(tenderer, '[id$="_docSaleStart"]', "2026-03-02 10:00");
  await pickDateTime(tenderer, '[id$="_docSaleEnd"]', "2026-03-04 17:00");
  await pickDateTime(tenderer, '[id$="_bidDeadline"]', "2026-03-22 09:30");
  await tenderer.getByRole("button", { name: "发布公告" }).click();
  const saleEnd = tenderer.locator(".ant-form-item").filter({ has: tenderer.locator('[id$="_docSaleEnd"]') });
  await saleEnd.getByText("招标文件发售期不得少于5日：自2026-03-02起发售的，最早于2026-03-07停止发售，实际为2026-03-04").waitFor();
  await saleEnd.getByText("依据：招标投标法实施条例第十六条； 最早可选日期：2026-03-07").waitFor();
  await shot(tenderer, "tender-notice-limit");
  await saleEnd.getByText("采用该日期").click();
  await expect.poll(() => tenderer.locator('[id$="_docSaleEnd"]').inputValue()).toBe("2026-03-07 17:00");
  await tenderer.getByRole("button", { name: "发布公告" }).click();
  await tenderer.getByText("招标公告已发布").waitFor();
  await tenderer.locator(".section-card").getByText("公告中").waitFor();
  const sectionId = Number((await tenderer.getByRole("link", { name: "查看公告" }).getAttribute("href"))?.split("/").pop());
  expect(sectionId).toBeGreaterThan(0);

  // Three bidders register, make their certificate key in the browser, and submit sealed bids.
  const bidderPages: Page[] = [];
  for (const [i, b] of BIDDERS.entries()) {
    const page = await e2e.newPage();
    bidderPages.push(page);
    await signInTo(page, "/bidder/sections", b.username, b.password);
    await page.locator("tr").filter({ hasText: "杭州示范城市快速路二期工程" }).getByRole("button", { name: "报名" }).click();
    await page.waitForURL(`**/bidder/sections/${sectionId}`);
    await page.getByText("已报名（投标人名单开标前保密）").waitFor();
    await page.getByRole("button", { name: "生成 SM2 密钥并登记证书" }).click();
    await page.getByText("已登记，本浏览器持有私钥").waitFor();
    await page.locator("#bid_price").fill(b.price);
    await page.locator("#bid_durationDays").fill(String(b.days));
    await page.locator("#bid_projectManager").fill(b.manager);
    if (i === 0) {
      await page.locator('input[type="file"]').setInputFiles({
        name: "技术标.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("施工组织设计：总工期540日历天。\n".repeat(2000), "utf8"),
      });
      await page.getByText("技术标.txt").waitFor();
      await shot(page, "tender-bid-form");
    }
    await page.getByRole("button", { name: "加密并递交" }).click();
    await page.getByText("投标回执").waitFor();
    await page.getByRole("button", { name: "撤回投标文件" }).waitFor();
    if (i === 0) await shot(page, "tender-bid-receipt");
  }

  // The platform stores no readable price.
  const rows = await platform.database.db.selectFrom("bid").select(["sealed", "size"]).where("section_id", "=", sectionId).execute();
  expect(rows).toHaveLength(3);
  for (const row of rows) expect(JSON.stringify(row.sealed)).not.toMatch(/4567891234|priceFen/);
  expect(Math.max(...rows.map((r) => r.size))).toBeGreaterThan(60_000); // the attached file travels inside the seal

  // The trading centre's opening hall counts down on the server clock.
  const centre = await e2e.newPage();
  await signInTo(centre, "/workspace", "centre");
  await centre.getByRole("menuitem", { name: "开标大厅" }).click();
  await centre.locator("tr").filter({ hasText: "杭州示范城市快速路二期工程" }).getByRole("button", { name: "进入开标大厅" }).click();
  await centre.waitForURL(`**/centre/opening/${sectionId}`);
  await centre
    .locator(".hall-countdown")
    .getByText(/^19 天 23:(29|30):\d\d$/)
    .waitFor();
  await centre.locator(".ant-statistic").filter({ hasText: "投标文件" }).getByText("3").waitFor();

  // The deadline passes on the server clock; everybody signs in again on opening day (sessions last 12 hours).
  platform.clock.set("2026-03-22T01:30:00.000Z");
  await signInTo(centre, `/centre/opening/${sectionId}`, "centre");
  await centre.locator(".hall-countdown").getByText("已到开标时间").waitFor();
  await centre.getByRole("button", { name: "开标" }).click();
  await centre.getByText("开标已开始，共 3 份投标文件，等待投标人解密").waitFor();
  await centre.locator(".page-title").getByText("开标中").waitFor();

  // Each bidder decrypts its key share in the browser with its certificate key.
  for (const [i, b] of BIDDERS.entries()) {
    const page = bidderPages[i] as Page;
    await signInTo(page, `/bidder/sections/${sectionId}`, b.username, b.password);
    await page.getByRole("button", { name: "在线解密" }).click();
    await page.getByText("解密成功").waitFor();
    await page.locator(".price").getByText(b.priceText).waitFor();
  }
  await centre.locator(".ant-statistic").filter({ hasText: "已解密" }).getByText("3", { exact: true }).waitFor();
  await shot(centre, "tender-opening-hall");
  await centre.getByRole("button", { name: "结束解密并唱标" }).click();
  await centre.locator(".ant-popconfirm").getByRole("button", { name: "结束解密并唱标" }).click();
  await centre.getByText("开标记录已公布").waitFor();
  await centre
    .locator(".opening-record")
    .getByText(BIDDERS[0]?.priceText as string)
    .waitFor();

  // The public notice shows the 唱标 record with the three prices.
  const visitor = await e2e.newPage();
  await visitor.goto("/");
  await visitor.getByRole("menuitem", { name: "招标公告" }).click();
  await visitor.waitForURL("**/notices");
  await visitor.getByRole("link", { name: "杭州示范城市快速路二期工程" }).click();
  await visitor.waitForURL(`**/notices/${sectionId}`);
  const record = visitor.locator(".opening-record");
  for (const b of BIDDERS) {
    const row = record.locator("tr").filter({ hasText: b.priceText });
    await row.getByText(b.manager).waitFor();
    await row.getByText("已解密").waitFor();
  }
  await visitor.getByText(NEW_BIDDER.name).waitFor();
  await shot(visitor, "tender-opening-record");

  expect(e2e.pageErrors).toEqual([]);
  console.log(`tendering journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
