import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { enterCard } from "./support/card";

test("subscribe to Pro with a saved card: 500 more credits, the Pro badge, then cancel and resume", async ({ page }) => {
  await signUp(page, uniqueEmail("pro"));
  await page.goto("/settings/billing");
  const plan = page.locator("section", { has: page.getByRole("heading", { name: "Plan", exact: true }) });
  await expect(plan.getByText("Free plan")).toBeVisible();
  // Without a saved card, the plan card takes one inline.
  await expect(plan.getByText("Enter a card to upgrade.")).toBeVisible();

  const cards = page.locator("section", { has: page.getByRole("heading", { name: "Saved cards", exact: true }) });
  await cards.getByRole("button", { name: "Add card" }).click();
  await enterCard(cards, "4242 4242 4242 4242");
  await cards.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByRole("list", { name: "Saved cards" })).toContainText("Visa •••• 4242", { timeout: 30_000 });

  await plan.getByRole("button", { name: "Upgrade to Pro" }).click();
  await expect(plan.getByRole("status")).toContainText("You are on Pro", { timeout: 30_000 });
  await expect(page.getByRole("banner").getByRole("link", { name: "Plan: Pro" })).toBeVisible();
  await expect(plan.getByText(/Next renewal on/)).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: /^Current Credits/ })).toHaveAccessibleName(
    "Current Credits: 500",
    { timeout: 30_000 },
  );
  await expectAccessible(page);

  await plan.getByRole("button", { name: "Cancel plan" }).click();
  await expect(plan.getByText(/Canceled: Pro ends on/)).toBeVisible({ timeout: 30_000 });
  await plan.getByRole("button", { name: "Resume" }).click();
  await expect(plan.getByText(/Next renewal on/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Pro allowance: 500 left, resets on/)).toBeVisible();

  await page.goto("/dashboard");
  await expect(page.getByText(/Pro allowance: 500 left, resets on/)).toBeVisible();
});

test("upgrade to Pro with a new card typed in the plan card: saved for renewals, Pro at once", async ({ page }) => {
  await signUp(page, uniqueEmail("pro-inline"));
  await page.goto("/settings/billing");
  const plan = page.locator("section", { has: page.getByRole("heading", { name: "Plan", exact: true }) });
  await enterCard(plan, "4000 0000 0000 0002");
  await plan.getByRole("button", { name: "Upgrade to Pro" }).click();
  await expect(plan.getByRole("alert")).toContainText("declined");
  await expect(plan.getByText("Free plan")).toBeVisible();

  await enterCard(plan, "4242 4242 4242 4242");
  await plan.getByRole("button", { name: "Upgrade to Pro" }).click();
  await expect(plan.getByRole("status")).toContainText("You are on Pro", { timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Saved cards" })).toContainText("Visa •••• 4242");
  await expect(page.getByRole("banner").getByRole("link", { name: /^Current Credits/ })).toHaveAccessibleName(
    "Current Credits: 500",
    { timeout: 30_000 },
  );
});

test("the pricing page shows Free and Pro", async ({ page }) => {
  await page.goto("/pricing");
  const plans = page.getByRole("region", { name: "Plans" });
  await expect(plans.getByRole("heading", { name: "Pro" })).toBeVisible();
  await expect(plans).toContainText("$20/month");
  await expect(plans).toContainText("500 credits every month");
});
