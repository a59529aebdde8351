/**
 * Rules PaymentIntents and SetupIntents share, as Stripe applies them:
 * - which payment methods an intent accepts: `payment_method_types`, or (the
 *   default since API version 2023-08-16) automatic payment methods, which
 *   may include redirect-based methods and so need a `return_url` to confirm
 *   unless `automatic_payment_methods[allow_redirects]` is `never`;
 * - what Stripe.js may do with the publishable key: retrieve and confirm an
 *   intent whose `client_secret` it holds, nothing else.
 */
import type Stripe from "stripe";
import { ApiError, invalidParam, invalidRequest } from "./errors";
import type { Params } from "./params";

export interface PaymentMethodConfig {
  types: string[];
  automatic: { enabled: boolean; allow_redirects?: "always" | "never" } | null;
}

/**
 * Reads the payment methods asked for at create: `allowed_payment_method_types`
 * (what the pinned API version calls it), `payment_method_types` (older
 * versions' name), or `automatic_payment_methods`.
 */
export function readPaymentMethodConfig(params: Params): PaymentMethodConfig {
  const allowed = params.strings("allowed_payment_method_types");
  const legacy = params.strings("payment_method_types");
  const types = allowed ?? legacy;
  const automaticParams = params.object("automatic_payment_methods");
  const enabled = automaticParams?.bool("enabled");
  const allowRedirects = automaticParams?.oneOf("allow_redirects", ["always", "never"] as const);
  if ((types && automaticParams) || (allowed && legacy)) {
    throw invalidParam(
      "You may only specify one of these parameters: allowed_payment_method_types, automatic_payment_methods, payment_method_types.",
      "automatic_payment_methods",
    );
  }
  if (types?.some((t) => t !== "card")) {
    throw invalidParam("The sandbox only supports card payment methods.", allowed ? "allowed_payment_method_types" : "payment_method_types");
  }
  if (automaticParams && enabled === undefined) {
    throw invalidParam("Missing required param: automatic_payment_methods[enabled].", "automatic_payment_methods[enabled]", "parameter_missing");
  }
  if (types || enabled === false) return { types: ["card"], automatic: null };
  // Neither given: automatic payment methods, redirects allowed (Stripe's default since 2023-08-16).
  return { types: ["card"], automatic: { enabled: true, allow_redirects: allowRedirects ?? "always" } };
}

/**
 * A confirm by the server without `return_url` on an intent that may need a
 * redirect: Stripe answers 400, and so does the sandbox. Stripe.js's own
 * confirm (publishable key, `use_stripe_sdk`) handles next actions itself.
 */
export function requireReturnUrl(
  intent: { object: "payment_intent" | "setup_intent"; automatic_payment_methods: { enabled: boolean | null; allow_redirects?: string } | null },
  returnUrl: string | undefined,
  viaStripeJs: boolean,
): void {
  const automatic = intent.automatic_payment_methods;
  if (returnUrl || viaStripeJs || !automatic?.enabled || automatic.allow_redirects === "never") return;
  const kind = intent.object === "payment_intent" ? "Payment Intent" : "Setup Intent";
  throw invalidRequest(
    `A \`return_url\` must be specified because this ${kind} is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set \`automatic_payment_methods[enabled]\` to \`true\` and \`automatic_payment_methods[allow_redirects]\` to \`never\` when creating Setup Intents and Payment Intents.`,
    "return_url",
  );
}

/**
 * With the publishable key, an intent is reachable only with its own
 * client_secret (Stripe.js holds it; the app's server handed it out).
 * With the secret key, the client_secret is not needed.
 */
export function checkClientSecret(
  intent: Stripe.PaymentIntent | Stripe.SetupIntent,
  key: "secret" | "publishable",
  given: string | undefined,
): void {
  if (key === "secret") return;
  const kind = intent.object === "payment_intent" ? "PaymentIntent" : "SetupIntent";
  if (!given) {
    throw new ApiError(400, {
      type: "invalid_request_error",
      code: "parameter_missing",
      param: "client_secret",
      message: `A ${kind} can only be used with a publishable key together with its client_secret.`,
    });
  }
  if (given !== intent.client_secret) {
    throw new ApiError(400, {
      type: "invalid_request_error",
      param: "client_secret",
      message: `The client_secret provided does not match the client_secret associated with the ${kind}.`,
    });
  }
}
