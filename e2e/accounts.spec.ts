/**
 * Issue #19 items 2–5 in Chromium against the production build, whose launcher runs the mail
 * catcher (no SMTP_URL): the "Test inbox" link, the verification banner and link, the whole
 * "Forgot password?" path read from the Test inbox (which ends the other browser's session),
 * and "Sign out of all devices" ending another browser context's session on its next request.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible, PASSWORD, signIn, signUp, signUpThroughForm, uniqueEmail } from "./fixtures";

// Several pages, two browsers and mail sent by the jobs, on a shared 2-core machine.
test.describe.configure({ timeout: 300_000 });

/** Opens the Test inbox from the link the page shows, and the newest message to `email` with this subject. */
async function openMail(page: Page, email: string, subject: string): Promise<void> {
  const inbox = page.getByRole("link", { name: "Test inbox" }).first();
  const href = await inbox.getAttribute("href");
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  // The jobs send queued mail every 2 s: reload the inbox until it is there.
  await expect(async () => {
    await page.goto(href!);
    await expect(page.getByRole("row").filter({ hasText: email }).getByRole("link", { name: subject }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await page.getByRole("row").filter({ hasText: email }).getByRole("link", { name: subject }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
}

async function signedInElsewhere(browser: Browser, email: string): Promise<Page> {
  const other = await (await browser.newContext()).newPage();
  await other.goto("/sign-in");
  await signIn(other, email);
  await expect(other).toHaveURL(/\/dashboard/);
  return other;
}

test("sign-up shows Verify your e-mail; the link from the Test inbox verifies the address once", async ({ page }) => {
  const email = await signUpThroughForm(page, uniqueEmail("verify"));
  const banner = page.getByRole("region", { name: "Verify your e-mail" });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(email);
  await expectAccessible(page);

  await banner.getByRole("button", { name: "Resend" }).click();
  await expect(banner.getByRole("status")).toContainText("We sent a new link");

  await openMail(page, email, "Verify your e-mail for Credits");
  await expectAccessible(page);
  await page.getByRole("link", { name: /\/verify-email\?token=/ }).click();
  await expect(page.getByRole("heading", { name: "Verify your e-mail" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Verify my e-mail" }).click();
  await expect(page.getByRole("status")).toContainText("Your e-mail address is verified.");

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Welcome, Ada Lovelace" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Verify your e-mail" })).toHaveCount(0);
});

test("Forgot password? from sign-in to a new password, read from the Test inbox; the other browser is signed out", async ({ page, browser }) => {
  const email = await signUp(page, uniqueEmail("forgot"));
  const other = await signedInElsewhere(browser, email);
  await page.context().clearCookies();

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await expectAccessible(page);

  // The same answer for an address without an account…
  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByRole("button", { name: "Send reset link" }).click();
  const answer = page.getByRole("status").filter({ hasText: "If an account uses this address" });
  await expect(answer).toBeVisible();
  const nobodyAnswer = await answer.innerText();
  // …and for the account's.
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(answer).toBeVisible();
  expect(await answer.innerText()).toBe(nobodyAnswer);

  await openMail(page, email, "Reset your Credits password");
  await expectAccessible(page);
  const link = page.getByRole("link", { name: /\/reset-password\?token=/ });
  const resetUrl = await link.getAttribute("href");
  await link.click();
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectAccessible(page);

  // The sign-up rules apply.
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Use at least 10 characters, with a letter and a number or symbol.")).toBeVisible();

  const newPassword = "a new password 42";
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByRole("heading", { name: "Welcome, Ada Lovelace" })).toBeVisible();

  // The link works once.
  await page.goto(resetUrl!);
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();

  // The browser signed in before the reset is signed out on its next request.
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/sign-in/);
  // The old password no longer works; the new one does.
  await signIn(other, email, PASSWORD);
  await expect(other.getByRole("alert").filter({ hasText: "The e-mail or password is not right." })).toBeVisible();
  // After a wrong password the e-mail's sign-in pauses for 3 s (lib/auth/sign-in-throttle.ts), less than a person takes to retype.
  await other.waitForTimeout(3_500);
  await signIn(other, email, newPassword);
  await expect(other).toHaveURL(/\/dashboard/);
  await other.context().close();
});

test("Sign out of all devices ends this session and another browser's on its next request", async ({ page, browser }) => {
  const email = await signUp(page, uniqueEmail("everywhere"));
  const other = await signedInElsewhere(browser, email);

  await page.goto("/settings");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out of all devices" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=all/);
  await expect(page.getByText("You are signed out on every device.")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);

  await other.goto("/settings");
  await expect(other).toHaveURL(/\/sign-in/);
  // Signing in again works and starts a fresh session.
  await signIn(other, email);
  await expect(other).toHaveURL(/\/settings|\/dashboard/);
  await other.context().close();
});

test("Change password keeps this browser signed in and ends the other browser's session", async ({ page, browser }) => {
  const email = await signUp(page, uniqueEmail("change-password"));
  const other = await signedInElsewhere(browser, email);

  await page.goto("/settings");
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Password", exact: true }) });
  await card.getByLabel("Current password").fill(PASSWORD);
  await card.getByLabel("New password").fill("another password 7");
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/settings\?password=changed$/);
  await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();

  await page.reload();
  await expect(page).toHaveURL(/\/settings\?password=changed$/);
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/sign-in/);
  await other.context().close();
});
