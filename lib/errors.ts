/**
 * The one error type that actions and route handlers throw for anything a
 * caller did wrong or may retry. Its code maps to the HTTP status and the
 * error body of DESIGN.md §5: `{ error: { code, message, param? } }`.
 */
export const errorStatus = {
  invalid_request: 400,
  unauthenticated: 401,
  insufficient_credits: 402,
  key_limit_reached: 402,
  forbidden: 403,
  not_found: 404,
  idempotency_conflict: 409,
  hold_not_pending: 409,
  payload_too_large: 413,
  hold_exceeded: 422,
  rate_limited: 429,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly param?: string;
  readonly status: number;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { param?: string; status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.param = options.param;
    this.status = options.status ?? errorStatus[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toBody() {
    return {
      error: { code: this.code, message: this.message, ...(this.param ? { param: this.param } : {}) },
    };
  }
}

/**
 * The error behind `e`. Auth.js wraps what `authorize` throws (e.g. a refused
 * connection) in a CallbackRouteError whose cause is a plain `{ err }` object,
 * not an Error, so that shape is followed too.
 */
export function causeOf(e: Error): unknown {
  const cause = e.cause;
  if (cause instanceof Error) return cause;
  if (typeof cause === "object" && cause !== null && "err" in cause) return cause.err;
  return undefined;
}
