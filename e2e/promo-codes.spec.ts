import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { setAdmin } from "./support/admin";
import { shoot } from "./support/shots";

/**
 * Issue #23 item 4: support creates a promo code at /admin/promo-codes; a user
 * redeems it under "Have a code?" in the panel, the balance follows by itself,
 * and a second redeem says it was already redeemed.
 */
test("support creates a code, a user redeems it once in the panel", async ({ browser }) => {
  test.setTimeout(480_000);
  const code = `SPRING-${Date.now().toString(36).toUpperCase()}`;

  const support = await (await browser.newContext()).newPage();
  const adminEmail = await signUp(support, uniqueEmail("promo-support"));
  await setAdmin(adminEmail);
  await support.goto("/admin");
  await support.getByRole("navigation", { name: "Support" }).getByRole("link", { name: "Promo codes" }).click();
  await expect(support.getByRole("heading", { name: "Promo codes", level: 1 })).toBeVisible();

  const form = support.getByRole("form", { name: "New promo code" });
  // Refused input stays in the form, with the reason beside the field.
  await form.getByLabel("Code", { exact: true }).fill(code.toLowerCase());
  await form.getByLabel("Credits", { exact: true }).fill("0");
  await form.getByLabel("Maximum uses").fill("5");
  await form.getByRole("button", { name: "Create code" }).click();
  await expect(form.getByText("Enter the credits from 1 to 100,000.")).toBeVisible();
  await expect(form.getByLabel("Code", { exact: true })).toHaveValue(code.toLowerCase());
  await expect(form.getByLabel("Maximum uses")).toHaveValue("5");

  await form.getByLabel("Credits", { exact: true }).fill("250");
  await form.getByRole("button", { name: "Create code" }).click();
  await expect(form.getByRole("status")).toHaveText(`Created ${code}: 250 credits, up to 5 uses.`);
  const row = support.getByRole("region", { name: "Promo codes" }).getByRole("row").filter({ hasText: code });
  await expect(row).toContainText("0 / 5");
  await expect(row).toContainText("active");
  await expectAccessible(support);
  await shoot(support, "promo-admin");

  // A user redeems it in the panel (typed in lower case, as people do).
  const user = await (await browser.newContext()).newPage();
  await signUp(user, uniqueEmail("promo-user"));
  await user.getByRole("button", { name: "Purchase credits" }).click();
  const dialog = user.getByRole("dialog", { name: "Purchase More Credits" });
  const codeField = dialog.getByLabel("Promo code");
  await expect(codeField).toBeHidden();
  await dialog.getByRole("button", { name: "Have a code?" }).click();
  await expect(dialog.getByRole("button", { name: "Have a code?" })).toHaveAttribute("aria-expanded", "true");
  await expect(codeField).toBeFocused();

  await codeField.fill("NOT-A-CODE");
  await dialog.getByRole("button", { name: "Redeem" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("That code isn't valid. Check it and try again. No credits were added.");

  await codeField.fill(code.toLowerCase());
  await dialog.getByRole("button", { name: "Redeem" }).click();
  await expect(dialog.getByRole("status").filter({ hasText: "credits added" })).toHaveText("250 credits added");
  // The balance follows by itself (the live stream), in the panel and in the header.
  await expect(dialog.getByRole("group", { name: "Current Credits" })).toContainText("250");
  await expectAccessible(user);
  await shoot(user, "promo-panel");

  await codeField.fill(code);
  await dialog.getByRole("button", { name: "Redeem" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("You have already redeemed this code. No credits were added.");
  await expect(dialog.getByRole("group", { name: "Current Credits" })).toContainText("250");

  // The dashboard tells the code's credits from a welcome grant, with their expiry.
  await user.keyboard.press("Escape");
  await user.goto("/dashboard");
  const sources = user.getByRole("region", { name: "Current Credits" });
  await expect(sources.getByRole("definition").filter({ hasText: "expire" })).toContainText("250");
  await expect(sources.getByRole("term").filter({ hasText: "Promo credits" })).toBeVisible();

  await support.reload();
  await expect(row).toContainText("1 / 5");
  await row.getByRole("button", { name: `Disable ${code}` }).click();
  await expect(row).toContainText("disabled");
});
