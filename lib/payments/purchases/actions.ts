"use server";

// The "Purchase More Credits" panel's actions: buy credits, and pick a purchase up again after the bank's page.

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import type { User } from "@/db/schema";
import { userAction } from "@/lib/actions";
import { creditPackages, autoRefillPossible, parseCustomAmount } from "@/lib/credits/shared";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/form-state";
import { applyAutoRefillChoice } from "../auto-refill/settings";
import { listCards } from "../cards/cards";
import { checkbox } from "../form-fields";
import { purchaseCredits, purchaseHistory, resumePurchase, type PurchaseOutcome } from "./purchases";

export type PurchaseResult =
  | { kind: "succeeded"; credits: number; purchaseId: string }
  | { kind: "requires_action"; url: string; clientSecret: string | null }
  | { kind: "pending" };

/** FormState has no slot for data: the outcome rides beside an "ok" state; a decline is an "error". */
export type PurchaseState = FormState | { status: "ok"; message: string; result: PurchaseResult };

/** Only a path on this site: the card's authentication page sends the browser back there. */
const returnPath = z
  .string()
  .max(500)
  .regex(/^\/(?!\/)[^\s\\]*$/)
  .catch("/settings/billing");

const purchaseSchema = z
  .object({
    attemptId: z.uuid({ error: "Reload the page and try again." }),
    choice: z.enum(["package", "custom"], { error: "Choose a credit package or enter an amount." }),
    packageIndex: z.coerce.number().int().min(0).max(creditPackages.length - 1).optional(),
    credits: z.string().max(40).optional(),
    payWith: z.enum(["saved", "new"], { error: "Choose a card." }),
    paymentMethodId: z
      .string({ error: "Choose a saved card, or enter a new card and press “Purchase Credits”." })
      .regex(/^pm_\w{1,250}$/, { error: "Choose a saved card, or enter a new card and press “Purchase Credits”." }),
    saveCard: checkbox,
    autoRefill: checkbox,
    returnPath,
  })
  .transform((input, ctx) => {
    if (input.choice === "package") {
      if (input.packageIndex === undefined) {
        ctx.addIssue({ code: "custom", path: ["packageIndex"], message: "Choose a credit package." });
        return z.NEVER;
      }
      return { ...input, purchase: { packageIndex: input.packageIndex } };
    }
    const amount = parseCustomAmount(input.credits ?? "");
    if (!amount.ok) {
      ctx.addIssue({ code: "custom", path: ["credits"], message: amount.message });
      return z.NEVER;
    }
    return { ...input, purchase: { credits: amount.credits } };
  });

async function origin() {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (/^(localhost|127\.|\[::1\])/.test(host) ? "http" : "https");
  return `${proto}://${host}`;
}

function withQuery(path: string, params: Record<string, string>) {
  const url = new URL(path, "http://x");
  for (const key of ["purchase", "auto_refill", "payment_intent", "payment_intent_client_secret", "redirect_status"]) {
    url.searchParams.delete(key);
  }
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

/**
 * The "Credit Auto-Refill" box rides with a purchase only while no card was
 * saved ("on"/"off"); with a saved card the box saved itself ("keep"), so a
 * panel left open elsewhere cannot undo the setting by buying.
 */
type BoxChoice = "on" | "off" | "keep";

async function stateOf(user: User, outcome: PurchaseOutcome, box: BoxChoice, values: Record<string, string>): Promise<PurchaseState> {
  switch (outcome.status) {
    case "succeeded": {
      if (box !== "keep") {
        const hasSavedCard = box === "on" && (await listCards(user.id)).length > 0;
        await applyAutoRefillChoice(user.id, box === "on", hasSavedCard);
      }
      revalidatePath("/", "layout");
      const credits = outcome.purchase.credits;
      return {
        status: "ok",
        message: `${credits.toLocaleString("en-US")} credits added`,
        result: { kind: "succeeded", credits, purchaseId: outcome.purchase.id },
      };
    }
    case "requires_action":
      return { status: "ok", message: "Your bank asks you to confirm this payment.", result: { kind: "requires_action", url: outcome.url, clientSecret: outcome.clientSecret } };
    case "pending":
      revalidatePath("/", "layout");
      return {
        status: "ok",
        message: "Your payment is processing. The credits arrive as soon as it completes.",
        result: { kind: "pending" },
      };
    case "failed":
      revalidatePath("/", "layout");
      return { status: "error", message: outcome.message, fieldErrors: { paymentMethodId: outcome.message }, values };
  }
}

export const purchaseCreditsAction = userAction(purchaseSchema, async (input, { user }) => {
  const hasSavedCard = (await listCards(user.id)).length > 0;
  if (input.autoRefill && !autoRefillPossible({ hasSavedCard, payWith: input.payWith, saveCard: input.saveCard })) {
    throw new AppError("invalid_request", "Auto-refill needs a saved card: keep “Save this card” checked, or turn auto-refill off.", {
      param: "autoRefill",
    });
  }
  // Back from the card's authentication page, the panel finds the purchase by its attempt id.
  const box: BoxChoice = hasSavedCard ? "keep" : input.autoRefill ? "on" : "off";
  const back = withQuery(input.returnPath, { purchase: input.attemptId, auto_refill: box });
  const outcome = await purchaseCredits(user, {
    attemptId: input.attemptId,
    choice: input.purchase,
    paymentMethodId: input.paymentMethodId,
    newCard: input.payWith === "new",
    saveCard: input.payWith === "new" && input.saveCard,
    returnUrl: `${await origin()}${back}`,
  });
  const values: Record<string, string> = {
    choice: input.choice,
    packageIndex: String(input.packageIndex ?? ""),
    credits: input.credits ?? "",
    payWith: input.payWith,
    autoRefill: input.autoRefill ? "on" : "",
    saveCard: input.saveCard ? "on" : "",
  };
  return stateOf(user, outcome, box, values);
});

/** After the card's authentication page sent the browser back. */
export const resumePurchaseAction = userAction(
  z.object({ attemptId: z.uuid(), autoRefill: z.enum(["on", "off", "keep"]).catch("keep") }),
  async ({ attemptId, autoRefill }, { user }) => {
    const mine = (await purchaseHistory(user.id)).find((p) => p.attemptId === attemptId);
    if (!mine) throw new AppError("not_found", "That purchase could not be found. Check your purchase history.");
    return stateOf(user, await resumePurchase(user.id, mine.id), autoRefill, {});
  },
);
