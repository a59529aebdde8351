"use client";

/**
 * Stripe Elements for every card form (the panel's "Add new card", Settings ›
 * Billing › Saved cards, the Pro upgrade). Card details are typed into
 * Stripe's frames — js.stripe.com with real keys, the local sandbox's frames
 * in test mode — and the app only ever sees the resulting `pm_…` id.
 *
 * <StripeProvider> loads Stripe.js once per page (load-stripe.ts) and always
 * renders its children: when Stripe.js cannot load, <CardEntry> says so with
 * "Try again", while saved cards keep working.
 */
import { CardElement, Elements, useElements, useStripe } from "@stripe/react-stripe-js";
import type { Stripe, StripeCardElementChangeEvent, StripeCardElementOptions, StripeError } from "@stripe/stripe-js";
import { TriangleAlert } from "lucide-react";
import { createContext, useCallback, useContext, useEffect, useImperativeHandle, useState, type ReactNode, type Ref } from "react";
import { Button } from "@/components/ui/button";
import { paymentErrorMessage } from "@/lib/payments/messages";
import { loadStripeFor, type BrowserPaymentConfig } from "./load-stripe";

type LoadStatus = "loading" | "ready" | "failed";
const LoadContext = createContext<{ status: LoadStatus; sandbox: boolean; retry: () => void }>({
  status: "loading",
  sandbox: false,
  retry: () => {},
});

export function StripeProvider({ config, children }: { config: BrowserPaymentConfig; children: ReactNode }) {
  const [stripe, setStripe] = useState<Stripe | null>(null);
  const [status, setStatus] = useState<LoadStatus>("loading");
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    loadStripeFor({ publishableKey: config.publishableKey, sandboxUrl: config.sandboxUrl }).then(
      (loaded) => {
        if (!live) return;
        setStripe(loaded);
        setStatus(loaded ? "ready" : "failed");
      },
      () => live && setStatus("failed"),
    );
    return () => {
      live = false;
    };
  }, [config.publishableKey, config.sandboxUrl, attempt]);
  const retry = useCallback(() => {
    setStatus("loading");
    setAttempt((n) => n + 1);
  }, []);
  return (
    <LoadContext.Provider value={{ status, sandbox: Boolean(config.sandboxUrl), retry }}>
      {/* Elements accepts null first and the loaded Stripe object once. */}
      <Elements stripe={stripe}>{children}</Elements>
    </LoadContext.Provider>
  );
}

export type CardResult = { paymentMethodId: string } | { error: string };

export interface CardEntryHandle {
  /** Tokenizes what is typed in the card frame; the message of an error is fit to show the user. */
  createPaymentMethod(): Promise<CardResult>;
  /** Stripe.js, for next actions (in-page 3-D Secure); null while it has not loaded. */
  stripe(): Stripe | null;
  focus(): void;
}

const GENERIC = "Your card could not be used. Check the details, or try another card.";

/**
 * The card fields' own checks ("Your card number is incomplete.") are written for cardholders and shown as
 * they are; a card error gets lib/payments' plain words; nothing else of Stripe's is shown.
 */
export function userMessage(error: Pick<StripeError, "type" | "message" | "code" | "decline_code"> | undefined): string {
  if (!error) return GENERIC;
  if (error.type === "validation_error" && error.message) return error.message;
  if (error.type === "card_error") return paymentErrorMessage(error, "payment");
  if (error.type === "api_connection_error") return "We could not reach our payment processor. Check your connection and try again.";
  return GENERIC;
}

function cardStyle(): StripeCardElementOptions["style"] {
  const dark = typeof window !== "undefined" && window.matchMedia?.("(prefers-color-scheme: dark)").matches;
  return {
    base: {
      color: dark ? "#f4f4f5" : "#18181b",
      fontSize: "15px",
      fontFamily: "system-ui, -apple-system, 'Segoe UI', sans-serif",
      iconColor: dark ? "#a1a1aa" : "#52525b",
      "::placeholder": { color: dark ? "#a1a1aa" : "#71717a" },
    },
    invalid: { color: dark ? "#f87171" : "#b91c1c", iconColor: dark ? "#f87171" : "#b91c1c" },
  };
}

/**
 * The card fields: "Card number", "Expiration" and "CVC" (the sandbox's
 * labels; Stripe's own in live mode), or, when Stripe.js could not load, a
 * plain sentence with "Try again".
 */
export function CardEntry({
  ref,
  disabled,
  onChange,
}: {
  ref?: Ref<CardEntryHandle>;
  disabled?: boolean;
  onChange?: (event: StripeCardElementChangeEvent) => void;
}) {
  const stripe = useStripe();
  const elements = useElements();
  const { status, sandbox, retry } = useContext(LoadContext);
  const [options] = useState<StripeCardElementOptions>(() => ({ hidePostalCode: true, style: cardStyle() }));

  useImperativeHandle(
    ref,
    () => ({
      async createPaymentMethod() {
        const card = elements?.getElement(CardElement);
        if (!stripe || !card) return { error: "Card entry is still loading. Try again in a moment." };
        const result = await stripe.createPaymentMethod({ type: "card", card });
        return result.error ? { error: userMessage(result.error) } : { paymentMethodId: result.paymentMethod.id };
      },
      stripe: () => stripe,
      focus: () => elements?.getElement(CardElement)?.focus(),
    }),
    [stripe, elements],
  );

  if (status === "failed") {
    return (
      <div role="alert" className="flex gap-2.5 rounded-lg border border-amber-300 bg-amber-50 px-3.5 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <div className="space-y-2">
          <p>
            Card entry could not load: your browser could not reach our payment processor, Stripe (offline, or blocked by an
            extension or network). Saved cards still work.
          </p>
          <Button variant="secondary" className="h-8 px-3" onClick={retry}>
            Try again
          </Button>
        </div>
      </div>
    );
  }
  if (status === "loading" || !stripe) {
    return (
      <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        Loading secure card entry…
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {sandbox ? (
        <p className="text-xs text-amber-800 dark:text-amber-300">Test mode — no real charges. Use a test card such as 4242 4242 4242 4242.</p>
      ) : null}
      <div className={sandbox ? undefined : "rounded-lg border border-zinc-300 bg-white px-3 py-2.5 dark:border-zinc-700 dark:bg-zinc-950"}>
        <CardElement options={{ ...options, disabled }} onChange={onChange} />
      </div>
    </div>
  );
}
