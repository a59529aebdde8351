/**
 * Sandbox-only test helpers (Stripe has a `test_helpers` namespace for the
 * same purpose): finish an intent's authentication without a browser.
 *   POST /v1/test_helpers/payment_intents/:id/authenticate  outcome=complete|fail
 *   POST /v1/test_helpers/setup_intents/:id/authenticate    outcome=complete|fail
 */
import type { Route, SandboxContext } from "../context";
import { unexpectedState } from "../errors";
import { completePaymentAuthentication } from "./payment-intent-confirm";
import { getPaymentIntent } from "./payment-intents";
import { completeSetupAuthentication, getSetupIntent } from "./setup-intents";

/** Completes or fails the pending authentication of a PaymentIntent or SetupIntent. */
export function finishAuthentication(ctx: SandboxContext, intentId: string, success: boolean) {
  if (intentId.startsWith("seti_")) {
    const si = getSetupIntent(ctx, intentId);
    if (si.status !== "requires_action") {
      throw unexpectedState(`This SetupIntent has a status of ${si.status}; nothing to authenticate.`, "setup_intent");
    }
    completeSetupAuthentication(ctx, si, success);
    return si;
  }
  const pi = getPaymentIntent(ctx, intentId);
  if (pi.status !== "requires_action") {
    throw unexpectedState(`This PaymentIntent has a status of ${pi.status}; nothing to authenticate.`, "payment_intent");
  }
  completePaymentAuthentication(ctx, pi, success);
  return pi;
}

const authenticate = (kind: "payment_intents" | "setup_intents"): Route => ({
  method: "POST",
  path: `/v1/test_helpers/${kind}/:id/authenticate`,
  handler: (ctx, { params, path }) => {
    const outcome = params.oneOf("outcome", ["complete", "fail"] as const) ?? "complete";
    params.done();
    return finishAuthentication(ctx, path.id ?? "", outcome === "complete");
  },
});

export const testHelperRoutes: Route[] = [authenticate("payment_intents"), authenticate("setup_intents")];
