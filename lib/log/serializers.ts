import { causeOf } from "@/lib/errors";
import { scrubText } from "./redact";

/**
 * Errors are logged by an allow-list, not pino's default serializer, which
 * copies every enumerable property: a postgres.js error carries the query's
 * `parameters`, a Stripe error its `raw` response (with headers and, for a
 * PaymentIntent, its client_secret), a fetch error the request. None of that
 * belongs in a log, so only names, codes, the message and the stack are kept,
 * with secret-shaped text scrubbed, and causes followed a few levels.
 * Drizzle puts the bound values into the message itself ("Failed query: …
 * params: …": e-mails, password hashes, free text), so that part is cut.
 */
const ERROR_FIELDS = ["code", "type", "decline_code", "statusCode", "status", "severity", "routine", "errno", "syscall"] as const;
const MAX_CAUSES = 3;

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
  [field: string]: unknown;
}

/** Cuts Drizzle's "params: …" (the query's bound values) out of a message or stack, then scrubs the rest. */
function clean(text: string): string {
  return scrubText(text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, "\nparams: [omitted]"));
}

/** An Error, or what looks like one (from another realm, or a library's own error shape). */
export function isErrorLike(value: unknown): value is Error {
  if (value instanceof Error) return true;
  const e = value as { message?: unknown; stack?: unknown } | null;
  return typeof e === "object" && e !== null && typeof e.message === "string" && typeof e.stack === "string";
}

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!isErrorLike(error)) {
    return { type: typeof error, message: scrubText(String(error)).slice(0, 500) };
  }
  const fields = error as unknown as Record<string, unknown>;
  const known: Record<string, string | number> = {};
  for (const field of ERROR_FIELDS) {
    const value = fields[field];
    if (typeof value === "string") known[field] = clean(value);
    else if (typeof value === "number") known[field] = value;
  }
  // A Stripe error's own `type` (card_error, …) is kept as `kind`; `type` is the class name.
  const { type: kind, ...rest } = known;
  const out: SerializedError = { type: error.name || error.constructor.name, message: clean(error.message), ...rest };
  if (kind !== undefined) out.kind = kind;
  // Stripe's request id lets support find the call in Stripe's dashboard; it is not a secret.
  if (typeof fields.requestId === "string") out.stripeRequestId = fields.requestId;
  if (error.stack) out.stack = clean(error.stack);
  const cause = causeOf(error);
  if (cause !== undefined && depth < MAX_CAUSES) out.cause = serializeError(cause, depth + 1);
  return out;
}

interface RequestLike {
  method?: string;
  url?: string;
}

/**
 * A request is logged as its method and path only: no query string (it may
 * carry a token or a cursor), no headers (Authorization, Cookie), no body.
 */
export function serializeRequest(request: RequestLike): { method?: string; path?: string } {
  let path: string | undefined;
  if (typeof request.url === "string") {
    try {
      path = new URL(request.url, "http://localhost").pathname;
    } catch {
      path = undefined;
    }
  }
  return { method: request.method, path };
}
