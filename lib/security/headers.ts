import { env } from "@/lib/env";

const STRIPE_JS = "https://js.stripe.com";

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
    "script-src": ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : []), ...(realStripe ? [STRIPE_JS] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(sandbox ? [sandbox] : []), ...(realStripe ? ["https://api.stripe.com"] : [])],
    "frame-src": realStripe ? [STRIPE_JS, "https://hooks.stripe.com"] : ["'none'"],
    "form-action": ["'self'", ...(sandbox ? [sandbox] : [])],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}
