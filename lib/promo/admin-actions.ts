"use server";

// Support's promo codes at /admin/promo-codes: create one, disable one (admins only; anyone else gets a 404).

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { createCodeSchema, createPromoCode, disablePromoCode } from "@/lib/promo";

export const createPromoCodeAction = adminAction(createCodeSchema, async (input, { admin }) => {
  const code = await createPromoCode(admin, input);
  revalidatePath("/admin/promo-codes");
  return { status: "ok", message: `Created ${code.code}: ${code.credits.toLocaleString("en-US")} credits, up to ${code.maxRedemptions.toLocaleString("en-US")} uses.` };
});

export const disablePromoCodeAction = adminAction(
  z.object({ codeId: z.coerce.number({ error: "No such code." }).int("No such code.").positive("No such code.").max(Number.MAX_SAFE_INTEGER, "No such code.") }),
  async ({ codeId }) => {
    const result = await disablePromoCode(codeId);
    if (!result) throw new AppError("not_found", "This code does not exist.");
    revalidatePath("/admin/promo-codes");
    return { status: "ok", message: result.changed ? `${result.code} is disabled.` : `${result.code} was already disabled.` };
  },
);
