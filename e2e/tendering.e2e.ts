import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { idCardCheckChar } from "../server/src/modules/identity/domain/id-card.ts";
import { bearer } from "../server/src/test-support/test-platform.ts";
import { DEMO_PASSWORD, type E2E, pickDateTime, shot, signInTo, startE2E } from "./support.ts";

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

/** Set by the first journey, used by the next ones (they run in order, in one file). */
let sectionId = 0;
let projectId = 0;
let drawId = 0;
/** expert record id → the account that evaluates as that expert. */
const expertAccounts = new Map<number, { username: string; password: string; name: string }>();
const EXPERT_PASSWORD = "Expert#Pass2026";

/** A valid 身份证号 for the n-th test expert (born 1970+n, 3 March). */
function expertIdCard(n: number) {
  const first17 = `330106${1970 + n}0303${String(100 + n).padStart(3, "0")}`;
  return first17 + idCardCheckChar(first17);
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
  projectId = Number(new URL(tenderer.url()).pathname.split("/").pop());
  sectionId = Number((await tenderer.getByRole("link", { name: "查看公告" }).getAttribute("href"))?.split("/").pop());
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
    if (i === 1) {
      // The second bidder seals on the first one's machine: the same-device rules (条例40) raise red alerts.
      const device = await (bidderPages[0] as Page).evaluate(() => localStorage.getItem("ggzy.device-id"));
      expect(device).toBeTruthy();
      await page.evaluate((d) => localStorage.setItem("ggzy.device-id", d as string), device);
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

test("experts: the database, a committed draw whose names stay sealed, a decline and its replacement", async () => {
  const started = Date.now();
  const { platform } = e2e;
  expect(sectionId).toBeGreaterThan(0);
  // Five experts and their accounts come in through the API; a sixth one is paused below.
  const expertAdmin = await platform.login("expertadmin");
  const admin = await platform.login("admin");
  for (let n = 1; n <= 6; n++) {
    const name = `评标专家${"甲乙丙丁戊己"[n - 1]}`;
    const added = await platform.app.http.inject({
      method: "POST",
      url: "/api/v1/experts",
      headers: bearer(expertAdmin),
      payload: { idCard: expertIdCard(n), name, specialty: "A0801", kind: n % 3 === 0 ? "economic" : "technical", regionCode: "330100", title: "高级工程师" },
    });
    expect(added.statusCode, added.body).toBe(201);
    if (n === 6) continue;
    const username = `expert-${n}`;
    const account = await platform.app.http.inject({
      method: "POST",
      url: "/api/v1/accounts",
      headers: bearer(admin),
      payload: { username, password: EXPERT_PASSWORD, displayName: name, role: "expert", platformCode: "330100", idCard: expertIdCard(n) },
    });
    expect(account.statusCode, account.body).toBe(201);
    expertAccounts.set(added.json().id, { username, password: EXPERT_PASSWORD, name });
  }

  // The expert-database role adds 何教授 (the demo expert account's person) through the form, and pauses 评标专家己.
  const page = await e2e.newPage();
  await signInTo(page, "/workspace", "expertadmin");
  await page.getByRole("menuitem", { name: "评标专家库" }).click();
  await page.waitForURL("**/experts");
  await page.getByRole("button", { name: "专家入库" }).click();
  await page.locator("#expert_idCard").fill("330106197009090085");
  await page.locator("#expert_name").fill("何教授");
  await page.locator("#expert_specialty").fill("a0801");
  await page.locator("#expert_regionCode").click();
  await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "330100" }).click();
  await page.locator("#expert_title").fill("教授");
  await page.locator("#expert_employerName").fill("浙江示范大学");
  await page.getByRole("button", { name: "提交" }).click();
  // The server checks the 身份证号 and says why on the field.
  await page
    .locator(".ant-form-item")
    .filter({ has: page.locator("#expert_idCard") })
    .locator(".ant-form-item-explain-error")
    .waitFor();
  await page.locator("#expert_idCard").fill("330106197009090084");
  await page.getByRole("button", { name: "提交" }).click();
  await page.getByText(/何教授 已入库，专家编号 \d+/).waitFor();
  const heRow = page.locator(".experts-table tr").filter({ hasText: "何教授" });
  const heId = Number(await heRow.locator("td").first().textContent());
  expertAccounts.set(heId, { username: "expert", password: DEMO_PASSWORD, name: "何教授" });
  await page.getByRole("switch", { name: "评标专家己 可抽取" }).click();
  await page.getByText("已暂停抽取").waitFor();
  await expect.poll(() => page.getByRole("switch", { name: "评标专家己 可抽取" }).getAttribute("aria-checked")).toBe("false");
  await page.locator(".experts-table tr").filter({ hasText: "评标专家己" }).getByRole("button", { name: "设置处罚期" }).click();
  // Enter takes the typed date and submits the dialog's form.
  await page.locator("#punish_punishedUntil").click();
  await page.locator("#punish_punishedUntil").fill("2027-12-31");
  await page.locator("#punish_punishedUntil").press("Enter");
  await page.getByText("已设置处罚期").waitFor();
  await page.locator(".experts-table tr").filter({ hasText: "评标专家己" }).getByText("处罚期至 2027-12-31").waitFor();
  await shot(page, "expert-database");

  // The extractor commits to a seed (its SM3 is published at once), draws, and records a decline.
  await signInTo(page, "/workspace", "extractor");
  await page.getByRole("menuitem", { name: "专家抽取" }).click();
  await page.waitForURL("**/experts/extraction");
  await page.locator("tr").filter({ hasText: "杭州示范城市快速路二期工程" }).getByRole("button", { name: "抽取专家" }).click();
  await page.waitForURL(`**/experts/extraction/${sectionId}`);
  await page.getByRole("button", { name: "公布承诺并发起抽取" }).click();
  await page.getByText("已公布随机种子承诺").waitFor();
  const commitment = await page.locator(".draw-card .hash-value").first().textContent();
  expect(commitment).toMatch(/^[0-9a-f]{64}$/);
  drawId = Number((await page.getByRole("link", { name: "公开验证页" }).getAttribute("href"))?.split("/").pop());
  await page.getByRole("button", { name: "抽取", exact: true }).click();
  await page.getByText("已抽取 5 名专家", { exact: true }).first().waitFor();
  // The extractor sees how many, not who: the supervisor (not the extractor) can read the members before the reveal.
  expect(await page.locator(".draw-card").textContent()).not.toMatch(/评标专家|何教授/);
  const supervisor = await platform.login("supervisor");
  const membersOf = async () =>
    (await platform.app.http.inject({ url: `/api/v1/expert-draws/${drawId}`, headers: bearer(supervisor) }))
      .json()
      .members.map((m: { expertId: string }) => Number(m.expertId)) as number[];
  const drawn = await membersOf();
  expect(drawn).toHaveLength(5);
  await page.locator("#decline_expertId").fill(String(drawn[0]));
  await page.getByRole("button", { name: "登记拒绝并补抽" }).click();
  await page.getByText("已补抽（累计 1 人拒绝）").waitFor();
  await page.getByText("已抽取 5 名专家（1 人拒绝后补抽）").waitFor();
  await shot(page, "tender-extraction");
  const committee = await membersOf();
  expect(committee).not.toContain(drawn[0]);
  expect(new Set(committee)).toEqual(new Set([...expertAccounts.keys()].filter((id) => id !== drawn[0])));
  for (const id of [...expertAccounts.keys()]) if (!committee.includes(id)) expertAccounts.delete(id);
  expect(e2e.pageErrors).toEqual([]);
  console.log(`expert journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("evaluation: five experts review in the browser, one drafts the report, all sign it with SM2", async () => {
  const started = Date.now();
  const members = [...expertAccounts.values()];
  expect(members).toHaveLength(5);
  const page = await e2e.newPage();
  const open = async (m: (typeof members)[number]) => {
    await signInTo(page, "/expert/sections", m.username, m.password);
    await page.locator("tr").filter({ hasText: "杭州示范城市快速路二期工程" }).getByRole("button", { name: "进入评标" }).click();
    await page.waitForURL(`**/expert/sections/${sectionId}`);
  };
  const verdict = (bidder: string, label: "合格" | "否决") =>
    page
      .locator(".review-table tr")
      .filter({ hasText: bidder })
      .locator("label")
      .filter({ hasText: new RegExp(`^${label}$`) })
      .click();

  for (const [i, m] of members.entries()) {
    await open(m);
    await page.getByRole("button", { name: "生成 SM2 密钥并登记证书" }).click();
    await page.getByText("已登记，本浏览器持有私钥").waitFor();
    for (const b of BIDDERS) await verdict(b.name, "合格");
    if (i === 0) {
      // A rejection needs its reason (条例51): refused in the form until one is given. A minority rejection does not exclude the bid.
      await verdict(BIDDERS[1]?.name as string, "否决");
      await page.getByRole("button", { name: "提交评审意见" }).click();
      await page.getByText("否决投标必须说明理由（条例第五十一条）").waitFor();
      await page
        .locator(".review-table tr")
        .filter({ hasText: BIDDERS[1]?.name as string })
        .locator("textarea")
        .fill("项目经理业绩证明材料不完整");
    }
    await page.getByRole("button", { name: "提交评审意见" }).click();
    await page.getByText("评审意见已提交").waitFor();
    await page.getByText("已评审全部投标文件").waitFor();
  }
  // The last member drafts the report; every member signs what their browser recomputed.
  await page.getByRole("button", { name: "生成评标报告" }).click();
  await page.getByText("评标报告已生成，请各评委签署").waitFor();
  await page.getByText("本浏览器按报告内容重新计算的 SM3 摘要与平台一致", { exact: false }).waitFor();
  const candidates = page.locator(".candidates-table");
  await candidates
    .locator("tr")
    .filter({ hasText: "第1名" })
    .getByText(BIDDERS[0]?.name as string)
    .waitFor();
  for (const [i, m] of [members[4], ...members.slice(0, 4)].entries()) {
    if (i > 0) await open(m as (typeof members)[number]);
    await page.getByRole("button", { name: "以数字证书签署评标报告" }).click();
    await page
      .getByText(i < 4 ? `已签署（${i + 1} / 5）` : "评标报告已由全体评委签署完成")
      .first()
      .waitFor();
  }
  await page.locator(".page-title").getByText("已评标").waitFor();
  await shot(page, "tender-evaluation");
  expect(e2e.pageErrors).toEqual([]);
  console.log(`evaluation journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("award: candidates published for 3 days, 条例55 holds the award to the first, contract; the public sees the result and re-runs the draw", async () => {
  const started = Date.now();
  const { platform } = e2e;
  const page = await e2e.newPage();
  await signInTo(page, "/workspace", "tenderer");
  await page.getByRole("menuitem", { name: "我的招标项目" }).click();
  await page.waitForURL("**/tender/projects");
  await page.getByRole("link", { name: "杭州示范城市快速路二期工程" }).click();
  await page.waitForURL(`**/tender/projects/${projectId}`);
  const section = page.locator(".section-card");
  await section
    .locator(".candidates-table")
    .getByText(BIDDERS[0]?.name as string)
    .waitFor();

  // Two days of publicity are refused on the end field, with the basis and the earliest end.
  await pickDateTime(page, `#publicity-${sectionId}_publicityEnd`, "2026-03-24 17:00");
  await page.getByRole("button", { name: "发布公示" }).click();
  const end = page.locator(".ant-form-item").filter({ has: page.locator(`#publicity-${sectionId}_publicityEnd`) });
  await end.getByText(/中标候选人公示期不得少于3日/).waitFor();
  await end.getByText("最早可选日期：2026-03-25", { exact: false }).waitFor();
  await end.getByText("采用该日期").click();
  await expect.poll(() => page.locator(`#publicity-${sectionId}_publicityEnd`).inputValue()).toBe("2026-03-25 17:00");
  await page.getByRole("button", { name: "发布公示" }).click();
  await page.getByText("中标候选人已公示").waitFor();
  await section.getByText("候选人公示中").waitFor();

  // After the publicity (the clock moves; everybody signs in again), the second candidate is refused (国有控股, 条例55).
  platform.clock.set("2026-03-25T09:30:00.000Z");
  await signInTo(page, `/tender/projects/${projectId}`, "tenderer");
  await page.locator(`#award-${sectionId}-winner`).click();
  await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "第2名" }).click();
  await section.getByRole("button", { name: "确定中标人" }).click();
  await page.locator(".ant-popconfirm").getByRole("button", { name: "确定中标人" }).click();
  await page.locator(".award-refusal").getByText("应当确定排名第一的中标候选人为中标人", { exact: false }).waitFor();
  await page.locator(".award-refusal").getByText("依据：招标投标法实施条例第五十五条").waitFor();
  await expect.poll(() => page.locator(".ant-popconfirm:visible").count()).toBe(0);
  await page.locator(`#award-${sectionId}-winner`).click();
  await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "第1名" }).click();
  await section.getByRole("button", { name: "确定中标人" }).click();
  await page.locator(".ant-popconfirm").getByRole("button", { name: "确定中标人" }).click();
  await page.getByText("已确定中标人，中标通知书已发出").waitFor();
  await section
    .locator(".winner-banner")
    .getByText(BIDDERS[0]?.name as string)
    .waitFor();
  await page.locator(`#contract-${sectionId}_contractCode`).fill("HT-2026-001");
  await page.getByRole("button", { name: "登记合同" }).click();
  await page.getByText("合同已登记").waitFor();
  await page.getByRole("button", { name: "向监管部门提交书面报告" }).click();
  await page.getByText("书面报告已提交").waitFor();
  await section.getByText("书面报告提交时间").waitFor();
  await shot(page, "tender-award");

  // The supervising department follows it read-only, bidders included.
  await signInTo(page, "/workspace", "supervisor");
  await page.getByRole("menuitem", { name: "监管项目" }).click();
  await page.locator(".projects-table").getByText("已签合同").waitFor();
  await page.getByRole("link", { name: "杭州示范城市快速路二期工程" }).click();
  await page
    .locator(".winner-banner")
    .getByText(BIDDERS[0]?.name as string)
    .waitFor();
  await page.getByRole("tab", { name: "投标人名单" }).click();
  await page.getByText("报名（3）").waitFor();
  await shot(page, "tender-supervision");

  // The public: the result on the notice, and the draw re-run in the browser from the revealed seed.
  const visitor = await e2e.newPage();
  await visitor.goto(`/notices/${sectionId}`);
  const result = visitor.locator(".public-result");
  await result
    .locator(".winner-banner")
    .getByText(BIDDERS[0]?.name as string)
    .waitFor();
  await result
    .locator(".winner-banner")
    .getByText(BIDDERS[0]?.priceText as string)
    .waitFor();
  await result.getByText("HT-2026-001").waitFor();
  await shot(visitor, "tender-result");
  await visitor.goto(`/expert-draws/${drawId}`);
  await visitor.getByRole("button", { name: "重新计算" }).click();
  await visitor.getByText("SM3(种子) 与抽取前公布的承诺一致").waitFor();
  await visitor.getByText("专家库快照与规则的 SM3 与公布的输入摘要一致").waitFor();
  await visitor.getByText("复算出的评标委员会与公布的名单一致").waitFor();
  await expect.poll(() => visitor.locator(".draw-members tbody tr").count()).toBe(5);
  await visitor.getByText(/补抽（替代 \d+）/).waitFor();
  await visitor.getByText(/专家 \d+：暂停抽取、处罚期内/).waitFor();
  await shot(visitor, "tender-draw");
  expect(e2e.pageErrors).toEqual([]);
  console.log(`award journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("supervision: the same-device alert is issued, answered and closed with a blacklisting that bars the bidder", async () => {
  const started = Date.now();
  const { platform } = e2e;
  const db = platform.database.db;
  const barred = await db.selectFrom("subject").select(["id", "uscc", "name"]).where("name", "like", `%${BIDDERS[1]?.name}%`).executeTakeFirstOrThrow();
  const supervisorToken = await platform.login("supervisor");
  const listed = await platform.app.http.inject({ url: "/api/v1/supervision/alerts", headers: bearer(supervisorToken) });
  const red = (listed.json() as { id: number; ruleId: string; severity: string; sectionId: number; subjects: string[] }[]).filter(
    (a) => a.sectionId === sectionId && a.severity === "red",
  );
  expect(red.map((a) => a.ruleId)).toContain("SR029");
  const alert = red.find((a) => a.ruleId === "SR029") as (typeof red)[number];
  expect(alert.subjects).toContain(barred.uscc);

  // A second tender is announced, for the barred bidder to try later.
  const tendererToken = await platform.login("tenderer");
  const project = await platform.app.http.inject({
    method: "POST",
    url: "/api/v1/tender-projects",
    headers: bearer(tendererToken),
    payload: {
      name: "杭州示范污水处理厂提标改造工程",
      kind: "works",
      departmentCode: "330100-zj",
      approvalLevel: "city",
      approvalDivisionCode: "330100",
      estimateFen: 3_000_000_000,
      funding: {
        totalInvestmentFen: 3_000_000_000,
        budgetFundsFen: 3_000_000_000,
        stateOwnedControlling: true,
        foreignLoanOrAid: false,
        publicInfrastructure: true,
      },
      method: "open",
      sections: [{ name: "施工标", classifyCode: "A080000", estimateFen: 3_000_000_000, bondFen: 0 }],
    },
  });
  expect(project.statusCode, project.body).toBe(201);
  const notice = await platform.app.http.inject({
    method: "POST",
    url: `/api/v1/sections/${project.json().sections[0].id}/notice`,
    headers: bearer(tendererToken),
    payload: { docSaleStart: "2026-03-25T09:30:00Z", docSaleEnd: "2026-04-01T09:00:00Z", bidDeadline: "2026-04-20T01:30:00Z" },
  });
  expect(notice.statusCode, notice.body).toBe(200);

  // The supervisor sees the red alert, filters on 红, and issues it from the drawer.
  const page = await e2e.newPage();
  await signInTo(page, "/workspace", "supervisor");
  await page.getByRole("menuitem", { name: "监督预警" }).click();
  await page.waitForURL("**/supervision/alerts");
  await page.locator(".alert-severity-filter").click();
  await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "红" }).click();
  const row = page.locator(".alerts-table tr").filter({ hasText: "SR029" });
  await row.locator(".severity-red").waitFor();
  await row.getByText("待发出").waitFor();
  await row.getByRole("button", { name: "详情" }).click();
  const drawer = page.locator(".ant-drawer");
  await drawer.getByText("bidders").waitFor();
  await drawer.getByRole("button", { name: "发出预警" }).click();
  await page.locator(".ant-popconfirm").getByRole("button", { name: "发出预警" }).click();
  await page.getByText("预警已发出").waitFor();
  await drawer.getByText("已发出", { exact: true }).waitFor();

  // The tenderer answers through the API (it cannot list the alerts).
  const response = await platform.app.http.inject({
    method: "POST",
    url: `/api/v1/supervision/alerts/${alert.id}/response`,
    headers: bearer(tendererToken),
    payload: { feedback: "经核查，两家投标人委托同一代理人在同一电脑上制作并递交投标文件，请依法处理。" },
  });
  expect(response.statusCode, response.body).toBe(200);
  await page.reload();
  await page.locator(".alerts-table tr").filter({ hasText: "SR029" }).getByRole("button", { name: "详情" }).click();
  await drawer.getByText("经核查，两家投标人委托同一代理人").waitFor();
  await drawer.getByText("已反馈", { exact: true }).waitFor();
  await shot(page, "supervision-alerts");

  // 办结 with a blacklisting of the second bidder: no registration, no bids until 2027-03-25.
  await drawer.getByRole("button", { name: "办结" }).click();
  const modal = page.locator(".ant-modal");
  await modal.locator("#close_result").fill("认定为串通投标，记入失信黑名单");
  await modal.locator("#close_withCredit").click();
  await modal.locator("#close_subjectUscc").click();
  await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: barred.uscc }).click();
  await modal.locator("#close_reason").fill("与其他投标人使用同一设备制作递交投标文件，串通投标");
  await modal.locator("#close_documentNo").fill("杭建监罚〔2026〕7号");
  await modal.locator("#close_endsAt").click();
  await modal.locator("#close_endsAt").fill("2027-03-25");
  await modal.locator("#close_endsAt").press("Enter");
  await modal.locator(".ant-modal-title").click();
  await expect.poll(() => modal.locator("#close_endsAt").inputValue()).toBe("2027-03-25");
  await modal.locator(".ant-modal-footer .ant-btn-primary").click();
  await page.getByText("预警已办结").waitFor();
  await page.locator(".alerts-table tr").filter({ hasText: "SR029" }).getByText("已办结").waitFor();

  await drawer
    .getByText("杭建监罚", { exact: false })
    .or(drawer.getByText(/^#\d+$/))
    .first()
    .waitFor();
  // The department's projects with their open alerts; the public sees the D rating and the record.
  await page.goto("/supervision/projects");
  await page.locator(".supervised-projects-table tr").filter({ hasText: "杭州示范城市快速路二期工程" }).locator(".open-alerts").waitFor();
  const visitor = await e2e.newPage();
  await visitor.goto(`/subjects/${barred.id}`);
  await visitor.locator(".subject-credit").getByText("杭建监罚〔2026〕7号").waitFor();
  const rating = await visitor.locator(".credit-rating").textContent();
  expect(rating).toMatch(/^[CD]$/);

  // The barred bidder's next registration is refused with the sanction.
  const bidder = await e2e.newPage();
  await signInTo(bidder, "/bidder/sections", "bidder2");
  await bidder.locator("tr").filter({ hasText: "杭州示范污水处理厂提标改造工程" }).getByRole("button", { name: "报名" }).click();
  const refusal = bidder.locator(".ant-message-error");
  await refusal.waitFor();
  expect(await refusal.textContent()).toMatch(/因失信（杭建监罚〔2026〕7号：.*）被限制投标报名/);
  expect(e2e.pageErrors).toEqual([]);
  console.log(`supervision journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
