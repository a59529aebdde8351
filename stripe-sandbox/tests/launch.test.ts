/** Starting the sandbox for the app: refused in production unless allowed, keys kept, a clear error for a taken port. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { launchSandboxForApp, SandboxLaunchError } from "../launch";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "sandbox-launch-"));
  dirs.push(d);
  return d;
};

describe("launchSandboxForApp", () => {
  it("refuses under production unless SANDBOX_PAYMENTS=1", async () => {
    const attempt = launchSandboxForApp({ dataDir: tempDir(), appPort: 3000, production: true, allowInProduction: false, port: 0 });
    await expect(attempt).rejects.toBeInstanceOf(SandboxLaunchError);
    await expect(attempt).rejects.toThrow(/SANDBOX_PAYMENTS=1/);
    const allowed = await launchSandboxForApp({ dataDir: tempDir(), appPort: 3000, production: true, allowInProduction: true, port: 0 });
    await allowed.sandbox.close();
  });

  it("gives the app working keys, kept across restarts with the state", async () => {
    const dataDir = tempDir();
    const first = await launchSandboxForApp({ dataDir, appPort: 3000, production: false, allowInProduction: false, port: 0 });
    expect(first.env.STRIPE_SECRET_KEY).toMatch(/^sk_test_/);
    expect(first.env.STRIPE_PUBLISHABLE_KEY).toMatch(/^pk_test_/);
    expect(first.env.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_/);
    const url = new URL(first.env.STRIPE_SANDBOX_URL ?? "");
    const stripe = new Stripe(first.env.STRIPE_SECRET_KEY ?? "", { host: url.hostname, port: Number(url.port), protocol: "http" });
    const customer = await stripe.customers.create({ email: "dev@example.com" });
    await first.sandbox.close();

    const second = await launchSandboxForApp({ dataDir, appPort: 3000, production: false, allowInProduction: false, port: 0 });
    try {
      expect(second.env.STRIPE_SECRET_KEY).toBe(first.env.STRIPE_SECRET_KEY);
      expect(second.env.STRIPE_WEBHOOK_SECRET).toBe(first.env.STRIPE_WEBHOOK_SECRET);
      const again = new URL(second.env.STRIPE_SANDBOX_URL ?? "");
      const client = new Stripe(second.env.STRIPE_SECRET_KEY ?? "", { host: again.hostname, port: Number(again.port), protocol: "http" });
      expect(((await client.customers.retrieve(customer.id)) as Stripe.Customer).email).toBe("dev@example.com");
    } finally {
      await second.sandbox.close();
    }
  });

  it("explains a taken port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await expect(
        launchSandboxForApp({ dataDir: tempDir(), appPort: 3000, production: false, allowInProduction: false, port }),
      ).rejects.toThrow(/STRIPE_SANDBOX_PORT/);
    } finally {
      blocker.close();
    }
  });
});
