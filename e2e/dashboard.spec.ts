import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { grantPromo } from "./support/grant";
import { createApiKeyInUi, meter } from "./support/usage";

test("a new account sees a zero balance and how usage appears", async ({ page }) => {
  await signUp(page);
  const balance = page.getByRole("region", { name: "Current Credits" });
  await expect(balance).toContainText("0 available");
  await expect(balance).toContainText("You have no credits available");
  await expect(page.getByRole("heading", { name: "No usage in the last 30 days" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent requests" })).toContainText("No requests yet.");
  await expectAccessible(page);
});

test("balance by source, the usage chart with its table, the forecast and the newest requests", async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = await signUp(page, uniqueEmail("dash"));
  const key = await createApiKeyInUi(page);
  await grantPromo(email, 500);
  const ids: string[] = [];
  // 3 chats on GPT-5 mini (1 each) and 3 code generations on Claude Sonnet 4.5 (2 each): 9 credits.
  for (let i = 0; i < 6; i++) {
    ids.push(await meter(request, key, i % 2 ? { feature: "code_generation", model: "claude-sonnet-4.5" } : { feature: "chat", model: "gpt-5-mini" }));
  }

  await page.goto("/dashboard");
  const balance = page.getByRole("region", { name: "Current Credits" });
  await expect(balance).toContainText("491");
  await expect(balance).toContainText("491 available · 0 held");
  // The sign-up (promo) grant is named as people know it.
  await expect(balance.getByRole("term").nth(3)).toHaveText("Welcome credits");
  await expect(balance.getByRole("definition").nth(3)).toHaveText("491");
  await expect(balance).toContainText("None of your credits expire.");
  // 9 credits in 7 days: 9/7 a day, so 491 last 381 days.
  await expect(balance).toContainText("your credits last more than a year");

  const chart = page.getByRole("region", { name: "Usage, last 30 days" });
  await expect(chart).toContainText("9 credits used in the last 30 days (Code generation 6, Chat 3)");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  // The figures are a table for screen readers at all times, and on screen on request.
  const table = chart.getByRole("table", { name: "Credits used per day, by feature" });
  await expect(table.getByRole("row")).toHaveCount(31);
  await chart.getByRole("button", { name: "Show as table" }).click();
  await expect(table).toBeVisible();
  await expect(table.getByRole("row").last()).toContainText(/6\s*3\s*9/);
  await expectAccessible(page);
  await chart.getByRole("button", { name: "Show as chart" }).click();

  const recent = page.getByRole("list", { name: "Five most recent requests" });
  await expect(recent.getByRole("listitem")).toHaveCount(5);
  await expect(recent.getByRole("listitem").first().locator("code")).toHaveText(ids[5]!);
  await page.getByRole("link", { name: "View the request log" }).click();
  await expect(page).toHaveURL(/\/usage$/);
  await expect(page.getByRole("table", { name: /Requests/ }).locator("tbody tr")).toHaveCount(6);
});
