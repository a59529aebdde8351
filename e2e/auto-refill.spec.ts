import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";
import { enterCard } from "./support/card";
import { createApiKeyInUi, meter } from "./support/usage";

test("with auto-refill on and a saved card, spending below the threshold through the API raises Current Credits by itself", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail("refill"));

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

  await page.goto("/settings/billing");
  await expect(page.getByText("Auto-refill").first()).toBeVisible();
});
