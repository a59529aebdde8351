"use server";

// Settings › Billing › Saved cards: save (with the bank's confirmation when it asks), make default, remove.

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/actions";
import type { FormState } from "@/lib/form-state";
import type { RemovedCardOutcome } from "../auto-refill/settings";
import { finishSavingCard, listCards, removeCard, saveCard, setDefaultCard } from "./cards";

/** A card that needs the bank's confirmation before it can be saved. */
export type SaveCardState =
  | FormState
  | { status: "ok"; message: string; authenticate: { url: string; setupIntentId: string; clientSecret: string | null } };

// Stripe ids are a prefix and letters, digits or underscores; anything else never reaches Stripe.
const paymentMethodId = z.string().regex(/^pm_\w{1,250}$/, "Choose a card.");

export const saveCardAction = userAction(z.object({ paymentMethodId }), async ({ paymentMethodId }, { user }): Promise<SaveCardState> => {
  const result = await saveCard(user, paymentMethodId);
  if (result.status === "requires_action") {
    const state: SaveCardState = {
      status: "ok",
      message: "Your bank asks you to confirm this card.",
      authenticate: { url: result.url, setupIntentId: result.setupIntentId, clientSecret: result.clientSecret },
    };
    return state;
  }
  revalidatePath("/", "layout");
  return { status: "ok", message: result.card ? `Saved ${result.card.label}.` : "Card saved." };
});

/** After the card's authentication page (opened in another tab) was completed. */
export const finishSavingCardAction = userAction(
  z.object({ setupIntentId: z.string().regex(/^seti_\w{1,250}$/, "No such card setup.") }),
  async ({ setupIntentId }, { user }) => {
    const result = await finishSavingCard(user.id, setupIntentId);
    if (result.status === "requires_action") {
      return { status: "error", message: "The card is not confirmed yet. Finish on your bank’s page, then try again." };
    }
    revalidatePath("/", "layout");
    return { status: "ok", message: result.card ? `Saved ${result.card.label}.` : "Card saved." };
  },
);

export const setDefaultCardAction = userAction(z.object({ paymentMethodId }), async ({ paymentMethodId }, { user }) => {
  await setDefaultCard(user.id, paymentMethodId);
  revalidatePath("/", "layout");
  const card = (await listCards(user.id)).find((c) => c.id === paymentMethodId);
  return { status: "ok", message: `${card?.label ?? "The card"} is now your default card.` };
});

export const removeCardAction = userAction(z.object({ paymentMethodId }), async ({ paymentMethodId }, { user }) => {
  const card = (await listCards(user.id)).find((c) => c.id === paymentMethodId);
  const autoRefill = await removeCard(user.id, paymentMethodId);
  revalidatePath("/", "layout");
  const removed = `Removed ${card?.label ?? "the card"}.`;
  const followUp: Record<RemovedCardOutcome, string> = {
    unchanged: "",
    default_card: " Auto-refill now charges your default card.",
    off: " Auto-refill is off until you save another card.",
  };
  return { status: "ok", message: removed + followUp[autoRefill] };
});
