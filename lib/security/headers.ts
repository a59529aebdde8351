import { env } from "@/lib/env";

// Stripe's documented origins for Stripe.js and Elements (docs.stripe.com/security/guide#content-security-policy),
// without the Google Maps ones that only the Address Element needs.
const STRIPE_JS = ["https://js.stripe.com", "https://*.js.stripe.com"];
const STRIPE_FRAMES = [...STRIPE_JS, "https://hooks.stripe.com"];
const STRIPE_API = "https://api.stripe.com";

/**
 * The Content-Security-Policy of every page: only this app, plus Stripe's
 * script, frame and API origins when real keys are configured, or the local
 * sandbox (whose port is known only at run time, hence a header set per request).
 * Next.js inlines its bootstrap scripts, so script-src needs 'unsafe-inline'.
 */
export function contentSecurityPolicy(): string {
  const realStripe = Boolean(env.STRIPE_SECRET_KEY) && !env.STRIPE_SANDBOX_URL;
  const sandbox = env.STRIPE_SANDBOX_URL ? new URL(env.STRIPE_SANDBOX_URL).origin : null;
  const dev = env.NODE_ENV === "development";
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // The sandbox plays js.stripe.com in test mode: its Stripe.js, its card frames and its 3-D Secure page.
    "script-src": ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : []), ...(realStripe ? STRIPE_JS : []), ...(sandbox ? [sandbox] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(sandbox ? [sandbox] : []), ...(realStripe ? [STRIPE_API] : [])],
    "frame-src": realStripe ? STRIPE_FRAMES : sandbox ? [sandbox] : ["'none'"],
    "form-action": ["'self'", ...(sandbox ? [sandbox] : [])],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}
