"use server";

// Auto-refill's forms: the setting in Settings › Billing, the panel's box, and "Confirm payment" for a refill the bank held back.

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { userAction } from "@/lib/actions";
import { accountIdForUser } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/form-state";
import { markRead } from "@/lib/notifications";
import { listCards } from "../cards/cards";
import { checkbox } from "../form-fields";
import { confirmRefillOnSession, finishRefillOnSession, refillAwaitingConfirmation } from "./refills";
import { autoRefillSchema, saveAutoRefill, switchAutoRefill } from "./settings";
import { refillBuys } from "./words";
import { autoRefillModes } from "@/db/schema";

const dollars = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter the ${label} in dollars.` })
    .min(min, { error: `The ${label} must be at least $${min}.` })
    .max(max, { error: `The ${label} must be at most $${max.toLocaleString("en-US")}.` })
    .transform((v) => Math.round(v * 100));

const autoRefillFormSchema = z.object({
  enabled: checkbox,
  thresholdCredits: z.coerce.number({ error: "Enter a whole number of credits." }),
  refillCredits: z.coerce.number({ error: "Enter a whole number of credits." }),
  monthlyLimit: dollars("monthly limit", 5, 10_000),
  paymentMethodId: z.string().max(255).optional(),
  // "fixed" buys the refill amount; "target" buys what brings the balance back up to the target.
  mode: z.enum(autoRefillModes, { error: "Choose what a refill buys." }).default("fixed"),
  // Empty: no target (fine in "fixed" mode); a number is checked by autoRefillSchema.
  targetBalance: z
    .string()
    .max(20, { error: "Enter a whole number of credits." })
    .optional()
    .transform((v) => (v?.trim() ? Number(v) : null)),
});

/** Settings › Billing: the auto-refill form. */
export const saveAutoRefillAction = userAction(autoRefillFormSchema, async (input, { user }) => {
  const cards = await listCards(user.id);
  const paymentMethodId = input.paymentMethodId && input.paymentMethodId !== "default" ? input.paymentMethodId : null;
  if (paymentMethodId && !cards.some((c) => c.id === paymentMethodId)) {
    throw new AppError("not_found", "That card is not one of your saved cards.", { param: "paymentMethodId" });
  }
  if (input.enabled && cards.length === 0) {
    throw new AppError("invalid_request", "Save a card first: auto-refill charges a saved card.", { param: "enabled" });
  }
  const parsed = autoRefillSchema.safeParse({
    enabled: input.enabled,
    thresholdCredits: input.thresholdCredits,
    refillCredits: input.refillCredits,
    monthlyLimitCents: input.monthlyLimit,
    paymentMethodId,
    mode: input.mode,
    targetBalance: input.targetBalance,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path[0] === "monthlyLimitCents" ? "monthlyLimit" : String(issue.path[0] ?? "form");
    throw new AppError("invalid_request", issue.message, { param, status: 422 });
  }
  await saveAutoRefill(await accountIdForUser(user.id), parsed.data);
  revalidatePath("/", "layout");
  return { status: "ok", message: parsed.data.enabled ? "Auto-refill is on." : "Auto-refill is off." };
});

const whole = new Intl.NumberFormat("en-US");

/**
 * The panel's "Credit Auto-Refill" box with a saved card (DESIGN.md §5): it is
 * the setting, so checking or unchecking saves at once, and the answer says in
 * words what now happens.
 */
export const setAutoRefillOnAction = userAction(z.object({ enabled: checkbox }), async ({ enabled }, { user }) => {
  const cards = await listCards(user.id);
  if (enabled && cards.length === 0) {
    throw new AppError("invalid_request", "Auto-refill charges a saved card: keep “Save this card” checked when you buy to use it.", {
      param: "enabled",
    });
  }
  const saved = await switchAutoRefill(await accountIdForUser(user.id), enabled);
  revalidatePath("/", "layout");
  if (!saved.enabled) return { status: "ok", message: "Auto-refill is off — you only buy credits when you choose to." };
  // The refill charges the card the setting names, else the default card.
  const card = cards.find((c) => c.id === saved.paymentMethodId) ?? cards.find((c) => c.isDefault) ?? cards[0]!;
  return {
    status: "ok",
    message:
      `Auto-refill is on: when your balance falls below ${whole.format(saved.thresholdCredits)} credits, ` +
      `we charge ${card.label} for ${refillBuys(saved)}.`,
  };
});

/** "Confirm payment" answers with the bank's check to run in the page, or how the payment ended. */
export type RefillConfirmState = FormState | { status: "ok"; message: string; nextAction: { url: string; clientSecret: string | null } };

/**
 * "Confirm payment" for an auto-refill the bank wanted confirmed: the same
 * PaymentIntent, confirmed with the user present ("confirm"); the browser
 * runs the bank's check in the page with Stripe.js, then asks how it ended
 * ("finish"). The notice goes once the payment went through.
 */
export const confirmRefillAction = userAction(
  z.object({
    purchaseId: z.string().regex(/^pur_[A-Za-z0-9_-]+$/).max(100),
    noticeId: z.coerce.number().int().positive(),
    step: z.enum(["confirm", "finish"]).default("confirm"),
  }),
  async ({ purchaseId, noticeId, step }, { user }): Promise<RefillConfirmState> => {
    if (!(await refillAwaitingConfirmation(user.id, purchaseId))) {
      throw new AppError("not_found", "That payment is not one of yours, or no longer waits for confirmation.");
    }
    const origin = new URL((await headers()).get("referer") ?? "http://localhost/").origin;
    const outcome =
      step === "finish"
        ? await finishRefillOnSession(user.id, purchaseId)
        : await confirmRefillOnSession(user.id, purchaseId, `${origin}/settings/billing`);
    if (!outcome) throw new AppError("not_found", "That payment is no longer waiting for confirmation.");
    if (outcome.status === "requires_action") {
      return { status: "ok", message: "Your bank asks you to confirm this payment.", nextAction: { url: outcome.url, clientSecret: outcome.clientSecret } };
    }
    if (outcome.status === "failed") throw new AppError("invalid_request", outcome.message, { status: 402 });
    await markRead(user.id, noticeId);
    return { status: "ok", message: "Payment confirmed: your credits are on their way." };
  },
);
