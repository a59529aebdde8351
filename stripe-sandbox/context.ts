/** What every resource handler gets: the state, the clock, and a way to emit events. */
import type Stripe from "stripe";
import type { Params } from "./params";
import type { SandboxState } from "./state";

export interface SandboxContext {
  state: SandboxState;
  /** The sandbox's own base URL (for the authentication page). */
  baseUrl: string;
  /** Unix seconds, from the sandbox's clock (injectable, for later test clocks). */
  now(): number;
  /** Records an event of this state change and queues its webhook delivery. */
  emit(type: Stripe.Event.Type, object: object, previousAttributes?: object): void;
  /** Runs `fn` later unless the sandbox closes first (e.g. a dispute opening after a payment). */
  later(ms: number, fn: () => void): void;
  /** Milliseconds between a 0259 card's payment and its dispute. */
  disputeDelayMs: number;
  /** The same context, with events recording the API request that caused them. */
  forRequest(requestId: string, idempotencyKey: string | null): SandboxContext;
}

export interface HandlerInput {
  params: Params;
  path: Record<string, string>;
  /** Which kind of key authorised the call. */
  key: "secret" | "publishable";
  /** The request's id and idempotency key, recorded on the events it causes. */
  requestId: string;
  idempotencyKey: string | null;
}

export type Handler = (ctx: SandboxContext, input: HandlerInput) => object;

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** `/v1/payment_intents/:id/confirm`: `:name` segments become `input.path.name`. */
  path: string;
  handler: Handler;
  /** Stripe.js may call it with a publishable key from the browser. */
  publishable?: boolean;
}

export function matchRoute(routes: Route[], method: string, pathname: string) {
  const parts = pathname.split("/").filter(Boolean);
  let pathMatched = false;
  for (const route of routes) {
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const values: Record<string, string> = {};
    const ok = pattern.every((seg, i) => {
      const part = parts[i] as string;
      if (seg.startsWith(":")) {
        try {
          values[seg.slice(1)] = decodeURIComponent(part);
          return true;
        } catch {
          return false; // a malformed %-escape names no object
        }
      }
      return seg === part;
    });
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method) return { route, values };
  }
  return { route: undefined, pathMatched };
}
