import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { enterCard } from "./support/card";

test("subscribe to Pro with a saved card: it asks first (Cancel charges nothing), then 500 more credits, the Pro badge, cancel and resume", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("pro"));
  await page.goto("/settings/billing");
  const plan = page.locator("section", { has: page.getByRole("heading", { name: "Plan", exact: true }) });
  const credits = page.getByRole("banner").getByRole("link", { name: /^Current Credits/ });
  await expect(plan.getByText("Free plan")).toBeVisible();
  // Without a saved card, the plan card points to the one card form of the page.
  await expect(plan.getByRole("link", { name: "Add a card under Saved cards" })).toHaveAttribute("href", "#saved-cards");

  const cards = page.locator("section", { has: page.getByRole("heading", { name: "Saved cards", exact: true }) });
  await cards.getByRole("button", { name: "Add card" }).click();
  await enterCard(cards, "4242 4242 4242 4242");
  await cards.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByRole("list", { name: "Saved cards" })).toContainText("Visa •••• 4242", { timeout: 30_000 });

  // "Upgrade to Pro" shows what happens and charges nothing yet.
  const upgrade = plan.getByRole("button", { name: "Upgrade to Pro" });
  await upgrade.click();
  const confirm = plan.getByRole("group", { name: "Confirm upgrade to Pro" });
  await expect(confirm).toHaveAccessibleDescription(/^\$20 today, then monthly on the \d{1,2}(st|nd|rd|th)\b.*, Visa •••• 4242\.$/);
  // Focus moves to what it says, so a screen reader reads it first.
  await expect(page.locator(":focus")).toContainText("$20 today");
  await expectAccessible(page);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(upgrade).toBeFocused();

  // Cancel changed nothing: still Free and no credits, after a reload too, and no payment in the history.
  await page.reload();
  await expect(plan.getByText("Free plan")).toBeVisible();
  await expect(credits).toHaveAccessibleName("Current Credits: 0");
  await expect(page.getByRole("banner").getByRole("link", { name: "Plan: Pro" })).toHaveCount(0);
  await expect(page.getByRole("table", { name: /Purchase history/ })).toHaveCount(0);

  await plan.getByRole("button", { name: "Upgrade to Pro" }).click();
  const summary = (await confirm.getAttribute("aria-describedby").then((id) => page.locator(`#${id}`).textContent())) ?? "";
  const day = Number(/monthly on the (\d{1,2})/.exec(summary)![1]);
  await confirm.getByRole("button", { name: "Confirm and pay $20" }).click();
  await expect(plan.getByRole("status")).toContainText("You are on Pro", { timeout: 30_000 });
  await expect(page.getByRole("banner").getByRole("link", { name: "Plan: Pro" })).toBeVisible();
  // The day it said is the day it renews on.
  await expect(plan.getByText(/Next renewal on/)).toContainText(new RegExp(`Next renewal on [A-Z][a-z]{2} ${day}, \\d{4} \\(Visa •••• 4242\\)`));
  await expect(credits).toHaveAccessibleName("Current Credits: 500", { timeout: 30_000 });
  await expectAccessible(page);

  await plan.getByRole("button", { name: "Cancel plan" }).click();
  await expect(plan.getByText(/Canceled: Pro ends on/)).toBeVisible({ timeout: 30_000 });
  await plan.getByRole("button", { name: "Resume" }).click();
  await expect(plan.getByText(/Next renewal on/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Pro allowance: 500 left, resets on/)).toBeVisible();

  await page.goto("/dashboard");
  await expect(page.getByText(/Pro allowance: 500 left, resets on/)).toBeVisible();
});

test("the confirmation names the default card, and Pro is charged to that one: a card that declines leaves you on Free", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signUp(page, uniqueEmail("pro-card"));
  await page.goto("/settings/billing");
  const plan = page.locator("section", { has: page.getByRole("heading", { name: "Plan", exact: true }) });
  const cards = page.locator("section", { has: page.getByRole("heading", { name: "Saved cards", exact: true }) });
  const saved = page.getByRole("list", { name: "Saved cards" });
  // 4000 0000 0000 0341 saves fine, and every charge to it is declined.
  await cards.getByRole("button", { name: "Add card" }).click();
  await enterCard(cards, "4000 0000 0000 0341");
  await cards.getByRole("button", { name: "Save card" }).click();
  await expect(saved).toContainText("Visa •••• 0341", { timeout: 30_000 });
  await cards.getByRole("button", { name: "Done" }).click();

  await plan.getByRole("button", { name: "Upgrade to Pro" }).click();
  const confirm = plan.getByRole("group", { name: "Confirm upgrade to Pro" });
  await expect(confirm).toHaveAccessibleDescription(/, Visa •••• 0341\.$/);
  await confirm.getByRole("button", { name: "Confirm and pay $20" }).click();
  await expect(plan.getByRole("alert")).toContainText("declined", { timeout: 30_000 });
  await expect(plan.getByText("Free plan")).toBeVisible();

  // A working card made the default: the summary follows it, and that card pays.
  await cards.getByRole("button", { name: "Add card" }).click();
  await enterCard(cards, "4242 4242 4242 4242");
  await cards.getByRole("button", { name: "Save card" }).click();
  await expect(saved).toContainText("Visa •••• 4242", { timeout: 30_000 });
  // The first card saved stays the default until another is made the default.
  await saved.getByRole("button", { name: "Make default Visa •••• 4242" }).click();
  await expect(saved.getByRole("listitem").filter({ hasText: "Visa •••• 4242" })).toContainText("Default");
  // The confirmation still open follows the new default.
  await expect(confirm).toHaveAccessibleDescription(/, Visa •••• 4242\.$/);
  await confirm.getByRole("button", { name: "Confirm and pay $20" }).click();
  await expect(plan.getByRole("status")).toContainText("You are on Pro", { timeout: 30_000 });
  await expect(plan.getByText(/Next renewal on/)).toContainText("(Visa •••• 4242)");
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
