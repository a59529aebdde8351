import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";

test("subscribe to Pro with a saved card: 500 more credits, the Pro badge, then cancel and resume", async ({ page }) => {
  await signUp(page, uniqueEmail("pro"));
  await page.goto("/settings/billing");
  const plan = page.locator("section", { has: page.getByRole("heading", { name: "Plan", exact: true }) });
  await expect(plan.getByText("Free plan")).toBeVisible();
  await expect(plan.getByText("Save a card under “Saved cards” to upgrade to Pro.")).toBeVisible();

  const cards = page.locator("section", { has: page.getByRole("heading", { name: "Saved cards", exact: true }) });
  await cards.getByRole("button", { name: "Add card" }).click();
  await cards.getByLabel("Card number").fill("4242 4242 4242 4242");
  await cards.getByLabel("Expiration").fill("12 / 34");
  await cards.getByLabel("CVC").fill("123");
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

test("the pricing page shows Free and Pro", async ({ page }) => {
  await page.goto("/pricing");
  const plans = page.getByRole("region", { name: "Plans" });
  await expect(plans.getByRole("heading", { name: "Pro" })).toBeVisible();
  await expect(plans).toContainText("$20/month");
  await expect(plans).toContainText("500 credits every month");
});
