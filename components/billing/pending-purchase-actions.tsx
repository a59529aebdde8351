"use client";

import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { loadStripeFor, type BrowserPaymentConfig } from "@/components/payments/load-stripe";
import { idle, type FormState } from "@/lib/form-state";
import { cancelPurchaseAction, completePurchaseAction } from "@/lib/payments/purchases/pending-actions";

type Busy = "complete" | "cancel" | null;

/**
 * "Complete payment" and "Cancel" for a purchase left "Needs confirmation".
 * Complete runs the bank's check in the page (Stripe.js handleNextAction, as
 * the purchase panel does), then asks the server how it ended; the history
 * then shows the row as it now stands. `what` names the payment for screen
 * readers ("$20.00 on Dec 2, 2026, 10:14 AM"), as every row has the same buttons.
 */
export function PendingPurchaseActions({ purchaseId, what, payment }: { purchaseId: string; what: string; payment: BrowserPaymentConfig }) {
  const router = useRouter();
  const [busy, setBusy] = useState<Busy>(null);
  const [state, setState] = useState<FormState>(idle);
  // Taken before anything is awaited: a double click runs once.
  const lock = useRef(false);

  async function run(which: Exclude<Busy, null>, work: (form: FormData) => Promise<FormState>) {
    if (lock.current) return;
    lock.current = true;
    setBusy(which);
    setState(idle);
    const form = new FormData();
    form.set("purchaseId", purchaseId);
    try {
      const answer = await work(form);
      setState(answer);
      router.refresh();
    } catch {
      setState({ status: "error", message: "Something went wrong on the way. Nothing was charged twice; reload the page to see how the payment stands." });
    } finally {
      lock.current = false;
      setBusy(null);
    }
  }

  async function complete(form: FormData): Promise<FormState> {
    const started = await completePurchaseAction(idle, form);
    if (!("nextAction" in started)) return started;
    const stripe = await loadStripeFor(payment).catch(() => null);
    if (!stripe) return { status: "error", message: "The payment form could not load. Check your connection and try again." };
    await stripe.handleNextAction({ clientSecret: started.nextAction.clientSecret });
    form.set("step", "finish");
    return completePurchaseAction(idle, form);
  }

  return (
    <div className="mt-2 space-y-1.5">
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" className="h-8 px-3" disabled={busy !== null} onClick={() => void run("complete", complete)}>
          {busy === "complete" ? <Loader2 aria-hidden className="size-4 animate-spin" /> : null}
          Complete payment<span className="sr-only"> of {what}</span>
        </Button>
        <Button
          variant="secondary"
          className="h-8 px-3"
          disabled={busy !== null}
          onClick={() => void run("cancel", (form) => cancelPurchaseAction(idle, form))}
        >
          {busy === "cancel" ? <Loader2 aria-hidden className="size-4 animate-spin" /> : null}
          Cancel<span className="sr-only"> payment of {what}</span>
        </Button>
      </div>
      <p role="status" className={state.status === "error" ? "text-xs text-red-700 dark:text-red-300" : "text-xs text-zinc-600 dark:text-zinc-400"}>
        {state.status === "idle" ? "" : (state.message ?? "")}
      </p>
    </div>
  );
}
