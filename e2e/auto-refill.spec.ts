import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";
import { enterCard } from "./support/card";
import { refillsQueued } from "./support/refills";
import { createApiKeyInUi, meter } from "./support/usage";

test("with auto-refill on and a saved card, spending below the threshold through the API raises Current Credits by itself", async ({
  page,
  request,
}) => {
  const email = uniqueEmail("refill");
  await signUp(page, email);

  // Buy $20 with a new card; "Credit Auto-Refill" is offered checked: below 100 credits, charge for 500.
  await page.getByRole("button", { name: "Purchase credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  await dialog.getByText("$20", { exact: true }).click();
  await enterCard(dialog, "4242 4242 4242 4242");
  await expect(dialog.getByLabel("Credit Auto-Refill")).toBeChecked();
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();

  const key = await createApiKeyInUi(page, "refill test");
  await page.goto("/dashboard");
  const badge = page.getByRole("link", { name: /Current Credits/ });
  await expect(badge).toHaveAccessibleName("Current Credits: 500");

  // 9 large Opus generations at 48 credits each: 500 → 68, below the threshold.
  for (let i = 0; i < 9; i++) {
    await meter(request, key, { feature: "code_generation", model: "claude-opus-4.1", inputTokens: 200_000 });
  }
  // The server's worker charges the saved card off-session; the balance arrives by itself,
  // and the low-balance prompt stays shut meanwhile, since a refill is on its way.
  await expect(badge).toHaveAccessibleName("Current Credits: 568", { timeout: 60_000 });
  await expect(dialog).toBeHidden();
  // The control for the next test's "no refill was queued": with auto-refill on, the crossing queued exactly one.
  expect(await refillsQueued(email)).toBe(1);

  await page.goto("/settings/billing");
  await expect(page.getByText("Auto-refill").first()).toBeVisible();
});

test("the panel's Credit Auto-Refill box is the setting: unchecked saves at once, survives a reload, and no refill comes", async ({
  page,
  request,
}) => {
  const email = uniqueEmail("box");
  await signUp(page, email);

  // No saved card yet: the box goes with "Save this card", at the default refill, whatever package is bought.
  await page.getByRole("button", { name: "Purchase credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  const box = dialog.getByLabel("Credit Auto-Refill");
  await dialog.getByText("$100", { exact: true }).click();
  await expect(box).toBeChecked();
  await expect(box).toHaveAccessibleDescription(/we charge it for 500 credits \(\$20\)/);
  await expect(dialog.getByRole("link", { name: "Change amount" })).toHaveAttribute("href", "/settings/billing#auto-refill");
  await dialog.getByText("$20", { exact: true }).click();
  await enterCard(dialog, "4242 4242 4242 4242");
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();

  // Now a card is saved: the box is the setting, and names the card it charges.
  await expect(box).toBeChecked();
  await expect(box).toHaveAccessibleDescription(/we charge Visa •••• 4242 for 500 credits \(\$20\)/);
  await box.uncheck();
  await expect(dialog.getByRole("status").filter({ hasText: "Auto-refill is off — you only buy credits when you choose to." })).toBeVisible();

  await page.reload();
  await page.getByRole("button", { name: "Purchase credits" }).click();
  await expect(dialog.getByLabel("Credit Auto-Refill")).not.toBeChecked();
  await page.keyboard.press("Escape");

  // Settings › Billing shows the same setting, in its form and in the panel its button opens.
  await page.goto("/settings/billing");
  await expect(page.getByLabel("Auto-refill", { exact: true })).not.toBeChecked();
  await expect(page.getByLabel("Credit Auto-Refill")).toHaveCount(0);
  await page.getByRole("button", { name: "Purchase More Credits" }).click();
  await expect(dialog.getByLabel("Credit Auto-Refill")).not.toBeChecked();
  await page.keyboard.press("Escape");

  // Spending through the API takes the balance from 500 to 20, well below the refill threshold of 100.
  const key = await createApiKeyInUi(page, "box test");
  for (let i = 0; i < 10; i++) {
    await meter(request, key, { feature: "code_generation", model: "claude-opus-4.1", inputTokens: 200_000 });
  }
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: /Current Credits/ })).toHaveAccessibleName("Current Credits: 20");
  // No refill was queued (with it on, the crossing debit queues one in its own transaction), so none is charged;
  // on page load the panel stays shut (it opens by itself at zero only).
  expect(await refillsQueued(email)).toBe(0);
  await page.goto("/settings/billing");
  await expect(page.getByText("Auto-refill").first()).toBeVisible();
  await expect(page.getByLabel("Auto-refill", { exact: true })).not.toBeChecked();
});

test("3184 off-session: auto-refill pauses with its reason; “Confirm payment” runs the bank's check in the page (“Fail” charges nothing, “Complete” credits once)", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail("refill-3ds"));
  // Bought on-session with 4000 0027 6000 3184: the bank's check in the page, the card saved, auto-refill on.
  await page.getByRole("button", { name: "Purchase credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  await enterCard(dialog, "4000 0027 6000 3184");
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  const bank = page.frameLocator('iframe[title="3D Secure authentication"]');
  await bank.getByRole("button", { name: "Complete authentication" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();

  const key = await createApiKeyInUi(page, "refill 3ds");
  for (let i = 0; i < 9; i++) {
    await meter(request, key, { feature: "code_generation", model: "claude-opus-4.1", inputTokens: 200_000 });
  }
  // The worker's off-session charge needs authentication: auto-refill pauses and says why.
  const notice = page.getByRole("region", { name: "Auto-refill is paused" });
  await expect(async () => {
    await page.goto("/dashboard");
    await expect(notice).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(notice).toContainText("Your bank asks you to confirm this payment.");
  const badge = page.getByRole("link", { name: /Current Credits/ });
  await expect(badge).toHaveAccessibleName("Current Credits: 68");
  const url = page.url();

  await notice.getByRole("button", { name: "Confirm payment" }).click();
  await bank.getByRole("button", { name: "Fail authentication" }).click();
  await expect(notice.getByRole("alert")).toContainText("Your bank couldn't confirm this payment. Nothing was charged.");
  await expect(notice).not.toContainText("payment_method_data");
  await expect(badge).toHaveAccessibleName("Current Credits: 68");

  await notice.getByRole("button", { name: "Confirm payment" }).click();
  await bank.getByRole("button", { name: "Complete authentication" }).click();
  await expect(notice.getByRole("status")).toHaveText("Payment confirmed: your credits are on their way.");
  await expect(badge).toHaveAccessibleName("Current Credits: 568", { timeout: 30_000 });
  expect(page.url()).toBe(url);
});
