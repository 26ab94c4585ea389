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

const visible = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor({ state: "visible" });

async function signIn(page: Page, username: string) {
  await page.getByRole("button", { name: "登录" }).first().click();
  await page.waitForURL("**/login");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form").getByRole("button", { name: "登录" }).click();
  await page.waitForURL("**/workspace");
}

test("portal, sign-in, subject registration, audit proof in the browser, English", async () => {
  const page = await e2e.newPage();

  // The public portal, without signing in.
  await page.goto("/");
  await page.getByRole("heading", { name: "统一的公共资源交易平台" }).waitFor();
  await visible(page, "杭州市西湖区");
  await visible(page, "签名有效（已在浏览器中验证）");
  await visible(page, "杭州示范城市建设投资集团有限公司");
  await screenshot(page, "portal-home");

  // Sign in through the form as trading-centre staff.
  await page.getByRole("button", { name: "登录" }).first().click();
  await page.waitForURL("**/login");
  await screenshot(page, "login");
  await page.locator("#username").fill("centre");
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form").getByRole("button", { name: "登录" }).click();
  await page.waitForURL("**/workspace");
  await page.getByRole("heading", { name: "交易中心 陈静，您好" }).waitFor();
  await visible(page, "即将上线");

  // Register a subject: the server's check of the code lands on the code field.
  await page.getByRole("menuitem", { name: "主体注册" }).click();
  await page.waitForURL("**/register");
  await page.locator("#uscc").fill("91350100M000100Y44");
  await page.locator("#name").fill("福建示范建设工程有限公司");
  await page.locator("#legalRepresentative").fill("林海");
  await page.locator("#registeredCapital").fill("5000.5");
  await page.locator("#regionCode").fill("350100");
  await page.keyboard.press("Escape");
  await page.locator("#basicBank").fill("中国建设银行福州分行");
  await page.locator("#basicAccountNo").fill("35050100000000012345");
  await page.locator("#contactName").fill("陈晓");
  await page.locator("#contactPhone").fill("0591-87654321");
  await page.getByRole("checkbox", { name: "投标人/供应商/竞买人" }).check();
  await page.getByRole("button", { name: "提交注册" }).click();
  const usccItem = page.locator(".ant-form-item").filter({ has: page.locator("#uscc") });
  await usccItem.getByText("统一社会信用代码校验位错误：第18位应为3，实际为4", { exact: true }).waitFor();
  await screenshot(page, "register");

  await page.locator("#uscc").fill("91350100M000100Y43");
  await page.getByRole("button", { name: "提交注册" }).click();
  await page.waitForURL(/\/subjects\/\d+$/);
  await page.getByRole("heading", { name: "福建示范建设工程有限公司" }).waitFor();
  await visible(page, "91350100M000100Y43");
  await visible(page, "待核验");
  await visible(page, "5,000.5 万元（CNY）");
  await visible(page, "35050100000000012345");
  await screenshot(page, "subject-profile");

  // The centre's workspace lists the new registration as awaiting verification.
  await page.getByRole("menuitem", { name: "工作台" }).click();
  await page.locator(".ant-card").filter({ hasText: "待核验主体" }).getByRole("link", { name: "福建示范建设工程有限公司" }).waitFor();
  await page.locator(".ant-message-notice").first().waitFor({ state: "detached" });
  await screenshot(page, "workspace-centre");

  // As the system administrator: the audit log, one entry's inclusion proof checked in the browser.
  await page.getByRole("button", { name: /交易中心 陈静/ }).hover();
  await page.getByRole("menuitem", { name: "退出登录" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await signIn(page, "admin");
  await page.getByRole("menuitem", { name: "审计日志" }).click();
  await page.waitForURL("**/audit");
  // The ✓ means the row's leaf data, hashed in the browser, is the proven leaf and says what the row shows.
  const registration = page.locator("tr").filter({ hasText: "subject.register" }).first();
  await registration.locator("button", { hasText: "验证" }).click();
  await registration.getByText("✓ 本条在签名树中").waitFor();
  await registration.getByRole("button", { name: "展开行" }).click();
  await page.locator("pre.leaf-json").filter({ hasText: '"subject.register"' }).waitFor();
  await page
    .locator("form")
    .filter({ has: page.locator("#inclusion_index") })
    .getByRole("button", { name: "验证证明" })
    .click();
  await page.locator(".proof-ok").getByText("✓").waitFor();
  await page.locator(".ant-message-notice").first().waitFor({ state: "detached" });
  await screenshot(page, "audit");

  // Once in English: labels and the server's messages switch.
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { name: "Audit log" }).waitFor();
  await visible(page, "Inclusion proof");
  await page.getByRole("cell").getByText("System", { exact: true }).first().waitFor();
  // Consistency between two signed sizes, picked from the heads whose signatures the browser checked.
  await page.locator("#consistency_from").click();
  const signedSizes = page.locator(".ant-select-dropdown:visible .ant-select-item-option");
  await signedSizes.first().locator(".anticon-check-circle").waitFor();
  await signedSizes.last().click();
  const consistency = page.locator(".ant-card").filter({ has: page.locator("#consistency_from") });
  await consistency.getByRole("button", { name: "Verify proof" }).click();
  await consistency
    .locator(".proof-ok")
    .getByText(/extends the tree of size \d+/)
    .waitFor();

  // The server's messages come in English too, on the field they concern.
  await page.getByRole("menuitem", { name: "My account" }).first().click();
  await page.waitForURL("**/me");
  await visible(page, "This session");
  await page.locator("#currentPassword").fill(DEMO_PASSWORD);
  await page.locator("#newPassword").fill("Short#1");
  await page.locator("#confirm").fill("Short#1");
  await page.getByRole("button", { name: "Change password" }).click();
  const newPasswordItem = page.locator(".ant-form-item").filter({ has: page.locator("#newPassword") });
  await newPasswordItem.getByText("The password needs at least 10 characters", { exact: true }).waitFor();

  expect(e2e.pageErrors).toEqual([]);
});
