import { defineConfig } from "@playwright/test";
import { E2E_AUTH_SECRET, E2E_DATA_DIR, SERVER_LOG } from "./e2e/support/server";

// A production build (`next build`, run by `npm run test:e2e` before this) served
// by the same launcher as `npm start`, on its own embedded database and ports.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  // Generous: these drive a production server and a real browser on a 2-core
  // machine; speed is the benchmark's business, not the tests'.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [["list"]],
  // After all specs: the server's whole log must hold no secret (issue #12).
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL,
    // A failed test keeps its trace (actions, DOM snapshots, network, console), without the
    // screencast: recording it for every test was ~15-25% of the e2e phase's CPU (measured on
    // auth, help and hostile-text: 240-275 CPU-s with it, 205 without, 196-208 with no trace).
    trace: { mode: "retain-on-failure", screenshots: false },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // Everything the launcher and Next.js print goes to SERVER_LOG for the
    // teardown's secrets scan; stderr is also shown here, so a failed start
    // still says why.
    command: `rm -rf ${E2E_DATA_DIR} && mkdir -p ${E2E_DATA_DIR} && { tsx scripts/serve.ts start 2>&1 >&3 | tee -a ${SERVER_LOG} >&2; } 3>>${SERVER_LOG}`,
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATA_DIR: E2E_DATA_DIR,
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "54339",
      AUTH_SECRET: E2E_AUTH_SECRET,
      SANDBOX_PAYMENTS: "1",
      // The specs start every account at zero credits (the purchase panel opens by itself then).
      WELCOME_CREDITS: "0",
      // Every spec signs up its own users, all from 127.0.0.1.
      SIGNUP_BURST_PER_ADDRESS: "1000",
      // Any free port, so that a dev server's sandbox on the default port does not collide.
      STRIPE_SANDBOX_PORT: "0",
      // The mail catcher (Test inbox) on any free ports too; links in e-mails open the address the specs use.
      MAIL_CATCHER_PORT: "0",
      APP_URL: baseURL,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
