import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";
import { enterCard, rapidClicks } from "./support/card";

// Issue #17: double-clicking "Purchase Credits" must buy once, whether the card
// is typed in that moment or saved. Several tries each, as the race is timing-bound.
// The second press lands at different moments of the first one's work (tokenizing, paying, settling).
const GAPS_MS = [0, 40, 120, 250];

function panel(page: Page) {
  return page.getByRole("dialog", { name: "Purchase More Credits" });
}

/** The dashboard's panel: it opens by itself at zero credits, else from its button. */
async function openPanel(page: Page) {
  await page.goto("/dashboard");
  await expect(page.getByRole("banner").getByRole("link", { name: /^Current Credits/ })).toBeVisible();
  if (!(await panel(page).isVisible())) await page.getByRole("button", { name: "Purchase credits" }).click();
  await expect(panel(page)).toBeVisible();
  return panel(page);
}

async function purchasesAndBalance(page: Page) {
  await page.goto("/settings/billing");
  const rows = page.getByRole("table", { name: /Purchase history/ }).getByRole("row");
  const badge = page.getByRole("banner").getByRole("link", { name: /^Current Credits/ });
  return { rows, badge };
}

test("a double click on “Purchase Credits” with a new card buys once, every time", async ({ page }) => {
  test.setTimeout(300_000);
  await signUp(page, uniqueEmail("dblnew"));
  for (let i = 1; i <= GAPS_MS.length; i++) {
    const dialog = await openPanel(page);
    await dialog.getByRole("radio", { name: "Add new card" }).check();
    await enterCard(dialog, "4242 4242 4242 4242");
    await rapidClicks(page, dialog.getByRole("button", { name: "Purchase Credits" }), GAPS_MS[i - 1]);
    await expect(dialog.getByText("500 credits added")).toBeVisible();
    // A second charge, if any, lands within moments; give it time before counting.
    await page.waitForTimeout(1500);
    const { rows, badge } = await purchasesAndBalance(page);
    await expect(badge).toHaveAccessibleName(`Current Credits: ${(500 * i).toLocaleString("en-US")}`);
    await expect(rows).toHaveCount(1 + i);
  }
});

test("a double click on “Purchase Credits” with a saved card buys once, every time", async ({ page }) => {
  test.setTimeout(300_000);
  await signUp(page, uniqueEmail("dblsaved"));
  const first = await openPanel(page);
  await enterCard(first, "4242 4242 4242 4242");
  await first.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(first.getByText("500 credits added")).toBeVisible();
  for (let i = 2; i <= GAPS_MS.length + 1; i++) {
    const dialog = await openPanel(page);
    await expect(dialog.getByRole("radio", { name: "Visa •••• 4242" })).toBeChecked();
    await rapidClicks(page, dialog.getByRole("button", { name: "Purchase Credits" }), GAPS_MS[i - 2]);
    await expect(dialog.getByText("500 credits added")).toBeVisible();
    await page.waitForTimeout(1500);
    const { rows, badge } = await purchasesAndBalance(page);
    await expect(badge).toHaveAccessibleName(`Current Credits: ${(500 * i).toLocaleString("en-US")}`);
    await expect(rows).toHaveCount(1 + i);
  }
});

test("the rest of a double click landing just as a new card's purchase is done buys nothing more, while another card is saved", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail("dblafter"));
  const first = await openPanel(page);
  await enterCard(first, "4242 4242 4242 4242");
  await first.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(first.getByText("500 credits added")).toBeVisible();

  const dialog = await openPanel(page);
  await dialog.getByRole("radio", { name: "Add new card" }).check();
  await enterCard(dialog, "4242 4242 4242 4242");
  // On an idle machine a purchase takes less than a double click's interval, so its second press lands the
  // moment the first is done, when the panel has gone back to the saved (default) card. Timing that from
  // here would depend on the machine's load: the page presses it itself, as soon as the success shows.
  await page.evaluate(() => {
    const observer = new MutationObserver(() => {
      const dialog = document.querySelector('[role="dialog"]');
      if (!dialog?.textContent?.includes("credits added")) return;
      observer.disconnect();
      dialog.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
      document.body.dataset.secondPress = "done";
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-second-press", "done");
  // A second charge, if any, lands within moments; give it time before counting.
  await page.waitForTimeout(1500);
  const { rows, badge } = await purchasesAndBalance(page);
  await expect(badge).toHaveAccessibleName("Current Credits: 1,000");
  await expect(rows).toHaveCount(1 + 2);
});
