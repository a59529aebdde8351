import { AppError, causeOf } from "@/lib/errors";

/**
 * Errors that mean "the database cannot be reached right now" rather than "this
 * request is wrong": refused or lost connections (postgres.js codes), and
 * PostgreSQL's own shutdown, crash and start-up refusals (class 57P) and
 * connection failures (class 08). Drizzle wraps driver errors, so the whole
 * `cause` chain is searched.
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "POOL_ACQUIRE_TIMEOUT", // lib/db.ts transactionWithin: every connection stayed busy
  "57P01", // admin_shutdown: the server is stopping
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = causeOf(e)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
  }
  return false;
}

/** Seconds a client should wait before retrying: several reconnect attempts of the pool (0.2–0.4 s apart, db/client.ts). */
export const RETRY_AFTER_SECONDS = 2;

/** The one answer to "the database is down", for route handlers (503) and actions alike. */
export function serviceUnavailable(message = "The service is briefly unavailable. Please try again in a moment."): AppError {
  return new AppError("service_unavailable", message, { retryAfterSeconds: RETRY_AFTER_SECONDS });
}
