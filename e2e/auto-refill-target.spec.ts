import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { buyTwentyDollars } from "./support/purchase";
import { refillsQueued } from "./support/refills";
import { shoot } from "./support/shots";
import { createApiKeyInUi, meter } from "./support/usage";

test("auto-refill up to a target: chosen in Settings › Billing (a too-low target is refused in the form), named in the panel, and spending below the threshold brings the balance back to the target", async ({
  page,
  request,
}) => {
  const email = uniqueEmail("refill-target");
  await signUp(page, email);

  // Buy $20 with a new card, which is saved with auto-refill on (a fixed 500 credits).
  await buyTwentyDollars(page);

  await page.goto("/settings/billing");
  const buys = page.getByRole("group", { name: "Each refill buys" });
  await expect(buys.getByRole("radio", { name: "A fixed amount" })).toBeChecked();
  await expect(page.getByLabel("Buy this many credits")).toHaveValue("500");
  await buys.getByRole("radio", { name: "Enough to refill up to a target balance" }).check();
  const target = page.getByLabel("Refill up to", { exact: true });
  await expect(page.getByLabel("Buy this many credits")).toHaveCount(0);

  // Less than one smallest refill above the threshold of 100: refused, said beside the field, the choice kept.
  await target.fill("150");
  await page.getByRole("button", { name: "Save auto-refill" }).click();
  await expect(target).toHaveAccessibleDescription(/Refill up to at least 225 credits: 125 above the threshold, the smallest refill\./);
  await expect(target).toHaveAttribute("aria-invalid", "true");
  await expect(target).toHaveValue("150");
  await expect(buys.getByRole("radio", { name: "Enough to refill up to a target balance" })).toBeChecked();
  await expectAccessible(page);
  await shoot(page, "refill-target-error");

  await target.fill("1000");
  await page.getByRole("button", { name: "Save auto-refill" }).click();
  await expect(page.getByText("Auto-refill is on.")).toBeVisible();
  await expect(target).not.toHaveAttribute("aria-invalid", "true");
  await page.reload();
  await expect(buys.getByRole("radio", { name: "Enough to refill up to a target balance" })).toBeChecked();
  await expect(target).toHaveValue("1000");
  await expectAccessible(page);
  await shoot(page, "refill-target-billing");

  // The panel's one sentence says it the same way.
  await page.getByRole("button", { name: "Purchase More Credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  await expect(dialog.getByLabel("Credit Auto-Refill")).toHaveAccessibleDescription(
    /When your balance falls below 100 credits, we charge Visa •••• 4242 for what brings your balance back up to 1,000 credits, at most \$500 a month\./,
  );
  await expectAccessible(page);
  await shoot(page, "refill-target-panel");
  await page.keyboard.press("Escape");

  // 9 large Opus generations at 48 credits each: 500 → 68, below the threshold; the refill buys 932.
  const key = await createApiKeyInUi(page, "target test");
  for (let i = 0; i < 9; i++) {
    await meter(request, key, { feature: "code_generation", model: "claude-opus-4.1", inputTokens: 200_000 });
  }
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: /Current Credits/ })).toHaveAccessibleName(/Current Credits: 1,?000$/, { timeout: 60_000 });
  expect(await refillsQueued(email)).toBe(1);
});
