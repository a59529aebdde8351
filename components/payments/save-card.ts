"use client";

import { finishSavingCardAction, saveCardAction, type SaveCardState } from "@/lib/payments/cards/actions";
import { idle, type FormState } from "@/lib/form-state";
import type { CardEntryHandle } from "./stripe-elements";

/**
 * Saves the card typed into a <CardEntry> for later purchases, auto-refill
 * and Pro: tokenize in Stripe's frame, save through a SetupIntent on the
 * server, and when the bank asks to confirm the card, run its page over this
 * one (Stripe.js's handleNextAction) and finish. One call per press.
 */
export async function saveCardFromEntry(card: CardEntryHandle | null): Promise<FormState> {
  const tokenized = await (card?.createPaymentMethod() ?? Promise.resolve({ error: "Enter your card details." }));
  if ("error" in tokenized) return { status: "error", message: tokenized.error, fieldErrors: { card: tokenized.error } };
  const form = new FormData();
  form.set("paymentMethodId", tokenized.paymentMethodId);
  const saved: SaveCardState = await saveCardAction(idle, form);
  if (!(saved.status === "ok" && "authenticate" in saved)) return saved;
  const stripe = card?.stripe();
  if (!stripe || !saved.authenticate.clientSecret) {
    window.open(saved.authenticate.url, "_blank", "noopener");
    return { status: "error", message: "Confirm the card on your bank’s page (opened in a new tab), then try again." };
  }
  await stripe.handleNextAction({ clientSecret: saved.authenticate.clientSecret });
  const finish = new FormData();
  finish.set("setupIntentId", saved.authenticate.setupIntentId);
  return finishSavingCardAction(idle, finish);
}
