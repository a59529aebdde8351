import { expect, test } from "@playwright/test";
import { expectAccessible, signUp } from "./fixtures";
import { grantPromo } from "./support/grant";
import { shoot } from "./support/shots";
import { meter } from "./support/usage";

const chat = { feature: "chat", model: "claude-sonnet-4.5" };

test("a key with a monthly limit is refused past it while the account has credits, and the table shows it", async ({
  page,
  request,
}) => {
  const email = await signUp(page);
  await page.goto("/settings/api-keys");

  // A limit that is not a whole number is refused by the server, with the form kept.
  await page.getByLabel("Key name").fill("Batch jobs");
  await page.getByLabel("Monthly limit (optional)").fill("2.5");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Enter a whole number of credits, or leave it empty for no limit.")).toBeVisible();
  await expect(page.getByLabel("Key name")).toHaveValue("Batch jobs");

  await page.getByLabel("Monthly limit (optional)").fill("3");
  await page.getByRole("button", { name: "Create key" }).click();
  const panel = page.getByRole("region", { name: /Your new key/ });
  await expect(panel).toBeVisible();
  const key = await panel.getByLabel("New API key").inputValue();
  await panel.getByRole("button", { name: "Done" }).click();
  await grantPromo(email, 100);

  // Three chat requests of 1 credit each spend the limit; the fourth is refused though 97 credits are left.
  for (let i = 0; i < 3; i++) await meter(request, key, chat);
  const refused = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}`, "idempotency-key": crypto.randomUUID() },
    data: chat,
  });
  expect(refused.status()).toBe(402);
  const body = await refused.json();
  expect(body.error.code).toBe("key_limit_reached");
  expect(body.error.message).toMatch(/monthly limit is spent.*resets on/);
  const balance = await request.get("/api/v1/balance", { headers: { authorization: `Bearer ${key}` } });
  expect((await balance.json()).available).toBe(97);

  await page.reload();
  const row = page.getByRole("list", { name: "API keys" }).getByRole("listitem").filter({ hasText: "Batch jobs" });
  await expect(row).toContainText("3 / 3 credits this month");
  const bar = row.getByRole("progressbar", { name: "Batch jobs: credits used of its monthly limit" });
  await expect(bar).toHaveAttribute("aria-valuenow", "3");
  await expect(bar).toHaveAttribute("aria-valuemax", "3");
  await expectAccessible(page);
  await shoot(page, "key-limits-reached");

  // Raised in the table, the same key spends again.
  await row.getByRole("button", { name: "Change the limit for Batch jobs" }).click();
  const limitField = row.getByLabel("Monthly limit in credits");
  await expect(limitField).toBeFocused();
  await expect(limitField).toHaveValue("3");
  await limitField.fill("10,000");
  await expectAccessible(page);
  await shoot(page, "key-limits-editing");
  await row.getByRole("button", { name: "Save limit" }).click();
  await expect(row).toContainText("3 / 10,000 credits this month");
  await meter(request, key, chat);
  await page.reload();
  await expect(row).toContainText("4 / 10,000 credits this month");

  // Cleared, the key has no limit of its own.
  await row.getByRole("button", { name: "Change the limit for Batch jobs" }).click();
  await row.getByLabel("Monthly limit in credits").fill("");
  await row.getByRole("button", { name: "Save limit" }).click();
  await expect(row).toContainText("No limit");
  await expect(row.getByRole("progressbar")).toHaveCount(0);
  await expectAccessible(page);
});
