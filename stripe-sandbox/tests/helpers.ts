/** Starts a sandbox on a free port with SDK clients for it, and a webhook receiver for tests. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { startStripeSandbox, type StripeSandboxOptions } from "../server";

export const APP_ORIGIN = "http://localhost:3999";

export async function startSandbox(options: Partial<StripeSandboxOptions> = {}) {
  const sandbox = await startStripeSandbox({
    secretKey: "sk_test_sandbox_secret_0123456789",
    publishableKey: "pk_test_sandbox_public_0123456789",
    webhookSecret: "whsec_sandbox_test_secret",
    appOrigin: APP_ORIGIN,
    webhookRetryBaseMs: 20,
    disputeDelayMs: 50,
    ...options,
  });
  const config = { host: "127.0.0.1", port: sandbox.port, protocol: "http" as const, maxNetworkRetries: 0 };
  return {
    sandbox,
    /** The server's client (secret key). */
    stripe: new Stripe(sandbox.secretKey, config),
    /** What the browser holds (publishable key), used to tokenize cards as Stripe.js does. */
    browser: new Stripe(sandbox.publishableKey, config),
  };
}

export function tokenize(browser: Stripe, number: string, exp = { exp_month: 12, exp_year: 2034 }) {
  return browser.paymentMethods.create({ type: "card", card: { number, cvc: number.length === 15 ? "1234" : "123", ...exp } });
}

export interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** An HTTP receiver whose answers follow `statuses` (then 200), recording every request. */
export async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/stripe/webhook`,
    received,
    events: () => received.map((r) => JSON.parse(r.body) as Stripe.Event),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until `check` passes (for things the sandbox does on a timer). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
