"use server";

// The plan card: upgrade to Pro, cancel or resume at period end, pay a renewal that failed.

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/actions";
import { plans } from "@/lib/payments/subscriptions/plans";
import { payPastDue, setCancelAtPeriodEnd, subscribeToPro } from "@/lib/payments/subscriptions/subscriptions";

const none = z.object({});
// The card the confirmation named: Pro is charged to it, or not at all (Stripe ids never carry other characters).
const confirmedCard = z.object({ paymentMethodId: z.string().regex(/^pm_\w{1,250}$/, "Choose a card.") });

function dateOf(d: Date) {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

export const subscribeToProAction = userAction(confirmedCard, async ({ paymentMethodId }, { user }) => {
  await subscribeToPro(user, { confirmedCard: paymentMethodId });
  revalidatePath("/", "layout");
  return { status: "ok", message: `You are on Pro: ${plans.pro.monthlyCredits} credits are in your balance.` };
});

export const cancelPlanAction = userAction(none, async (_input, { user }) => {
  const sub = await setCancelAtPeriodEnd(user.id, true);
  revalidatePath("/", "layout");
  return { status: "ok", message: `Pro ends on ${dateOf(sub.currentPeriodEnd)}. You keep it until then.` };
});

export const resumePlanAction = userAction(none, async (_input, { user }) => {
  await setCancelAtPeriodEnd(user.id, false);
  revalidatePath("/", "layout");
  return { status: "ok", message: "Pro will renew as usual." };
});

export const payPastDueAction = userAction(none, async (_input, { user }) => {
  const sub = await payPastDue(user.id);
  revalidatePath("/", "layout");
  return sub.status === "active"
    ? { status: "ok", message: "Paid. Your monthly credits are back." }
    : { status: "error", message: "The renewal is still unpaid. Try another card." };
});
