/**
 * The payments harness: a real Stripe sandbox on a free port, the app's
 * configuration pointed at it, and a receiver that hands its webhooks to the
 * app's own route handler. Modules that read configuration are imported after
 * the environment is set, hence the dynamic imports.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startStripeSandbox, type StripeSandbox } from "@/stripe-sandbox";

/** Tokenizes a card with the publishable key, as the browser's card form does. */
export async function tokenizeCard(sandbox: Pick<StripeSandbox, "url" | "publishableKey">, number: string): Promise<string> {
  const body = new URLSearchParams({
    type: "card",
    "card[number]": number,
    "card[exp_month]": "12",
    "card[exp_year]": String(new Date().getFullYear() + 3),
    "card[cvc]": "123",
    key: sandbox.publishableKey,
  });
  const res = await fetch(`${sandbox.url}/v1/payment_methods`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const json = (await res.json()) as { id?: string; error?: { message: string } };
  if (!json.id) throw new Error(`tokenize failed: ${json.error?.message}`);
  return json.id;
}

/** `clock`: the sandbox's time in milliseconds (e.g. to let Stripe's 24-hour idempotency window pass). */
export async function startPaymentsHarness(options: { clock?: () => number } = {}) {
  let deliver: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await deliver(new Request("http://localhost/api/stripe/webhook", { method: "POST", headers, body: Buffer.concat(chunks) }));
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;

  const token = Math.random().toString(36).slice(2);
  const sandbox = await startStripeSandbox({
    port: 0,
    secretKey: `sk_test_${token}`,
    publishableKey: `pk_test_${token}`,
    webhookSecret: `whsec_${token}`,
    webhookUrl,
    webhookRetryBaseMs: 20,
    disputeDelayMs: 50,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: sandbox.secretKey,
    STRIPE_PUBLISHABLE_KEY: sandbox.publishableKey,
    STRIPE_WEBHOOK_SECRET: sandbox.webhookSecret,
    STRIPE_SANDBOX_URL: sandbox.url,
  });
  const route = await import("@/app/api/stripe/webhook/route");
  deliver = route.POST;

  return {
    sandbox,
    tokenize: (number: string) => tokenizeCard(sandbox, number),
    /** Holds the sandbox's webhooks back while `run` goes, then lets them through again. */
    async withoutWebhooks<T>(run: () => Promise<T>): Promise<T> {
      sandbox.setWebhookUrl(undefined);
      try {
        return await run();
      } finally {
        sandbox.setWebhookUrl(webhookUrl);
      }
    },
    webhookRoute: route,
    async close() {
      await sandbox.close();
      await new Promise((r) => receiver.close(r));
    },
  };
}
