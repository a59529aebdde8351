import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { cardFrame, enterCard } from "./support/card";

const VISA = "4242 4242 4242 4242";
const DECLINED = "4000 0000 0000 0002";

function panel(page: Page) {
  return page.getByRole("dialog", { name: "Purchase More Credits" });
}

function currentCredits(scope: Locator) {
  return scope.getByRole("group", { name: "Current Credits" });
}

async function openPanel(page: Page) {
  await page.getByRole("button", { name: "Purchase credits" }).click();
  await expect(panel(page)).toBeVisible();
  return panel(page);
}

test("the five help-text steps: a package, a custom amount, a saved card reused, auto-refill unchecked", async ({ page }) => {
  await signUp(page, uniqueEmail("buy"));

  // 1. Open the panel from the dashboard.
  const dialog = await openPanel(page);
  await expect(dialog.getByText("Test mode — no real charges").first()).toBeVisible();
  await expect(currentCredits(dialog)).toContainText("0");

  // 2. Select the $20 package.
  const twenty = dialog.getByRole("radio", { name: /\$20.*500 pro agent requests/ });
  await dialog.getByText("$20", { exact: true }).click();
  await expect(twenty).toBeChecked();
  await expect(dialog.getByRole("radio", { name: /\$100.*2,500 pro agent requests/ })).not.toBeChecked();

  // 3. Add a new card (no card is saved yet), kept for later.
  await expect(dialog.getByRole("radio", { name: "Add new card" })).toBeChecked();
  await enterCard(dialog, VISA);
  await expect(dialog.getByLabel("Save this card")).toBeChecked();
  // Never chosen before: auto-refill is offered checked.
  await expect(dialog.getByLabel("Credit Auto-Refill")).toBeChecked();
  await expect(dialog.getByText("when your balance falls below 100 credits, we charge it for 500 credits ($20)")).toBeVisible();

  // 4. Purchase: Current Credits rises by 500 without a reload.
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();
  await expect(currentCredits(dialog)).toContainText("500");

  // A custom amount: 1,000 credits cost $40.00, with the saved card, not typed again.
  await dialog.getByLabel("Credit Amount").fill("1000");
  await expect(dialog.getByText("= $40.00")).toBeVisible();
  await expect(twenty).not.toBeChecked();
  await expect(dialog.getByRole("radio", { name: "Visa •••• 4242" })).toBeChecked();
  await expect(dialog.locator('iframe[title="Secure card payment input frame"]')).toHaveCount(0);

  // 5. Uncheck "Credit Auto-Refill": with a saved card it is the setting, saved at once.
  await dialog.getByLabel("Credit Auto-Refill").uncheck();
  await expect(dialog.getByText("Auto-refill is off — you only buy credits when you choose to.")).toBeVisible();
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("1,000 credits added")).toBeVisible();
  await expect(currentCredits(dialog)).toContainText("1,500");

  // The choice survives a reload.
  await page.reload();
  const again = await openPanel(page);
  await expect(again.getByLabel("Credit Auto-Refill")).not.toBeChecked();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("banner").getByRole("link", { name: /^Current Credits/ })).toHaveAccessibleName(
    "Current Credits: 1,500",
  );

  // Settings › Billing lists both purchases and the saved card, and turned auto-refill off.
  await page.goto("/settings/billing");
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Billing" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByText("Free plan")).toBeVisible();
  const history = page.getByRole("table", { name: /Purchase history/ });
  await expect(history.getByRole("row")).toHaveCount(3);
  await expect(history.getByRole("row").nth(1)).toContainText("1,000 credits");
  await expect(history.getByRole("row").nth(1)).toContainText("$40.00");
  await expect(history.getByRole("row").nth(1)).toContainText("Visa •••• 4242");
  await expect(history.getByRole("row").nth(1)).toContainText("Paid");
  await expect(history.getByRole("row").nth(2)).toContainText("$20.00");
  await expect(page.getByRole("list", { name: "Saved cards" })).toContainText("Visa •••• 4242");
  await expect(page.getByLabel("Auto-refill", { exact: true })).not.toBeChecked();
  await expectAccessible(page);
});

test("a declined card shows the error, the balance stays, and another card recovers", async ({ page }) => {
  await signUp(page, uniqueEmail("declined"));
  const dialog = await openPanel(page);
  const alert = dialog.getByRole("alert");
  for (const [number, message] of [
    [DECLINED, "Your card was declined. Nothing was charged."],
    ["4000 0000 0000 9995", "Your card doesn't have enough funds. Nothing was charged."],
    ["4000 0000 0000 0069", "Your card has expired. Nothing was charged."],
  ] as const) {
    await enterCard(dialog, number);
    await dialog.getByRole("button", { name: "Purchase Credits" }).click();
    await expect(alert).toContainText(message);
    await expect(alert).toContainText("Pick another card");
    // In view, right above the card fields, with focus on it; the typed card stays to be corrected.
    await expect(alert).toBeFocused();
    await expect(alert).toBeInViewport();
    const alertBox = (await alert.boundingBox())!;
    const fieldsBox = (await dialog.locator('iframe[title="Secure card payment input frame"]').boundingBox())!;
    expect(alertBox.y).toBeLessThan(fieldsBox.y);
    await expect(currentCredits(dialog)).toContainText("0");
  }

  // A card incomplete in the frame: Stripe's inline message, nothing charged.
  await cardFrame(dialog).getByLabel("CVC").fill("1");
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(alert).toContainText("Your card's security code is incomplete.");
  await expect(alert).toBeFocused();
  await expect(cardFrame(dialog).getByText("Your card's security code is incomplete.")).toBeVisible();

  // The way out: another card, in the same place.
  await enterCard(dialog, VISA);
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();
  await expect(currentCredits(dialog)).toContainText("500");
});

test("a different purchase pressed right after one succeeds is bought, not taken for the rest of a double click", async ({ page }) => {
  await signUp(page, uniqueEmail("again"));
  const dialog = await openPanel(page);
  await enterCard(dialog, VISA);
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();
  // At once (well within the moment in which a second press of the same purchase is ignored): another amount.
  await dialog.getByLabel("Credit Amount").fill("125");
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("125 credits added")).toBeVisible();
  await expect(currentCredits(dialog)).toContainText("625");
});

test("a custom amount is checked as it is typed", async ({ page }) => {
  await signUp(page, uniqueEmail("custom"));
  const dialog = await openPanel(page);
  const amount = dialog.getByLabel("Credit Amount");
  await amount.fill("12");
  await expect(dialog.getByText("Buy at least 125 credits.")).toBeVisible();
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await amount.fill("250001");
  await expect(dialog.getByText("Buy at most 250,000 credits at once.")).toBeVisible();
  await amount.fill("125");
  await expect(dialog.getByText("= $5.00")).toBeVisible();
  await expect(amount).not.toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
});

test("a purchase in one tab updates the balance in another", async ({ page, context }) => {
  await signUp(page, uniqueEmail("tabs"));
  const other = await context.newPage();
  await other.goto("/dashboard");
  // At zero the other tab offers the panel by itself; it follows the balance live.
  const otherDialog = panel(other);
  await expect(currentCredits(otherDialog)).toContainText("0");

  // Bought from Settings › Billing, whose button opens the same dialog.
  await page.goto("/settings/billing");
  await page.getByRole("button", { name: "Purchase More Credits" }).click();
  const dialog = panel(page);
  await enterCard(dialog, VISA);
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();

  await expect(currentCredits(otherDialog)).toContainText("500");
  await other.keyboard.press("Escape");
  await expect(other.getByRole("banner").getByRole("link", { name: /^Current Credits/ })).toHaveAccessibleName(
    "Current Credits: 500",
  );
});

test("a purchase by keyboard alone, with focus kept in the dialog", async ({ page }) => {
  await signUp(page, uniqueEmail("keys"));
  const opener = page.getByRole("button", { name: "Purchase credits" });
  await opener.focus();
  await page.keyboard.press("Enter");
  const dialog = panel(page);
  await expect(dialog).toBeVisible();
  await expectAccessible(page);

  // Focus starts on the chosen package; arrows change it.
  await expect(dialog.getByRole("radio", { name: /\$20/ })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(dialog.getByRole("radio", { name: /\$100.*2,500 pro agent requests/ })).toBeChecked();

  await page.keyboard.press("Tab"); // Credit Amount
  await expect(dialog.getByLabel("Credit Amount")).toBeFocused();
  await page.keyboard.press("Tab"); // Add new card
  await page.keyboard.press("Tab"); // Card number, inside the card frame
  await expect(cardFrame(dialog).getByLabel("Card number")).toBeFocused();
  await page.keyboard.type("4242424242424242");
  await page.keyboard.press("Tab");
  await page.keyboard.type("1234");
  await page.keyboard.press("Tab");
  await page.keyboard.type("123");
  await page.keyboard.press("Enter"); // Enter in a card field presses "Purchase Credits": one step
  await expect(dialog.getByText("2,500 credits added")).toBeVisible();
  await expect(currentCredits(dialog)).toContainText("2,500");

  // Tabbing never leaves the dialog.
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test("the panel opens from the account menu, and a new card cannot turn auto-refill on unless it is saved", async ({ page }) => {
  await signUp(page, uniqueEmail("menu"));
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Purchase credits" }).click();
  const dialog = panel(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Save this card").uncheck();
  await expect(dialog.getByLabel("Credit Auto-Refill")).toBeDisabled();
  await expect(dialog.getByText("keep “Save this card” checked")).toBeVisible();
  await dialog.getByLabel("Save this card").check();
  await expect(dialog.getByLabel("Credit Auto-Refill")).toBeEnabled();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("3-D Secure in the page: “Fail” charges nothing, “Complete” buys, and the browser never leaves the app", async ({ page }) => {
  await signUp(page, uniqueEmail("3ds"));
  const dialog = await openPanel(page);
  const url = page.url();
  await enterCard(dialog, "4000 0025 0000 3155");
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  const bank = page.frameLocator('iframe[title="3D Secure authentication"]');
  await bank.getByRole("button", { name: "Fail authentication" }).click();
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("Your bank couldn't confirm this payment. Nothing was charged.");
  await expect(alert).not.toContainText("payment_method_data");
  await expect(alert).toBeFocused();
  await expect(currentCredits(dialog)).toContainText("0");

  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await bank.getByRole("button", { name: "Complete authentication" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();
  await expect(currentCredits(dialog)).toContainText("500");
  expect(page.url()).toBe(url);
});
