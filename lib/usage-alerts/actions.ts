"use server";

// Settings › Billing › Usage alerts: add one, remove one.

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { usageAlertKinds } from "@/db/schema";
import { userAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { MAX_ALERT_THRESHOLD, addAlert, describeAlert, removeAlert } from "@/lib/usage-alerts";

const addSchema = z.object({
  kind: z.enum(usageAlertKinds, { error: "Choose what to be told about." }),
  threshold: z
    .string({ error: "Enter a number of credits." })
    // "1,000" is how the page writes numbers, so it is accepted as typed; anything else but digits is refused.
    .transform((v) => v.replaceAll(",", ""))
    .pipe(z.string().regex(/^\d+$/, { error: "Enter a whole number of credits." }))
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, { error: "Enter at least 1 credit." })
        .max(MAX_ALERT_THRESHOLD, { error: `Enter at most ${MAX_ALERT_THRESHOLD.toLocaleString("en-US")} credits.` }),
    ),
});

export const addUsageAlertAction = userAction(addSchema, async ({ kind, threshold }, { user }) => {
  const { alreadyPast } = await addAlert(user.id, kind, threshold);
  revalidatePath("/settings/billing");
  const name = describeAlert(kind, threshold);
  const message = !alreadyPast
    ? `Added: ${name}.`
    : kind === "balance_below"
      ? `Added: ${name}. Your balance is below it already: you're told the next time it falls below after a top-up.`
      : `Added: ${name}. You've spent more than that today already: you're told from tomorrow.`;
  return { status: "ok", message };
});

export const removeUsageAlertAction = userAction(z.object({ id: z.coerce.number().int().positive() }), async ({ id }, { user }) => {
  if (!(await removeAlert(user.id, id))) throw new AppError("not_found", "No such alert.");
  revalidatePath("/settings/billing");
  return { status: "ok", message: "Alert removed." };
});
