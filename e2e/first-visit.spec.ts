/**
 * Issue #20 items 9 and 10 in Chromium: the landing page a signed-out visitor
 * meets at "/", the first dashboard's way to the Features page, the icons and
 * the 404's title, and a model's Markdown answer rendered (code highlighted,
 * copyable) without ever running HTML from it.
 */
import { expect, test, type Page } from "@playwright/test";
import { creditPackages, formatUsd } from "../lib/credits/shared";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { grantPromo } from "./support/grant";
import { shoot } from "./support/shots";

const number = new Intl.NumberFormat("en-US");

/** Axe in both schemes, and nothing wider than a phone at 375 px. */
async function checkLightDarkAndPhone(page: Page) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectAccessible(page);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a signed-out visitor at / reads what credits are, sees the packages and finds pricing, sign in and sign up", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/$/);
  await expect(page).toHaveTitle(/Credits/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Credits");
  await expect(page.getByRole("main")).toContainText("AI code generation, chat and pro agent requests");

  // The three packages, as the panel sells them.
  const packages = page.getByRole("region", { name: "Credit packages" });
  await expect(packages.getByRole("listitem")).toHaveCount(creditPackages.length);
  for (const pkg of creditPackages) {
    await expect(
      packages.getByRole("listitem").filter({ hasText: formatUsd(pkg.priceCents) }).filter({ hasText: `${number.format(pkg.credits)} credits` }),
    ).toBeVisible();
  }

  await checkLightDarkAndPhone(page);
  await shoot(page, "landing");

  await packages.getByRole("link", { name: /pricing/ }).click();
  await expect(page).toHaveURL(/\/pricing$/);
  await page.goBack();
  await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await page.getByRole("main").getByRole("link", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("a signed-in visitor at / goes to the dashboard, whose empty state points to the Features page", async ({ page }) => {
  await signUp(page, uniqueEmail("first-visit"));
  await page.goto("/");
  await expect(page).toHaveURL(/\/dashboard$/);
  const empty = page.getByRole("heading", { name: "No usage in the last 30 days" }).locator("..");
  await expect(empty.getByRole("link", { name: "Features page" })).toHaveAttribute("href", "/features");
  await empty.getByRole("link", { name: "Try a feature" }).click();
  await expect(page).toHaveURL(/\/features$/);
});

test("the icons are served, and a 404 (the support console included) is titled as one", async ({ page, request }) => {
  for (const icon of ["/favicon.ico", "/icon.svg", "/apple-icon.png"]) {
    const answer = await request.get(icon);
    expect(answer.status(), icon).toBe(200);
  }
  await page.goto("/pricing");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon|favicon/);

  // Signed out, and then as a user who is not an admin: /admin does not admit it exists.
  // A report or a receipt that does not exist (or is another account's) is a 404 too, not "Report".
  const ownPages = ["/reports/rpt_doesnotexist0", "/settings/billing/receipts/pur_doesnotexist0"];
  for (const signedIn of [false, true]) {
    if (signedIn) await signUp(page, uniqueEmail("not-admin"));
    for (const path of ["/admin", "/admin/users", "/no-such-page", ...(signedIn ? ownPages : [])]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page).toHaveTitle("Page not found · Credits");
    }
  }
});

test("code generation renders the answer's Markdown: highlighted code with a copy button, and HTML in it shown as text, never run", async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const email = await signUp(page, uniqueEmail("markdown"));
  // Well above the low-balance threshold, so the run does not open the purchase panel over the page.
  await grantPromo(email, 500);
  await page.goto("/features");
  const code = page.getByRole("region", { name: "Code generation" });
  // The demo responder quotes the request's first line in its answer: model output carrying HTML.
  const hostile = '<script>window.__ran = 1</script><img src=x onerror="window.__ran = 2">';
  await code.getByLabel("What should the code do?").fill(hostile);
  await code.getByRole("button", { name: "Generate code" }).click();
  await expect(code.getByRole("status").filter({ hasText: "Charged" })).toBeVisible({ timeout: 60_000 });

  const answer = code.getByRole("region", { name: "Generated code" });
  // The fenced block is a code block, highlighted, and no fence is left on the page.
  const block = answer.locator("pre > code");
  await expect(block).toContainText("export function chunk<T>");
  await expect(block.locator(".hljs-keyword").first()).toBeVisible();
  await expect(answer).not.toContainText("```");
  await expect(answer.locator("p code").first()).toBeVisible(); // inline code in the prose

  // The HTML is on the page as the characters it is; nothing of it ran or became an element.
  await expect(answer).toContainText("<script>window.__ran = 1</script>");
  await expect(answer.locator("script, img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran)).toBeUndefined();

  await answer.getByRole("button", { name: "Copy code" }).click();
  await expect(answer.getByRole("button", { name: "Copied" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain("export function chunk<T>(items: readonly T[], size: number): T[][] {");
  expect(copied).not.toContain("```");

  await checkLightDarkAndPhone(page);
  await shoot(page, "code-answer");
});
