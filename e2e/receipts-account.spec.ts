/**
 * Issue #19 items 7 and 9 in Chromium: a purchase's receipt opened from the
 * history (and as it prints), the notification switches, and deleting an
 * account, which ends another browser's session too.
 */
import { expect, test } from "@playwright/test";
import { PASSWORD, expectAccessible, signIn, signUp, uniqueEmail } from "./fixtures";
import { buyTwentyDollars } from "./support/purchase";
import { shoot } from "./support/shots";

const SHOTS = process.env.SHOTS_DIR;

// A purchase, two axe runs and eight screenshots on a shared 2-core machine: generous, never a speed check.
test.setTimeout(300_000);

test("a purchase's receipt opens from the history, with its figures, and prints as the receipt alone", async ({ page }) => {
  const email = uniqueEmail("receipt");
  await signUp(page, email);
  await buyTwentyDollars(page);

  await page.goto("/settings/billing");
  const history = page.getByRole("table", { name: /Purchase history/ });
  await history.getByRole("link", { name: /^Receipt for \$20\.00 on / }).click();
  await expect(page).toHaveURL(/\/settings\/billing\/receipts\/pur_/);

  const receipt = page.getByRole("article", { name: "Receipt" });
  await expect(receipt.getByRole("heading", { name: "Receipt" })).toBeVisible();
  for (const fact of ["$20.00", "500 credits", "Visa •••• 4242", "Paid", "Credit package", email]) {
    await expect(receipt).toContainText(fact);
  }
  await expect(receipt).toContainText(/pur_[0-9a-f]{32}/);
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
  await shoot(page, "receipt");

  // In print: the receipt, without the header, the settings navigation or the Print button.
  await page.emulateMedia({ media: "print", colorScheme: "light" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Settings" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("region", { name: "Verify your e-mail" })).toBeHidden();
  await expect(receipt).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/receipt-print.png`, fullPage: true });
  await page.emulateMedia({ media: "screen" });

  // Another account's receipt (any id that is not theirs) is not found.
  await page.goto("/settings/billing/receipts/pur_00000000000000000000000000000000");
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
});

test("deleting the account needs the phrase, then ends this and every other session and the password", async ({ page, browser }) => {
  const email = uniqueEmail("leaving");
  await signUp(page, email);
  // A second browser, signed in too.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto("/sign-in");
  await signIn(otherPage, email);
  await expect(otherPage).toHaveURL(/\/dashboard/);

  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await page.getByLabel("Disputed payments").uncheck();
  await page.getByRole("button", { name: "Save notifications" }).click();
  await expect(page.getByText("Saved. Receipts and security e-mails are always sent.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Disputed payments")).not.toBeChecked();
  await expect(page.getByLabel("Auto-refill problems")).toBeChecked();
  await expect(page.getByLabel("Low balance", { exact: true })).toBeChecked();

  const confirm = page.getByLabel("To confirm, type “delete my account”");
  await expectAccessible(page);
  await shoot(page, "settings-account");

  await confirm.fill("delete my acount");
  await page.getByRole("button", { name: "Delete account" }).click();
  await expect(page.getByText("Type “delete my account” to confirm.")).toBeVisible();
  await expect(page).toHaveURL(/\/settings$/);

  await confirm.fill("delete my account");
  await page.getByRole("button", { name: "Delete account" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The other browser's next request is refused; the password opens nothing.
  await otherPage.goto("/dashboard");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await signIn(otherPage, email, PASSWORD);
  await expect(otherPage.getByRole("alert").filter({ hasText: "The e-mail or password is not right." })).toBeVisible();
  await other.close();
});
