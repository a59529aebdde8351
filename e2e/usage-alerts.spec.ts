import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { grantPromo } from "./support/grant";
import { shoot } from "./support/shots";
import { createApiKeyInUi, meter } from "./support/usage";

const agentRequest = { feature: "agent_request", model: "claude-sonnet-4.5" }; // 1 credit

test("a usage alert added in Settings › Billing fires once as a notice when spending crosses it", async ({ page, request }) => {
  test.setTimeout(180_000);
  const email = await signUp(page, uniqueEmail("alerts"));
  const key = await createApiKeyInUi(page, "usage alerts");
  await grantPromo(email, 503);

  await page.goto("/settings/billing#usage-alerts");
  const section = page.locator("#usage-alerts");
  await expect(section.getByText("No alerts. You’re told when credits run low.")).toBeVisible();
  await shoot(page, "usage-alerts-empty");

  // A bad value is refused with the reason beside the field, and what was typed stays.
  const credits = section.getByLabel("Credits");
  await credits.fill("five hundred");
  await section.getByRole("button", { name: "Add alert" }).click();
  await expect(section.getByText("Enter a whole number of credits.")).toBeVisible();
  await expect(credits).toHaveValue("five hundred");
  await expect(credits).toHaveAttribute("aria-invalid", "true");
  await shoot(page, "usage-alerts-error");

  await section.getByLabel("Alert me when").selectOption({ label: "My balance falls below" });
  await credits.fill("500");
  await section.getByRole("button", { name: "Add alert" }).click();
  await expect(section.getByText("Added: Balance below 500 credits.")).toBeVisible();
  const list = section.getByRole("list", { name: "Your usage alerts" });
  await expect(list.getByText("Balance below 500 credits", { exact: true })).toBeVisible();
  await expect(list.getByText("Armed", { exact: true })).toBeVisible();
  await expectAccessible(page);

  for (let i = 0; i < 4; i++) await meter(request, key, agentRequest); // 499: below 500

  // The job pass runs every few seconds: the notice appears on a later page load (a reload: a goto
  // to the same URL with a #fragment would not load the page again).
  const notice = page.getByRole("region", { name: "Your balance is below 500 credits" });
  await expect(async () => {
    await page.reload();
    await expect(notice).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [3_000] });
  await expect(notice).toContainText("Your credit balance is 499 credits, below the 500 credits of your usage alert.");
  await expect(list.getByText("Told. Armed again when your balance is back at 500 credits.")).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "usage-alerts-fired");

  // Spending further is the same crossing: still one notice.
  await meter(request, key, agentRequest);
  await notice.getByRole("button", { name: /Dismiss/ }).click();
  await expect(notice).toBeHidden();
  await page.reload();
  await expect(notice).toBeHidden();

  await list.getByRole("button", { name: "Remove alert: Balance below 500 credits" }).click();
  await expect(section.getByText("No alerts. You’re told when credits run low.")).toBeVisible();
});
