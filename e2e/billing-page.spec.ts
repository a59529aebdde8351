import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { cardFrame, enterCard } from "./support/card";
import { grantPromo } from "./support/grant";

const WIDTHS = [375, 768, 1024, 1280, 1600];
const SECTIONS = ["Plan", "Current Credits", "Saved cards", "Auto-refill", "Purchase history"];

/** Each section of the page by its heading, with its box on screen. */
async function sectionBoxes(page: Page) {
  const boxes = [];
  for (const name of SECTIONS) {
    const section = page.locator("section", { has: page.getByRole("heading", { name, exact: true, level: 2 }) });
    await expect(section).toHaveCount(1);
    const box = await section.boundingBox();
    expect(box, name).not.toBeNull();
    boxes.push({ name, ...box! });
  }
  return boxes;
}

test("Settings › Billing holds plan, balance, cards, one auto-refill form and history, in a grid that never overlaps", async ({ page }) => {
  test.setTimeout(300_000);
  // At zero; the panel that opened by itself was dismissed (signUp), so it stays shut in this tab.
  await signUp(page, uniqueEmail("calm"));
  await page.goto("/settings/billing");

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const boxes = await sectionBoxes(page);
    for (const [i, a] of boxes.entries()) {
      // Inside the page, nothing sideways.
      expect(a.x, `${a.name} at ${width}px`).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width, `${a.name} at ${width}px`).toBeLessThanOrEqual(width);
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.name} and ${b.name} overlap at ${width}px`).toBe(true);
      }
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `at ${width}px`).toBeLessThanOrEqual(width);
  }

  // One of everything: one Current Credits, one auto-refill control, and no card form until "Add card".
  await expect(page.getByRole("region", { name: "Current Credits" })).toHaveCount(1);
  await expect(page.getByLabel("Auto-refill", { exact: true })).toHaveCount(1);
  await expect(page.getByLabel("Credit Auto-Refill")).toHaveCount(0);
  await expect(cardFrame(page).getByLabel("Card number")).toHaveCount(0);
  await expectAccessible(page);

  // "Purchase More Credits" opens the one panel, as a dialog over the page.
  await page.getByRole("button", { name: "Purchase More Credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Credit Auto-Refill")).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Adding a card shows the page's one card form.
  const cards = page.locator("section", { has: page.getByRole("heading", { name: "Saved cards", exact: true }) });
  await cards.getByRole("button", { name: "Add card" }).click();
  await enterCard(cards, "4242 4242 4242 4242");
  await expect(cardFrame(page).getByLabel("Card number")).toHaveCount(1);
});

test("the Pro allowance and the balance on Billing follow the header after an upgrade", async ({ page }) => {
  const email = await signUp(page, uniqueEmail("calm-pro"));
  await grantPromo(email, 2025);
  await page.goto("/settings/billing");
  const cards = page.locator("section", { has: page.getByRole("heading", { name: "Saved cards", exact: true }) });
  await cards.getByRole("button", { name: "Add card" }).click();
  await enterCard(cards, "4242 4242 4242 4242");
  await cards.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByRole("list", { name: "Saved cards" })).toContainText("Visa •••• 4242", { timeout: 30_000 });

  const plan = page.locator("section", { has: page.getByRole("heading", { name: "Plan", exact: true }) });
  await plan.getByRole("button", { name: "Upgrade to Pro" }).click();
  await plan.getByRole("button", { name: "Confirm and pay $20" }).click();
  await expect(plan.getByRole("status")).toContainText("You are on Pro", { timeout: 30_000 });
  await expect(page.getByRole("banner").getByRole("link", { name: /^Current Credits/ })).toHaveAccessibleName("Current Credits: 2,525", {
    timeout: 30_000,
  });
  const balance = page.getByRole("region", { name: "Current Credits" });
  await expect(balance).toContainText("2,525 available");
  await expect(balance).toContainText(/Pro allowance: 500 left/);
});
