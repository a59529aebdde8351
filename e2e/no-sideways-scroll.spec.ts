import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";
import { setAdmin } from "./support/admin";
import { buyTwentyDollars } from "./support/purchase";
import { createApiKeyInUi, meter } from "./support/usage";

/**
 * Issue 20 item 7: nothing scrolls sideways and no table cell is cut off, on
 * a phone (375 px) or a laptop (1280 px), on every page a person reaches —
 * with data in the tables, since empty tables are always narrow.
 */

const WIDTHS = [375, 1280] as const;

const PUBLIC_PAGES = ["/", "/pricing", "/sign-in", "/sign-up", "/forgot-password"];
const SIGNED_IN_PAGES = [
  "/dashboard",
  "/usage",
  "/usage/statements",
  "/features",
  "/help",
  "/reports",
  "/reports/new",
  "/settings",
  "/settings/api-keys",
  "/settings/billing",
];

type Overflow = { pageWidth: number; viewport: number; clippedCells: string[] };

/**
 * The page's width against the window's, and every visible table cell whose box
 * reaches past the box that clips it (a scrolling or hidden-overflow ancestor) or
 * past the window: such a cell is cut off or needs a sideways scroll to be read.
 */
async function overflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const clippers = (el: Element) => {
      const boxes: DOMRect[] = [];
      for (let node = el.parentElement; node && node !== document.documentElement; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.overflowX !== "visible") boxes.push(node.getBoundingClientRect());
      }
      return boxes;
    };
    const clippedCells: string[] = [];
    for (const cell of Array.from(document.querySelectorAll("td, th"))) {
      const box = cell.getBoundingClientRect();
      const boxes = clippers(cell);
      // Screen-reader-only tables and cells (a chart's figures) sit in 1 px boxes on purpose: never seen, never cut.
      const srOnly = (b: DOMRect) => b.width <= 1 || b.height <= 1;
      if (srOnly(box) || boxes.some(srOnly)) continue;
      const limits = [...boxes, new DOMRect(0, 0, window.innerWidth, window.innerHeight)];
      if (limits.some((limit) => box.left < limit.left - 1 || box.right > limit.right + 1)) {
        clippedCells.push((cell.textContent ?? "").trim().slice(0, 40) || cell.tagName);
      }
    }
    return { pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, clippedCells };
  });
}

async function expectFits(page: Page, path: string, width: number) {
  await page.setViewportSize({ width, height: 800 });
  await page.goto(path);
  await expect(page.locator("main, body").first()).toBeVisible();
  const seen = await overflow(page);
  expect.soft(seen.pageWidth, `${path} at ${width} px is wider than the window`).toBeLessThanOrEqual(seen.viewport);
  expect.soft(seen.clippedCells, `${path} at ${width} px cuts off table cells`).toEqual([]);
}

test("the public pages fit a phone and a laptop without sideways scrolling", async ({ page }) => {
  for (const width of WIDTHS) {
    for (const path of PUBLIC_PAGES) await expectFits(page, path, width);
  }
});

test("every signed-in page, with purchases and requests in it, fits a phone and a laptop", async ({ page, request }) => {
  test.setTimeout(240_000);
  await signUp(page, uniqueEmail("fit"));

  // A purchase with a saved card (a row in the purchase history)…
  await buyTwentyDollars(page);

  // …and requests with long model names and token counts (rows in the usage table and on the dashboard).
  const key = await createApiKeyInUi(page);
  for (let i = 0; i < 6; i++) {
    await meter(request, key, {
      feature: i % 2 ? "code_generation" : "chat",
      model: i % 3 ? "claude-sonnet-4.5" : "gpt-5-mini",
      inputTokens: 12_345 + i,
      outputTokens: 6_789,
    });
  }
  await page.goto("/dashboard");
  await expect(page.getByRole("button", { name: "Purchase credits" })).toBeVisible();

  for (const width of WIDTHS) {
    for (const path of SIGNED_IN_PAGES) await expectFits(page, path, width);
  }
});

test("the support console's promo codes, with a code in the table, fit a phone and a laptop", async ({ page }) => {
  test.setTimeout(120_000);
  await setAdmin(await signUp(page, uniqueEmail("fit-support")));
  await page.goto("/admin/promo-codes");
  const form = page.getByRole("form", { name: "New promo code" });
  await form.getByLabel("Code", { exact: true }).fill(`FIT-${Date.now().toString(36).toUpperCase()}-LONGER-NAME`.slice(0, 32));
  await form.getByLabel("Credits", { exact: true }).fill("100000");
  await form.getByLabel("Maximum uses").fill("1000000");
  await form.getByLabel(/Code can be redeemed until/).fill("2099-12-31");
  await form.getByRole("button", { name: "Create code" }).click();
  await expect(form.getByRole("status")).toContainText("Created");
  for (const width of WIDTHS) await expectFits(page, "/admin/promo-codes", width);
});
