/**
 * Errors in Stripe's wire shape. stripe-node picks its error class from the
 * HTTP status (402 → StripeCardError, 400/404 → StripeInvalidRequestError,
 * 400 + idempotency_error → StripeIdempotencyError, 401 → StripeAuthenticationError),
 * so status and body have to match what Stripe sends.
 */
import type Stripe from "stripe";

/** Stripe's error body has the same fields as a PaymentIntent's last_payment_error. */
export type ErrorBody = Stripe.PaymentIntent.LastPaymentError & { message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /**
     * Stripe keeps no idempotent result when a request fails validation before
     * the endpoint starts executing: the same key may then be retried.
     */
    readonly beforeExecution = false,
  ) {
    super(body.message);
    this.name = "ApiError";
  }
}

export function invalidRequest(message: string, param?: string, code?: string): ApiError {
  return new ApiError(400, { type: "invalid_request_error", message, ...(param ? { param } : {}), ...(code ? { code } : {}) });
}

/** A malformed parameter: raised while reading params, so nothing is recorded for the key. */
export function invalidParam(message: string, param: string, code = "parameter_invalid"): ApiError {
  return new ApiError(400, { type: "invalid_request_error", code, message, param, doc_url: docUrl(code) }, true);
}

export function resourceMissing(kind: string, id: string, param = "id"): ApiError {
  return new ApiError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    doc_url: docUrl("resource_missing"),
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

export function unexpectedState(message: string, kind: "payment_intent" | "setup_intent"): ApiError {
  const code = `${kind}_unexpected_state`;
  return new ApiError(400, { type: "invalid_request_error", code, doc_url: docUrl(code), message });
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`;
}
