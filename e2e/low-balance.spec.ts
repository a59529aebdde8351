import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";
import { grantPromo } from "./support/grant";
import { createApiKeyInUi, meter } from "./support/usage";

const agentRequest = { feature: "agent_request", model: "claude-sonnet-4.5" }; // 1 credit

test("spending across the low-balance threshold, and to zero, opens the panel by itself", async ({ page: first, context, request }) => {
  const email = await signUp(first, uniqueEmail("low"));
  const key = await createApiKeyInUi(first, "low balance");
  await grantPromo(email, 52);
  // A fresh tab: the first one dismissed the panel at zero right after sign-up.
  const page = await context.newPage();
  await page.goto("/dashboard");
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  const badge = page.getByRole("banner").getByRole("link", { name: /^Current Credits/ });
  await expect(badge).toHaveAccessibleName("Current Credits: 52");
  await expect(badge).toHaveAttribute("data-live", "connected");
  // Above the threshold (50 with auto-refill off) on load: nothing opens.
  await expect(dialog).toBeHidden();

  await meter(request, key, agentRequest);
  await meter(request, key, agentRequest); // 50: still at the threshold
  await expect(dialog).toBeHidden();
  await meter(request, key, agentRequest); // 49: below it
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Your credits are running low.")).toBeVisible();
  await expect(dialog.getByRole("group", { name: "Current Credits" })).toContainText("49");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Down to zero: it opens again, saying features are paused.
  for (let i = 0; i < 49; i++) await meter(request, key, agentRequest);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("You are out of credits")).toBeVisible();
  await expect(dialog.getByRole("group", { name: "Current Credits" })).toContainText("0");
});

test("a dismissal ends when credits arrive: after a top-up, the next run low opens the panel again", async ({ page: first, context, request }) => {
  const email = await signUp(first, uniqueEmail("low-topup"));
  const key = await createApiKeyInUi(first, "low balance top-up");
  await grantPromo(email, 51);
  const page = await context.newPage();
  await page.goto("/dashboard");
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  const badge = page.getByRole("banner").getByRole("link", { name: /^Current Credits/ });
  await expect(badge).toHaveAttribute("data-live", "connected");

  await meter(request, key, agentRequest);
  await meter(request, key, agentRequest); // 49: below the threshold of 50
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape"); // dismissed at 49
  await expect(dialog).toBeHidden();

  // Support credits the account back well above the threshold (not a purchase in this tab).
  await grantPromo(email, 100);
  await expect(badge).toHaveAccessibleName("Current Credits: 149");
  for (let i = 0; i < 99; i++) await meter(request, key, agentRequest); // 50: at the threshold
  // Once the tab has seen 50 (not before, or "hidden" would prove nothing), the panel is still shut.
  await expect(badge).toHaveAccessibleName("Current Credits: 50");
  await expect(dialog).toBeHidden();
  await meter(request, key, agentRequest); // 49 again: a new episode, so it opens again
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Your credits are running low.")).toBeVisible();
});
