import { expect, test } from "@playwright/test";
import { expectAccessible, signUp } from "./fixtures";

test("create an API key, see it once, copy it, then revoke it", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await signUp(page);
  await page.goto("/settings");
  const settingsNav = page.getByRole("navigation", { name: "Settings" });
  await expect(settingsNav.getByRole("link", { name: "Account" })).toHaveAttribute("aria-current", "page");
  await settingsNav.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await expect(settingsNav.getByRole("link", { name: "API keys" })).toHaveAttribute("aria-current", "page");

  // The empty state says what keys are for and how to send one.
  await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
  await expect(page.getByText('-H "Authorization: Bearer $KEY"')).toBeVisible();
  await expectAccessible(page);

  // A name is required; the server says so.
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Give the key a name.")).toBeVisible();

  await page.getByLabel("Key name").fill("CI pipeline");
  await page.getByRole("button", { name: "Create key" }).click();
  const panel = page.getByRole("region", { name: /Your new key/ });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText("won’t be shown again");
  const keyField = panel.getByLabel("New API key");
  const key = await keyField.inputValue();
  expect(key).toMatch(/^cr_[A-Za-z0-9_-]{43}$/);
  await expectAccessible(page);

  await panel.getByRole("button", { name: "Copy" }).click();
  await expect(panel.getByRole("button", { name: "Copied" })).toBeVisible();
  await expect(panel.getByText("Copied to the clipboard.")).toBeAttached();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  const keys = page.getByRole("list", { name: "API keys" });
  const row = keys.getByRole("listitem").filter({ hasText: "CI pipeline" });
  await expect(row).toContainText(`${key.slice(0, 11)}…`);
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Last used Never");

  // Reloaded, the key is gone for good; only its prefix is listed.
  await page.reload();
  await expect(page.getByRole("region", { name: /Your new key/ })).toHaveCount(0);
  await expect(page.getByText(key)).toHaveCount(0);
  expect(await page.content()).not.toContain(key.slice(11));
  await expect(row).toContainText(`${key.slice(0, 11)}…`);

  // Revoking asks first; cancelling changes nothing.
  await row.getByRole("button", { name: "Revoke CI pipeline" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke “CI pipeline”?" });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Active");

  await row.getByRole("button", { name: "Revoke CI pipeline" }).click();
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);

  await page.reload();
  await expect(row).toContainText("Revoked");
  await expect(page.getByText("0 of 20 active keys", { exact: false })).toBeVisible();
  await expectAccessible(page);
});
