"use client";

/**
 * Loading Stripe.js, once per page. With real keys `loadStripe` (from
 * `@stripe/stripe-js/pure`, so nothing is injected merely by importing it)
 * loads js.stripe.com. In test mode the sandbox's Stripe.js is loaded first:
 * it sets `window.Stripe`, which `loadStripe` then reuses — so the very same
 * components run against the sandbox. A failed load is forgotten, so
 * "Try again" really tries again.
 */
import { loadStripe } from "@stripe/stripe-js/pure";
import type { Stripe } from "@stripe/stripe-js";

export interface BrowserPaymentConfig {
  publishableKey: string;
  /** The local sandbox's URL in test mode; null with real keys. */
  sandboxUrl: string | null;
}

let loading: Promise<Stripe | null> | null = null;

function loadSandboxScript(sandboxUrl: string): Promise<void> {
  if ("Stripe" in window && window.Stripe) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL("/endive/stripe.js", sandboxUrl).href;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove();
      reject(new Error("The sandbox's Stripe.js could not load."));
    };
    document.head.appendChild(script);
  });
}

export function loadStripeFor(config: BrowserPaymentConfig): Promise<Stripe | null> {
  if (!config.publishableKey) return Promise.resolve(null);
  loading ??= (config.sandboxUrl ? loadSandboxScript(config.sandboxUrl) : Promise.resolve())
    .then(() => loadStripe(config.publishableKey))
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}
