"use client";

import { useRef, useState } from "react";
import { saveCardFromEntry } from "@/components/payments/save-card";
import { CardEntry, StripeProvider, type CardEntryHandle } from "@/components/payments/stripe-elements";
import type { BrowserPaymentConfig } from "@/components/payments/load-stripe";
import { Button } from "@/components/ui/button";
import { idle, type FormState } from "@/lib/form-state";
import { subscribeToProAction } from "@/lib/payments/subscriptions/actions";

/**
 * "Upgrade to Pro" without a saved card: the card is typed here (Stripe
 * Elements), saved for the renewals, and Pro starts — one press.
 */
export function ProUpgradeWithNewCard({
  payment,
  price,
  onResult,
}: {
  payment: BrowserPaymentConfig;
  /** "$20" */
  price: string;
  onResult: (state: FormState) => void;
}) {
  return (
    <StripeProvider config={payment}>
      <UpgradeForm price={price} onResult={onResult} />
    </StripeProvider>
  );
}

function UpgradeForm({ price, onResult }: { price: string; onResult: (state: FormState) => void }) {
  const cardRef = useRef<CardEntryHandle>(null);
  const lock = useRef(false);
  const [busy, setBusy] = useState(false);

  async function upgrade() {
    if (lock.current) return;
    lock.current = true;
    setBusy(true);
    try {
      const saved = await saveCardFromEntry(cardRef.current);
      if (saved.status !== "ok") return onResult(saved);
      onResult(await subscribeToProAction(idle, new FormData()));
    } finally {
      lock.current = false;
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void upgrade();
      }}
      className="space-y-3"
    >
      <p className="text-sm">Enter a card to upgrade. It is saved for the monthly renewals.</p>
      <CardEntry ref={cardRef} />
      <Button type="submit" disabled={busy} aria-busy={busy || undefined}>
        {busy ? "Upgrading…" : "Upgrade to Pro"}
      </Button>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Charged {price} now and monthly to this card. Cancel any time.</p>
    </form>
  );
}
