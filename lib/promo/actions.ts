"use server";

// A user redeems a promo code under "Have a code?" in the purchase panel.

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions";
import { redeemPromoCode, redeemSchema } from "@/lib/promo";

export const redeemPromoCodeAction = userAction(redeemSchema, async ({ code }, { user }) => {
  const redeemed = await redeemPromoCode(user, code);
  // The balance updates by itself (the ledger notifies the live stream); pages that list grants re-read.
  revalidatePath("/", "layout");
  return { status: "ok", message: `${redeemed.credits.toLocaleString("en-US")} credits added` };
});
