/**
 * Issue #17 item 5: the app with real-looking Stripe test keys, as in live
 * mode. No sandbox runs; the browser loads Stripe.js from js.stripe.com,
 * which this machine cannot reach, so Playwright routes those requests to a
 * stub that records the publishable key it is given — or blocks them, and the
 * card area must then say so with "Try again" while the rest of the page works.
 * Only the browser side is checked: the server's Stripe SDK is never called here.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";

const PORT = Number(process.env.E2E_LIVE_PORT ?? 3111);
const BASE = `http://127.0.0.1:${PORT}`;
const DATA_DIR = ".data/e2e-live-keys";
const LOG = `${DATA_DIR}/server.log`;
// Real-looking, but made up: nothing here is a key of any Stripe account.
const PUBLISHABLE_KEY = "pk_test_51LiveLooking0000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
const SECRET_KEY = "sk_test_51LiveLooking0000000000000000000000000000000000000000000000000000000000000000000000000000000000000";

test.use({ baseURL: BASE });
// One server for the file: its tests run in order, in one worker.
test.describe.configure({ mode: "serial", timeout: 240_000 });

let server: ChildProcess | undefined;

test.beforeAll(async () => {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const stale = await fetch(`${BASE}/api/health`).then(() => true, () => false);
  if (stale) throw new Error(`port ${PORT} already answers: stop the server left there first`);
  const log = openSync(LOG, "a");
  // Its own process group, so that stopping it also stops the Next.js server it starts.
  server = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/serve.ts", "start"], {
    stdio: ["ignore", log, log],
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      DATA_DIR,
      EMBEDDED_PG_PORT: process.env.E2E_LIVE_PG_PORT ?? "54411",
      AUTH_SECRET: "e2e-live-keys-secret-not-used-anywhere-else-0",
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      STRIPE_WEBHOOK_SECRET: "whsec_live_looking_0000000000000000",
      // A real production start needs a mail server and a public origin; with no jobs nothing is sent.
      SMTP_URL: "smtp://127.0.0.1:9",
      APP_URL: `http://localhost:${PORT}`,
      SANDBOX_PAYMENTS: "",
      // No background jobs: they would call api.stripe.com, which is out of reach here.
      JOBS: "0",
      WELCOME_CREDITS: "0",
      SIGNUP_BURST_PER_ADDRESS: "1000",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  await expect
    .poll(
      async () => {
        if (server?.exitCode !== null) throw new Error(`the server stopped:\n${readFileSync(LOG, "utf8")}`);
        return fetch(`${BASE}/api/health`).then((r) => r.status, () => 0);
      },
      { timeout: 200_000, intervals: [1_000] },
    )
    .toBe(200);
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  process.kill(-server.pid!, "SIGTERM");
  await exited;
  // The secret key never reaches the log.
  expect(readFileSync(LOG, "utf8")).not.toContain(SECRET_KEY);
});

/** A stand-in for js.stripe.com's Stripe.js: enough for @stripe/react-stripe-js, and it keeps the keys it is given. */
const STUB = `
window.__stripeKeys = [];
window.Stripe = function (key) {
  window.__stripeKeys.push(key);
  var element = {
    mount: function (target) {
      var node = typeof target === "string" ? document.querySelector(target) : target;
      node.innerHTML = '<p data-stub-card>Stub card element</p>';
    },
    unmount: function () {}, destroy: function () {}, on: function () { return element; }, off: function () { return element; },
    once: function () { return element; }, update: function () {}, focus: function () {}, blur: function () {}, clear: function () {},
  };
  var elements = { create: function () { return element; }, getElement: function () { return element; }, update: function () {}, fetchUpdates: function () {} };
  return {
    elements: function () { return elements; },
    createToken: function () {}, createPaymentMethod: function () {}, confirmCardPayment: function () {}, handleNextAction: function () {},
    _registerWrapper: function () {},
  };
};
window.Stripe.version = "endive";
`;

/** Serves the stub for Stripe.js's URL and records every URL asked of js.stripe.com. */
async function routeStripeJs(page: Page, mode: "stub" | "block", asked: string[] = []) {
  await page.unrouteAll({ behavior: "wait" });
  await page.route("https://js.stripe.com/**", async (route) => {
    asked.push(route.request().url());
    if (mode === "block") return route.abort("internetdisconnected");
    return route.fulfill({ status: 200, contentType: "application/javascript", body: STUB });
  });
  return asked;
}

test("with real-looking keys the page loads Stripe.js from js.stripe.com and gives it the publishable key", async ({ page }) => {
  const asked = await routeStripeJs(page, "stub");
  await signUp(page, uniqueEmail("live-keys"));
  await page.getByRole("button", { name: "Purchase credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  await expect(dialog.getByText("Stub card element")).toBeVisible();
  // Live mode says nothing of test mode.
  await expect(dialog.getByText("Test mode — no real charges")).toHaveCount(0);
  expect(asked).toEqual(["https://js.stripe.com/endive/stripe.js"]);
  expect(await page.evaluate(() => (window as unknown as { __stripeKeys: string[] }).__stripeKeys)).toEqual([PUBLISHABLE_KEY]);
});

test("a blocked js.stripe.com: the card area says so with “Try again”, the rest of the page works, and “Try again” loads it", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await routeStripeJs(page, "block");
  await signUp(page, uniqueEmail("live-blocked"));
  await page.getByRole("button", { name: "Purchase credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  const trouble = dialog.getByRole("alert").filter({ hasText: "Card entry could not load" });
  await expect(trouble).toContainText("your browser could not reach our payment processor, Stripe");
  // The rest of the panel still answers: a package, its total.
  await dialog.getByText("$100", { exact: true }).click();
  await expect(dialog.getByText(/Total \$100\.00/)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // …and so does the rest of the app.
  await page.goto("/usage");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Purchase credits" }).click();
  await expect(trouble).toBeVisible();
  expect(errors).toEqual([]);

  // Back online: "Try again" really tries again.
  await routeStripeJs(page, "stub");
  await trouble.getByRole("button", { name: "Try again" }).click();
  await expect(dialog.getByText("Stub card element")).toBeVisible();
});
