import { expect, test } from "@playwright/test";
import { expectAccessible, PASSWORD, signIn, signOut, signUp, signUpThroughForm, uniqueEmail } from "./fixtures";

test("sign up, reach the dashboard, sign out and sign in again", async ({ page }) => {
  const email = await signUpThroughForm(page);
  await expect(page.getByRole("heading", { name: "Welcome, Ada Lovelace" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expectAccessible(page);

  await signOut(page);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Ada Lovelace" })).toBeVisible();
});

test("a wrong password and an unknown e-mail get the same message", async ({ page }) => {
  const email = await signUp(page);
  await signOut(page);

  await signIn(page, email, "wrong password 1");
  const error = page.getByRole("alert").filter({ hasText: "The e-mail or password is not right." });
  await expect(error).toBeVisible();
  // The e-mail stays in the field after the failed attempt.
  await expect(page.getByLabel("Email")).toHaveValue(email);

  await page.goto("/sign-in");
  await signIn(page, uniqueEmail("nobody"));
  await expect(error).toBeVisible();
  await expectAccessible(page);
});

test("a signed-out visit to a dashboard page signs in and comes back", async ({ page }) => {
  const email = await signUp(page);
  await signOut(page);

  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  // In the page's main content (the "Verify your e-mail" banner above it names the address too).
  await expect(page.getByRole("main").getByText(email)).toBeVisible();
});

test("signing out sticks: an answer to a request sent before it (a prefetch in flight) does not bring the session back", async ({ page, context }) => {
  await signUp(page);
  const session = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session).toBeDefined();
  const stale = { Cookie: `${session!.name}=${session!.value}` };
  const setsSession = (headers: { name: string; value: string }[]) =>
    headers.some((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(`${session!.name}=`));

  // What the router fetches (RSC, prefetches): as Chromium sends them, a fetch, not a navigation.
  const routerFetch = { ...stale, RSC: "1", "Next-Router-Prefetch": "1", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty" };

  // A page load renews the session (its expiry rolls); the router's fetches do not.
  const load = await page.goto("/help");
  expect(setsSession(await load!.headersArray())).toBe(true);
  expect(setsSession((await page.request.get("/help", { headers: routerFetch })).headersArray())).toBe(false);

  await signOut(page);
  // The prefetch that was in flight when the user signed out, answered now, with the old cookie.
  const late = await page.request.get("/settings", { headers: routerFetch });
  expect(setsSession(late.headersArray())).toBe(false);
  expect((await context.cookies()).some((c) => c.name === session!.name)).toBe(false);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
});

test("the password rules are shown before submitting and checked on the server", async ({ page }) => {
  await page.goto("/sign-up");
  const rules = page.getByRole("list", { name: "Password rules" });
  await expect(rules.getByRole("listitem")).toHaveText([
    /At least 10 characters \(not met yet\)/,
    /A letter \(not met yet\)/,
    /A number or symbol \(not met yet\)/,
  ]);
  await page.getByLabel("Password", { exact: true }).fill("short1");
  await expect(rules.getByRole("listitem")).toHaveText([/not met yet/, /\(met\)/, /\(met\)/]);
  await expectAccessible(page);

  // The server refuses it too, and keeps what was typed in the other fields.
  const email = uniqueEmail();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters, with a letter and a number or symbol.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page).toHaveURL(/\/sign-up/);

  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("an e-mail that is taken is refused with a way forward", async ({ page, browser }) => {
  const email = await signUp(page);
  const other = await browser.newPage();
  await other.goto("/sign-up");
  await other.getByLabel("Email").fill(email.toUpperCase());
  await other.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByText("An account with this e-mail already exists. Sign in instead.")).toBeVisible();
  await other.close();
});
