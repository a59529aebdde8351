import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What every log line written while serving one request (or running one job)
 * carries: its request id or job run id, and the account or user once known.
 * Set by the wrappers around route handlers, server actions and jobs; read by
 * the logger's mixin, so code deep inside lib/ logs with it without passing it on.
 */
export interface LogContext {
  requestId?: string;
  job?: string;
  runId?: string;
  accountId?: number;
  userId?: string;
  /** The API key's id (its database row), never the key. */
  keyId?: string;
  /** The Stripe event a webhook request delivers. */
  stripeEventId?: string;
  stripeEventType?: string;
}

// One store per process even when bundling gives this module several copies
// (route handlers, server actions and instrumentation are separate bundles).
const globalForLog = globalThis as unknown as { creditsLogContext?: AsyncLocalStorage<LogContext> };
const storage = (globalForLog.creditsLogContext ??= new AsyncLocalStorage<LogContext>());

export function withLogContext<T>(context: LogContext, run: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, run);
}

/** The context of the request or job being served; empty outside one. */
export function logContext(): LogContext {
  return storage.getStore() ?? {};
}

/** Adds to the current context (e.g. the account, once the API key is checked); no-op outside one. */
export function annotateLog(fields: Omit<LogContext, "requestId" | "job" | "runId">) {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

/**
 * `fn` bound to the current context. A response stream's callbacks run when
 * Next.js reads the body, after the route handler returned and outside its
 * context; bound, what they log still carries the request id.
 */
export function bindLogContext<F extends (...args: never[]) => unknown>(fn: F): F {
  return AsyncLocalStorage.bind(fn);
}
