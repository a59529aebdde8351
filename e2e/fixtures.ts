import { expect, type Page } from "@playwright/test";
import { AxeBuilder } from "./support/axe";

export const PASSWORD = "correct horse 1";

export function uniqueEmail(prefix = "user") {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/**
 * A new account, signed in on /dashboard with the purchase panel closed, at zero credits.
 * The account is made by the real sign-up server action, posted as the sign-up form
 * is by a browser without JavaScript (createAccount): a sign-up page load and typing
 * fewer for every spec that is not about the form. The form itself: signUpThroughForm.
 */
export async function signUp(page: Page, email = uniqueEmail(), name = "Ada Lovelace") {
  await createAccount(page, email, name);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  // A new account has no credits, so the purchase panel opens by itself (DESIGN.md §5, Low balance).
  await closePurchasePanel(page);
  return email;
}

/** As signUp, typed into the sign-up page's form by a person, to the same end state. */
export async function signUpThroughForm(page: Page, email = uniqueEmail(), name = "Ada Lovelace") {
  await page.goto("/sign-up");
  await page.getByLabel("Name (optional)").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // Two bcrypt rounds (hash, then sign-in) and the dashboard's render: on a loaded 2-core machine, more than 20 s.
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 60_000 });
  await closePurchasePanel(page);
  return email;
}

function decodeAttribute(value: string) {
  return value.replace(/&(quot|#x27|#39|lt|gt|amp);/g, (_, e: string) => ({ quot: '"', "#x27": "'", "#39": "'", lt: "<", gt: ">", amp: "&" })[e]!);
}

/**
 * The sign-up form's hidden action fields, read from the page once per server: they name the
 * build's server action and its initial state, the same on every render (no per-request token;
 * the action needs no cookie from the page either), and rendering the page for every account
 * cost a server render per sign-up on a loaded machine.
 */
const signUpActionFields = new Map<string, Promise<[string, string][]>>();

function actionFieldsOf(page: Page, origin: string) {
  let fields = signUpActionFields.get(origin);
  if (!fields) {
    fields = (async () => {
      const signUpPage = await page.request.get(`${origin}/sign-up`);
      expect(signUpPage.status(), "GET /sign-up").toBe(200);
      const found: [string, string][] = [];
      for (const [input] of (await signUpPage.text()).matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
        const field = /name="([^"]*)"/.exec(input)?.[1];
        if (field?.startsWith("$ACTION")) found.push([decodeAttribute(field), decodeAttribute(/value="([^"]*)"/.exec(input)?.[1] ?? "")]);
      }
      expect(found.map(([field]) => field), "the sign-up form's action fields").not.toEqual([]);
      return found;
    })();
    signUpActionFields.set(origin, fields);
    fields.catch(() => signUpActionFields.delete(origin));
  }
  return fields;
}

/**
 * Creates the account through the sign-up form's real server action, posted from the page's
 * context as a browser without JavaScript posts the form (its hidden fields name the action),
 * so the session cookie it sets is the page's. Its answer is a redirect to /dashboard, which
 * the caller opens.
 */
export async function createAccount(page: Page, email = uniqueEmail(), name = "Ada Lovelace") {
  // The server this page's requests go to (a spec may set its own baseURL): the health check is the cheapest answer.
  const origin = new URL((await page.request.get("/api/health")).url()).origin;
  const form = new FormData();
  for (const [field, value] of await actionFieldsOf(page, origin)) form.append(field, value);
  form.append("callbackUrl", "/dashboard");
  form.append("name", name);
  form.append("email", email);
  form.append("password", PASSWORD);
  const res = await page.request.post("/sign-up", { headers: { Origin: origin }, multipart: form, maxRedirects: 0 });
  expect(res.status(), `sign-up of ${email}: ${res.status() === 303 ? "" : (await res.text()).slice(0, 500)}`).toBe(303);
  expect(new URL(res.headers()["location"] ?? "", origin).pathname).toBe("/dashboard");
  return email;
}

/** Closes the "Purchase More Credits" dialog that opened by itself; dismissed, it stays closed in this tab at zero. */
export async function closePurchasePanel(page: Page) {
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** No serious or critical accessibility violations, with every rule on. */
export async function expectAccessible(page: Page) {
  // A colour mid-transition (a scheme switch animates the links' `transition-colors`) is neither
  // scheme's: axe measured the blend and failed the nav links' contrast once in CI, under load.
  // Wait for every finite transition and animation to end (a spinner's never does).
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().endTime === Infinity),
  );
  // Next.js streams a dynamic page's metadata after its shell: axe once ran before the <title>
  // had arrived ("document-title"). A page that never gets one still fails here, by timing out.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}
