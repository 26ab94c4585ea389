import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { startTestPlatform, type TestPlatform } from "../server/src/test-support/test-platform.ts";

export const DEMO_PASSWORD = "Ggzy#Demo2026";
const SCREENSHOTS = path.resolve("docs/screenshots");

export interface E2E {
  platform: TestPlatform;
  baseUrl: string;
  browser: Browser;
  /** Uncaught errors of every page opened through {@link E2E.newPage}. */
  pageErrors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The platform in-process on a free port, serving web/dist (build it first), and a headless Chromium. */
export async function startE2E(): Promise<E2E> {
  const webDist = path.resolve("web/dist");
  if (!fs.existsSync(path.join(webDist, "index.html"))) throw new Error("web/dist is missing: run `npx vite build --config web/vite.config.ts`");
  const platform = await startTestPlatform({ webDist });
  const address = await platform.app.http.listen({ port: 0, host: "127.0.0.1" });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  return {
    platform,
    baseUrl: address,
    browser,
    pageErrors,
    async newPage() {
      const context = await browser.newContext({ baseURL: address, viewport: { width: 1366, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on("pageerror", (error) => pageErrors.push(error.message));
      return page;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await platform.close();
    },
  };
}

/** Saves a screenshot of the page to docs/screenshots/<name>.png once it has settled. */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400); // menu and tab transitions
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in afresh and lands on `path` (sessions last 12 hours: after the clock moved by days, sign in again; the browser's stored keys stay). */
export async function signInTo(page: Page, path: string, username: string, password = DEMO_PASSWORD) {
  if (page.url().startsWith("http")) await page.evaluate(() => localStorage.removeItem("ggzy.token"));
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("form").getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => url.pathname === path);
}

/** A screenshot without the passing toasts, from the top of the page (the header is sticky). */
export async function shot(page: Page, name: string) {
  const style = await page.addStyleTag({ content: ".ant-message { display: none !important; }" });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
  await style.evaluate((element) => element.parentNode?.removeChild(element));
}

/** Types a Beijing date-time into an antd date picker and closes its panel. */
export async function pickDateTime(page: Page, selector: string, value: string) {
  const input = page.locator(selector);
  await input.click();
  await input.fill(value);
  await input.press("Enter");
  await page.keyboard.press("Escape");
  await expect.poll(() => input.inputValue()).toBe(value);
}

/**
 * A form's primary submit button once it is not loading: found by its place, not its accessible name (antd adds
 * its loading icon's label to the name while a request runs).
 */
export function publishButton(page: Page) {
  return page.locator(".form-actions .ant-btn-primary:not(.ant-btn-loading)");
}
