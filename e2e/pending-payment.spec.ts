/**
 * Issue #20 items 3, 4 and 7 in Chromium: a purchase whose bank check was
 * abandoned waits in the purchase history as "Needs confirmation" with
 * "Complete payment" (the bank's check in the page, credited once) and
 * "Cancel" (nothing charged); a Pro payment links its receipt; on a phone
 * the history is stacked cards that do not scroll sideways.
 */
import { mkdirSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { PASSWORD, expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { AxeBuilder } from "./support/axe";
import { enterCard } from "./support/card";

const SHOTS = process.env.SHOTS_DIR;

// Purchases through the sandbox, axe runs and screenshots on a shared 2-core machine: generous, never a speed check.
test.setTimeout(300_000);

/**
 * The first sign-up and dashboard of a just-started production server, on a
 * shared machine under load, can outlast signUp's 20-second wait: one
 * throwaway account warms them first, with a wait fit for that.
 */
test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(uniqueEmail("warm-up"));
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 120_000 });
  await page.goto("/settings/billing");
  await page.close();
});

const bank = (page: Page) => page.frameLocator('iframe[title="3D Secure authentication"]');
const balance = (page: Page) => page.getByRole("banner").getByRole("link", { name: /^Current Credits/ });

/** The history's section of Settings › Billing; its table at desktop widths, its list on a phone. */
function history(page: Page) {
  return page.locator("section", { has: page.getByRole("heading", { name: "Purchase history", exact: true }) });
}

/** Buys $20 with 4000 0027 6000 3184 and walks away while the bank's check is open. */
async function abandonBankCheck(page: Page, newCard: boolean) {
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Purchase credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  await dialog.getByText("$20", { exact: true }).click();
  if (newCard) await enterCard(dialog, "4000 0027 6000 3184");
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  if (newCard) {
    await expect(bank(page).getByRole("button", { name: "Complete authentication" })).toBeVisible({ timeout: 60_000 });
  } else {
    // With a saved card the panel has no card frame, so no Stripe.js: the bank's page opens by redirect (its fallback).
    await expect(page.getByRole("button", { name: "Complete authentication" })).toBeVisible({ timeout: 60_000 });
  }
  await page.goto("/settings/billing");
}

/** Screenshots of the history for a person to look at (only when SHOTS_DIR is set): light and dark, 1280 and 375 px. */
async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [1280, 375]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await history(page).screenshot({ path: `${SHOTS}/${name}-${scheme}-${width}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * The history alone, every axe rule on: for the dark phone layout, where the
 * page-wide run also judges the embedded purchase panel's card frame (not
 * this piece; reported to the lead).
 */
async function expectHistoryAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).include("#purchase-history").analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Nothing in the history is wider than the history itself (no sideways scrolling on a phone). */
async function expectFits(section: Locator) {
  const overflow = await section.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll("*")].filter((child) => {
      const r = child.getBoundingClientRect();
      return r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5);
    }).length + (el.scrollWidth > el.clientWidth ? 1 : 0);
  });
  expect(overflow).toBe(0);
}

test("an abandoned bank check: “Complete payment” credits once, “Cancel” charges nothing; both fit a phone", async ({ page }) => {
  await signUp(page, uniqueEmail("pending"));
  await abandonBankCheck(page, true);

  const table = page.getByRole("table", { name: /Purchase history/ });
  const row = table.getByRole("row").nth(1);
  await expect(row).toContainText("Needs confirmation");
  await expect(row).toContainText("$20.00");
  await expect(row.getByRole("button", { name: /^Complete payment of \$20\.00 on / })).toBeVisible();
  await expect(row.getByRole("button", { name: /^Cancel payment of \$20\.00 on / })).toBeVisible();
  await expect(row.getByRole("link", { name: /^Receipt/ })).toHaveCount(0);
  await expect(balance(page)).toHaveAccessibleName("Current Credits: 0");
  await expectAccessible(page);

  // On a phone: a card per purchase, the status beside the amount, the same two buttons, nothing sideways.
  await page.setViewportSize({ width: 375, height: 900 });
  const cards = page.getByRole("list", { name: /Purchase history/ });
  await expect(table).toBeHidden();
  await expect(cards.getByRole("listitem").first()).toContainText("Needs confirmation");
  await expect(cards.getByRole("button", { name: /^Complete payment/ })).toBeVisible();
  await expectFits(history(page));
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectHistoryAccessible(page);
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await shoot(page, "history-needs-confirmation");

  // Complete payment: the bank's check in the page, then the row is paid and the credits arrive once.
  await row.getByRole("button", { name: /^Complete payment/ }).click();
  await bank(page).getByRole("button", { name: "Complete authentication" }).click();
  await expect(row).toContainText("Paid");
  await expect(row.getByRole("link", { name: /^Receipt for \$20\.00 on / })).toBeVisible();
  await expect(balance(page)).toHaveAccessibleName("Current Credits: 500", { timeout: 30_000 });
  await page.reload();
  await expect(balance(page)).toHaveAccessibleName("Current Credits: 500");
  await expect(table.getByRole("row")).toHaveCount(2);

  // Another one abandoned, with the card now saved: Cancel leaves the balance as it was.
  await abandonBankCheck(page, false);
  const second = table.getByRole("row").nth(1);
  await expect(second).toContainText("Needs confirmation");
  await second.getByRole("button", { name: /^Cancel payment/ }).click();
  await expect(second).toContainText("Cancelled");
  await expect(second.getByRole("button")).toHaveCount(0);
  await page.reload();
  await expect(table.getByRole("row").nth(1)).toContainText("Cancelled");
  await expect(table.getByRole("row").nth(2)).toContainText("Paid");
  await expect(balance(page)).toHaveAccessibleName("Current Credits: 500");
  await expectAccessible(page);
  await shoot(page, "history-paid-cancelled");
});

test("a Pro payment is in the history and its receipt opens with the plan, the period, the amount and the card", async ({ page }) => {
  await signUp(page, uniqueEmail("pro-receipt"));
  await page.goto("/settings/billing");
  const plan = page.locator("section", { has: page.getByRole("heading", { name: "Plan", exact: true }) });
  // Billing's one card form is Saved cards; Pro asks before it charges the saved card.
  const cards = page.locator("section", { has: page.getByRole("heading", { name: "Saved cards", exact: true }) });
  await cards.getByRole("button", { name: "Add card" }).click();
  await enterCard(cards, "4242 4242 4242 4242");
  await cards.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByRole("list", { name: "Saved cards" })).toContainText("Visa •••• 4242", { timeout: 30_000 });
  await plan.getByRole("button", { name: "Upgrade to Pro" }).click();
  await plan.getByRole("group", { name: "Confirm upgrade to Pro" }).getByRole("button", { name: "Confirm and pay $20" }).click();
  await expect(plan.getByRole("status")).toContainText("You are on Pro", { timeout: 30_000 });

  // The payment is recorded from Stripe's invoice.paid webhook: it may land just after the upgrade answers.
  const table = page.getByRole("table", { name: /Purchase history/ });
  await expect(async () => {
    await page.reload();
    await expect(table.getByRole("row").nth(1)).toContainText("Pro plan", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  const row = table.getByRole("row").nth(1);
  await expect(row).toContainText("Paid");
  await expect(row).toContainText("Visa •••• 4242");
  await expectAccessible(page);
  await shoot(page, "history-pro");

  await row.getByRole("link", { name: /^Receipt for \$20\.00 on / }).click();
  await expect(page).toHaveURL(/\/settings\/billing\/receipts\/pur_in_/);
  const receipt = page.getByRole("article", { name: "Receipt" });
  for (const fact of ["Pro plan", "Period", "$20.00", "500 credits for the period", "Visa •••• 4242", "Paid"]) {
    await expect(receipt).toContainText(fact);
  }
  await expectAccessible(page);
});
