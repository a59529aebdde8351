"use server";

// The purchase history's "Complete payment" and "Cancel" for a purchase left "Needs confirmation".

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/form-state";
import { cancelPendingPurchase, completePendingPurchase, finishPendingPurchase } from "./pending";
import type { PurchaseOutcome } from "./purchases";

/** "ok" with the bank's check to run in the page, or how the payment ended. */
export type PendingPurchaseState = FormState | { status: "ok"; message: string; nextAction: { clientSecret: string } };

const purchaseId = z
  .string({ error: "That purchase could not be found. Check your purchase history." })
  .regex(/^pur_[A-Za-z0-9_-]{1,100}$/, { error: "That purchase could not be found. Check your purchase history." });

function credited(outcome: PurchaseOutcome) {
  return `${outcome.purchase.credits.toLocaleString("en-US")} credits added`;
}

/** What an ended (or still processing) payment means to the user, in words. */
function ended(outcome: PurchaseOutcome, already: boolean): FormState {
  revalidatePath("/", "layout");
  switch (outcome.status) {
    case "succeeded":
      return { status: "ok", message: already ? `This payment had already gone through: ${credited(outcome)}.` : `Payment complete: ${credited(outcome)}.` };
    case "pending":
      return { status: "ok", message: "Your payment is processing. The credits arrive as soon as it completes." };
    case "failed":
      if (outcome.purchase.status === "canceled") return { status: "ok", message: outcome.message };
      throw new AppError("invalid_request", outcome.message, { status: 402 });
    case "requires_action":
      return { status: "error", message: "Your bank has not confirmed this payment yet. Nothing was charged; try again." };
  }
}

/**
 * "Complete payment", in two steps: "start" answers with the bank's check
 * for Stripe.js to run in the page; "finish" asks Stripe how it ended and
 * credits it once.
 */
export const completePurchaseAction = userAction(
  z.object({ purchaseId, step: z.enum(["start", "finish"]).default("start") }),
  async ({ purchaseId, step }, { user }): Promise<PendingPurchaseState> => {
    if (step === "finish") return ended(await finishPendingPurchase(user.id, purchaseId), false);
    const outcome = await completePendingPurchase(user.id, purchaseId);
    if (outcome.status === "requires_action" && outcome.clientSecret) {
      return { status: "ok", message: "Your bank asks you to confirm this payment.", nextAction: { clientSecret: outcome.clientSecret } };
    }
    return ended(outcome, true);
  },
);

/** "Cancel": nothing is charged; a payment that went through meanwhile is credited instead, and said so. */
export const cancelPurchaseAction = userAction(z.object({ purchaseId }), async ({ purchaseId }, { user }) =>
  ended(await cancelPendingPurchase(user.id, purchaseId), true),
);
