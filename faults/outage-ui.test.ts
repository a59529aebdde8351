/**
 * What a person sees while PostgreSQL is down (issue #12), in real Chromium
 * against a production server: a signed-in page reloaded during the outage
 * shows the "could not load" page (an h1 in a main landmark, a clear message,
 * a "Try again" button, no digest or stack); a form submitted during the
 * outage says the service is briefly unavailable; signing in says so too
 * (not "wrong password", not "something went wrong"). After the database is
 * back, "Try again" on the same tab brings the real page back with no server
 * restart and no reload. Set OUTAGE_SHOTS to a folder to keep screenshots.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { faultHarnessForFile } from "./support/vitest";

const harness = await faultHarnessForFile();
const { createSignInUser } = await import("./support/session");

const UNAVAILABLE = /briefly unavailable/i;
const ERROR_HEADING = "This page could not load";
const shotsDir = process.env.OUTAGE_SHOTS;
if (shotsDir) mkdirSync(shotsDir, { recursive: true });

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

async function shot(page: Page, name: string) {
  if (shotsDir) await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The error page's promises: a main landmark with its h1, the message, a retry, and nothing of the server's internals. */
async function expectErrorPage(page: Page) {
  const main = page.getByRole("main");
  await expect.poll(() => main.getByRole("heading", { level: 1, name: ERROR_HEADING }).count(), { timeout: 30_000 }).toBe(1);
  const text = await main.innerText();
  expect(text).toMatch(UNAVAILABLE);
  expect(await main.getByRole("button", { name: "Try again" }).count()).toBe(1);
  // Focus moves to the heading, so a screen reader announces why the page is not there.
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), { timeout: 30_000 }).toBe("H1");
  const whole = await page.locator("body").innerText();
  // Next.js's production digest, a stack frame or a driver error must never reach the page.
  expect(whole).not.toMatch(/digest|ECONNREFUSED|at \S+ \(|Error:/i);
}

describe("the browser during a database outage", () => {
  it("shows a clear error page with a retry that brings the page back, and form errors that say the service is briefly unavailable", async () => {
    const app = await harness.startApp({ jobs: false });
    const person = await createSignInUser("outage-ui", 5_000);
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    const signedOut = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();

    await signInThroughForm(page, app.url, person.email, person.password);
    await page.waitForURL(/\/dashboard$/);
    await shot(page, "01-dashboard-up");
    const paths = ["/dashboard", "/usage", "/settings/billing", "/settings/api-keys"];
    const upHeadings: Record<string, string> = {};
    for (const path of paths) {
      await page.goto(`${app.url}${path}`);
      upHeadings[path] = await page.getByRole("heading", { level: 1 }).first().innerText();
      expect(upHeadings[path]).not.toBe(ERROR_HEADING);
    }
    await signedOut.goto(`${app.url}/sign-in`);

    await harness.db.stop();
    try {
      for (const path of paths) {
        await page.goto(`${app.url}${path}`);
        await expectErrorPage(page);
        await shot(page, `02-down${path.replaceAll("/", "-")}`);
      }
      // The retry during the outage: still the error page, not a blank or broken one.
      await page.getByRole("button", { name: "Try again" }).click();
      await expectErrorPage(page);

      // A form submitted on a page that had loaded before the outage.
      const formPage = await context.newPage();
      await harness.db.start();
      await formPage.goto(`${app.url}/settings/api-keys`);
      await harness.db.stop();
      await formPage.getByLabel("Key name").fill("during outage");
      await formPage.getByRole("button", { name: /create/i }).click();
      // The form shows its message under the field; what matters is that it says why.
      await expect.poll(() => formPage.locator("form").filter({ hasText: UNAVAILABLE }).count(), { timeout: 30_000 }).toBe(1);
      await shot(formPage, "03-down-create-key");
      await formPage.close();

      // Signing in while the database is down.
      await signInThroughForm(signedOut, app.url, person.email, person.password);
      await expect.poll(() => signedOut.getByRole("alert").filter({ hasText: UNAVAILABLE }).count(), { timeout: 30_000 }).toBe(1);
      const alertText = await signedOut.getByRole("alert").first().innerText();
      expect(alertText).not.toMatch(/not right|on our side/i);
      await shot(signedOut, "04-down-sign-in");
    } finally {
      if (!(await harness.db.running())) await harness.db.start();
    }

    // Back up: the same tab (still on the error page) recovers through "Try again", with no reload.
    await expectErrorPage(page);
    // A mark on this document: a full reload would lose it, so the recovery must be the retry's own re-render.
    await page.evaluate(() => document.documentElement.setAttribute("data-before-retry", "1"));
    await page.getByRole("button", { name: "Try again" }).click();
    await expect
      .poll(() => page.getByRole("heading", { level: 1, name: upHeadings["/settings/api-keys"] }).count(), { timeout: 30_000 })
      .toBe(1);
    expect(await page.getByRole("heading", { name: ERROR_HEADING }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.getAttribute("data-before-retry"))).toBe("1");
    await shot(page, "05-recovered");

    await signInThroughForm(signedOut, app.url, person.email, person.password);
    await signedOut.waitForURL(/\/dashboard$/);
  });
});
