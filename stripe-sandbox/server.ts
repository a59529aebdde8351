/**
 * A small, stateful, Stripe-API-compatible HTTP server for development and
 * tests: the official `stripe` SDK talks to it through its `host`, `port` and
 * `protocol: "http"` options, so the app runs the same code as against Stripe.
 * Loopback only; it refuses browser requests from any origin but the app's.
 * See README.md beside this file for what it covers.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleApi } from "./api";
import { handleAuthenticationPage } from "./auth-page";
import { cardFramePage } from "./card-frame";
import { stripeJsScript } from "./stripe-js";
import type { SandboxContext } from "./context";
import { BodyTooLarge, readBody, sendHtml, sendJson, sendScript } from "./http";
import { newId } from "./ids";
import { IdempotencyStore } from "./idempotency";
import { openDispute } from "./resources/disputes";
import { buildEvent } from "./resources/events";
import { SandboxState } from "./state";
import { WebhookDispatcher, type DeliveryAttempt } from "./webhooks";

export interface StripeSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: "127.0.0.1" | "localhost";
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** Where events are POSTed, e.g. http://localhost:3000/api/stripe/webhook. */
  webhookUrl?: string;
  /** The app's origin(s), allowed to call the sandbox from the browser (CORS). */
  appOrigin?: string | string[];
  /** A JSON file that keeps the state across restarts. */
  stateFile?: string;
  /** First retry delay of a failed webhook delivery; doubles on each attempt. */
  webhookRetryBaseMs?: number;
  /** Attempts per event, the first included. */
  webhookMaxAttempts?: number;
  disputeDelayMs?: number;
  /** Milliseconds since the epoch; injectable so later test clocks can move time. */
  clock?: () => number;
}

export interface StripeSandbox {
  url: string;
  port: number;
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** Every delivery attempt so far (for tests and diagnostics). */
  readonly webhookAttempts: readonly DeliveryAttempt[];
  setWebhookUrl(url: string | undefined): void;
  /** Resolves once no webhook is queued, in flight or waiting for a retry. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function startStripeSandbox(options: StripeSandboxOptions): Promise<StripeSandbox> {
  for (const [name, value, prefix] of [
    ["secretKey", options.secretKey, "sk_test_"],
    ["publishableKey", options.publishableKey, "pk_test_"],
    ["webhookSecret", options.webhookSecret, "whsec_"],
  ] as const) {
    if (!value?.startsWith(prefix)) throw new Error(`stripe sandbox: ${name} must start with ${prefix}`);
  }
  const clock = options.clock ?? Date.now;
  const state = new SandboxState(options.stateFile);
  const idempotency = new IdempotencyStore(clock);
  const timers = new Set<NodeJS.Timeout>();
  const dispatcher = new WebhookDispatcher({
    url: options.webhookUrl,
    secret: options.webhookSecret,
    retryBaseMs: options.webhookRetryBaseMs ?? 1000,
    maxAttempts: options.webhookMaxAttempts ?? 5,
    timeoutMs: 10_000,
    onDelivered: (id) => {
      const event = state.data.events[id];
      if (event) event.pending_webhooks = 0;
    },
  });
  let baseUrl = "";
  const appOrigins = options.appOrigin === undefined ? [] : [options.appOrigin].flat();
  const allowedOrigins = new Set<string>(appOrigins.map((o) => new URL(o).origin));

  const makeContext = (request: { id: string | null; idempotency_key: string | null }): SandboxContext => ({
    state,
    baseUrl,
    disputeDelayMs: options.disputeDelayMs ?? 2000,
    now: () => Math.floor(clock() / 1000),
    emit(type, object, previousAttributes) {
      const pendingWebhooks = dispatcher.url ? 1 : 0;
      const event = buildEvent({ type, object, previousAttributes, created: this.now(), pendingWebhooks, request });
      state.data.events[event.id] = event;
      dispatcher.enqueue(event.id, JSON.stringify(event, null, 2));
    },
    later(ms, fn) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
    forRequest: (id, idempotencyKey) => makeContext({ id, idempotency_key: idempotencyKey }),
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = newId("req");
    res.setHeader("Request-Id", requestId);
    const url = new URL(req.url ?? "/", baseUrl);
    const origin = req.headers.origin;
    // Simple (non-preflighted) requests still reach the server, so a foreign origin is refused outright.
    if (origin !== undefined) {
      if (!allowedOrigins.has(origin)) {
        return sendJson(res, 403, { error: { type: "invalid_request_error", message: `Origin ${origin} is not allowed to call the Stripe sandbox.` } });
      }
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Expose-Headers", "Request-Id, Idempotent-Replayed");
    }
    if (req.method === "OPTIONS") {
      res.writeHead(origin ? 204 : 400, {
        "Access-Control-Allow-Methods": "GET, POST, DELETE",
        "Access-Control-Allow-Headers": "Authorization, Content-Type, Idempotency-Key, Stripe-Version",
        "Access-Control-Max-Age": "600",
      });
      return res.end();
    }
    const ctx = makeContext({ id: requestId, idempotency_key: null });
    // Stripe.js, at the paths js.stripe.com serves it from (v3, or a release train such as /endive/stripe.js).
    if (req.method === "GET" && /^\/(v3\/?|[a-z]+\/stripe\.js)$/.test(url.pathname)) return sendScript(res, stripeJsScript(baseUrl));
    if (req.method === "GET" && url.pathname === "/elements/card") return serveCardFrame(res, url);
    if (url.pathname.startsWith("/sandbox/authenticate/")) return handleAuthenticationPage(ctx, req, res, url, (o) => allowedOrigins.has(o));
    if (url.pathname === "/") return sendJson(res, 200, { object: "sandbox", livemode: false, message: "Stripe sandbox: test mode, no real charges." });
    if (!url.pathname.startsWith("/v1/")) return sendJson(res, 404, { error: { type: "invalid_request_error", message: "Not found" } });
    const body = req.method === "POST" ? await readBody(req) : "";
    return handleApi(ctx, options, idempotency, req, res, url, body, requestId);
  }

  /** The card Element's frame, for a page of the app only (the frame talks to that origin alone). */
  function serveCardFrame(res: ServerResponse, url: URL) {
    const q = url.searchParams;
    const parent = q.get("parent") ?? "";
    const channel = q.get("channel") ?? "";
    if (!allowedOrigins.has(parent) || !/^[\w-]{1,64}$/.test(channel) || q.get("key") !== options.publishableKey) {
      return sendHtml(res, 403, "<!doctype html><title>Not allowed</title><p>This card frame can only be shown by the app, with its publishable key.</p>");
    }
    const nonce = randomBytes(16).toString("base64");
    const html = cardFramePage(baseUrl, { channel, parent, key: options.publishableKey, options: q.get("options") ?? "{}" }, nonce);
    return sendHtml(res, 200, html, { scriptNonce: nonce, connect: true, frameAncestors: parent });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof BodyTooLarge) return sendJson(res, 413, { error: { type: "invalid_request_error", message: "Request body too large." } });
      console.error("stripe sandbox: request failed", error);
      sendJson(res, 500, { error: { type: "api_error", message: "An unexpected error occurred in the Stripe sandbox." } });
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  // The sandbox's own pages post to themselves; browsers may call loopback by either name.
  for (const name of ["127.0.0.1", "localhost"]) allowedOrigins.add(`http://${name}:${port}`);
  reschedulePendingDisputes(makeContext({ id: null, idempotency_key: null }));

  return {
    url: baseUrl,
    port,
    secretKey: options.secretKey,
    publishableKey: options.publishableKey,
    webhookSecret: options.webhookSecret,
    get webhookAttempts() {
      return dispatcher.attempts;
    },
    setWebhookUrl: (url) => dispatcher.setUrl(url),
    webhooksIdle: () => dispatcher.idle(),
    close: async () => {
      dispatcher.close();
      for (const t of timers) clearTimeout(t);
      state.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A restart must not lose a dispute that was due to open on a 0259 card's charge. */
function reschedulePendingDisputes(ctx: SandboxContext) {
  for (const charge of Object.values(ctx.state.data.charges)) {
    const pm = typeof charge.payment_method === "string" ? charge.payment_method : "";
    if (charge.status === "succeeded" && !charge.disputed && ctx.state.data.cards[pm]?.behaviour === "disputed") {
      ctx.later(ctx.disputeDelayMs, () => openDispute(ctx, charge.id));
    }
  }
}
