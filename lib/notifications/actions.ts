"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { markRead } from "@/lib/notifications";
import { confirmRefillOnSession, refillAwaitingConfirmation } from "@/lib/payments/auto-refill/refills";

export const dismissNoticeAction = userAction(z.object({ id: z.coerce.number().int().positive() }), async ({ id }, { user }) => {
  if (!(await markRead(user.id, id))) throw new AppError("not_found", "No such notice.");
});

/**
 * "Confirm payment" for an auto-refill the bank wanted confirmed: the same
 * PaymentIntent, confirmed with the user present. The card's page sends the
 * browser back to billing; the webhook credits the refill once it succeeds.
 */
export const confirmRefillAction = userAction(
  z.object({ purchaseId: z.string().regex(/^pur_[A-Za-z0-9_-]+$/).max(100), noticeId: z.coerce.number().int().positive() }),
  async ({ purchaseId, noticeId }, { user }) => {
    if (!(await refillAwaitingConfirmation(user.id, purchaseId))) {
      throw new AppError("not_found", "That payment is not one of yours, or no longer waits for confirmation.");
    }
    const origin = new URL((await headers()).get("referer") ?? "http://localhost/").origin;
    const outcome = await confirmRefillOnSession(user.id, purchaseId, `${origin}/settings/billing`);
    if (!outcome) throw new AppError("not_found", "That payment is no longer waiting for confirmation.");
    await markRead(user.id, noticeId);
    if (outcome.status === "requires_action") redirect(outcome.url);
    if (outcome.status === "failed") throw new AppError("invalid_request", outcome.message, { status: 402 });
    return { status: "ok", message: "Payment confirmed: your credits are on their way." };
  },
);
