/**
 * `npm run dev` on bad configuration: one line saying what is wrong and what
 * to do, a non-zero exit, no stack trace.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/db/embedded";

function serve(env: Record<string, string>, mode: "dev" | "start" = "dev") {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", mode], {
      env: { ...process.env, DATABASE_URL: "", ...env },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

function expectOneLineError(result: { code: number | null; output: string }, pattern: RegExp) {
  expect(result.code).not.toBe(0);
  const lines = result.output.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.output).not.toMatch(/\n\s+at /);
}

describe("start-up errors", () => {
  let blocker: net.Server;
  let takenPort: number;
  const dataDir = path.join(os.tmpdir(), `credits-startup-${process.pid}`);

  beforeAll(async () => {
    takenPort = await freePort();
    blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(takenPort, "0.0.0.0", r));
  });
  afterAll(() => {
    blocker.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("an unreachable DATABASE_URL", async () => {
    const port = await freePort();
    const result = await serve({ DATABASE_URL: `postgres://u:p@127.0.0.1:${port}/x`, PORT: String(await freePort()) });
    expectOneLineError(result, /^credits: cannot reach the database at 127\.0\.0\.1:\d+ .*unset DATABASE_URL/);
  });

  it("a malformed DATABASE_URL", async () => {
    const result = await serve({ DATABASE_URL: "mysql://nope", PORT: String(await freePort()) });
    expectOneLineError(result, /^credits: invalid configuration: .*DATABASE_URL/);
  });

  it("a welcome grant below the low-balance threshold (a new user would be warned only at zero)", async () => {
    const result = await serve({ WELCOME_CREDITS: "25", PORT: String(await freePort()) });
    expectOneLineError(result, /^credits: invalid configuration: WELCOME_CREDITS: must be 0 or at least 50 \(the low-balance threshold\)/);
  });

  it("the app's port in use", async () => {
    const result = await serve({ PORT: String(takenPort) });
    expectOneLineError(result, new RegExp(`^credits: port ${takenPort} is already in use.*set PORT`));
  });

  it("the embedded database's port in use", async () => {
    const result = await serve({ EMBEDDED_PG_PORT: String(takenPort), PORT: String(await freePort()), DATA_DIR: dataDir });
    expectOneLineError(result, new RegExp(`Port ${takenPort} for the embedded PostgreSQL is already in use.*EMBEDDED_PG_PORT`));
  });

  it("the Stripe sandbox's port in use", async () => {
    // The test's own database (tests/support/fresh-database.ts), so the start gets as far as the sandbox.
    const result = await serve({
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      STRIPE_SECRET_KEY: "",
      STRIPE_SANDBOX_PORT: String(takenPort),
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
    });
    expectOneLineError(result, new RegExp(`^credits: Port ${takenPort} for the Stripe sandbox is already in use.*STRIPE_SANDBOX_PORT`));
  });

  it("a production start without SMTP_URL, and one without APP_URL", async () => {
    // The test's own database, so the start gets as far as the e-mail settings.
    const production = {
      NODE_ENV: "production",
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      AUTH_SECRET: "startup-test-secret-not-used-elsewhere-0000",
      SANDBOX_PAYMENTS: "",
      SMTP_URL: "",
      APP_URL: "",
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
    };
    expectOneLineError(await serve(production, "start"), /^credits: SMTP_URL is required in production/);
    expectOneLineError(
      await serve({ ...production, SMTP_URL: "smtp://127.0.0.1:2525" }, "start"),
      /^credits: APP_URL is required in production/,
    );
  });

  it("the mail catcher's port in use", async () => {
    const result = await serve({
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      STRIPE_SECRET_KEY: "sk_test_not_used",
      SMTP_URL: "",
      MAIL_CATCHER_PORT: String(takenPort),
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
    });
    expectOneLineError(result, new RegExp(`^credits: port ${takenPort} for the mail catcher's SMTP port is already in use.*MAIL_CATCHER_PORT`));
  });

  it("a data folder locked by another running PostgreSQL", async () => {
    mkdirSync(path.join(dataDir, "pg"), { recursive: true });
    // A live process id (this test's) in the lock file, as a running server leaves it.
    writeFileSync(path.join(dataDir, "pg", "postmaster.pid"), `${process.pid}\n${dataDir}\n`);
    const result = await serve({ PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), DATA_DIR: dataDir });
    expectOneLineError(result, /is in use by another PostgreSQL .*set DATA_DIR/);
  });
});
