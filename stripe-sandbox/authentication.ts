/**
 * The on-session authentication step (3D Secure in real life). An intent
 * that needs it gets a `next_action` pointing at a page the sandbox serves
 * itself (auth-page.ts), guarded by an unguessable token in its URL.
 */
import type { SandboxContext } from "./context";
import { randomToken } from "./ids";
import type { CardRecord } from "./state";
import { declineFor, type Decline } from "./test-cards";

export type CardAttempt =
  | { result: "succeeded" }
  | { result: "declined"; decline: Decline }
  | { result: "requires_action" };

/**
 * What the issuer does with this card. `authenticated` is true once the
 * customer completed the authentication page for this attempt.
 */
export function evaluateCard(
  card: CardRecord | undefined,
  purpose: "payment" | "setup",
  options: { offSession: boolean; authenticated?: boolean },
): CardAttempt {
  const behaviour = card?.behaviour ?? "succeeds";
  switch (behaviour) {
    case "succeeds":
    case "disputed":
      return { result: "succeeded" };
    case "declined_generic":
    case "declined_insufficient_funds":
    case "declined_expired":
      return { result: "declined", decline: declineFor(behaviour) };
    case "charge_fails":
      return purpose === "setup" ? { result: "succeeded" } : { result: "declined", decline: declineFor("declined_generic") };
    case "auth_unless_setup":
    case "auth_always": {
      if (options.authenticated) return { result: "succeeded" };
      const exempt = behaviour === "auth_unless_setup" && purpose === "payment" && options.offSession && card?.offSessionReady;
      if (exempt) return { result: "succeeded" };
      if (options.offSession) return { result: "declined", decline: declineFor("authentication_required") };
      return { result: "requires_action" };
    }
  }
}

/**
 * Starts an authentication and returns the intent's next_action: a redirect
 * when the app gave a return_url, unless it asked for `use_stripe_sdk`
 * (Stripe.js then runs the challenge in the page; return_url stays the fallback).
 */
export function requestAuthentication(
  ctx: SandboxContext,
  kind: "payment_intent" | "setup_intent",
  intentId: string,
  returnUrl: string | null,
  useStripeSdk = false,
) {
  const token = randomToken(32);
  ctx.state.data.authentications[intentId] = { kind, intent: intentId, token, returnUrl };
  const url = `${ctx.baseUrl}/sandbox/authenticate/${intentId}?token=${token}`;
  if (returnUrl && !useStripeSdk) {
    return { type: "redirect_to_url", redirect_to_url: { url, return_url: returnUrl } };
  }
  // What Stripe sends when Stripe.js is expected to run the challenge itself.
  return { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: url } };
}

export function endAuthentication(ctx: SandboxContext, intentId: string): void {
  delete ctx.state.data.authentications[intentId];
}
