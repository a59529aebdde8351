"use server";

// The notice banners' "Dismiss", and Settings › Account › Notifications.

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { markRead, saveMailSwitches } from "@/lib/notifications";

export const dismissNoticeAction = userAction(z.object({ id: z.coerce.number().int().positive() }), async ({ id }, { user }) => {
  if (!(await markRead(user.id, id))) throw new AppError("not_found", "No such notice.");
});

// An HTML checkbox: "on" when ticked, absent when not.
const checkbox = z
  .literal("on")
  .optional()
  .transform((v) => v === "on");

export const saveMailSwitchesAction = userAction(
  z.object({ autoRefill: checkbox, disputes: checkbox, lowBalance: checkbox, usageAlerts: checkbox }),
  async (switches, { user }) => {
    await saveMailSwitches(user.id, switches);
    revalidatePath("/settings");
    return { status: "ok", message: "Saved. Receipts and security e-mails are always sent." };
  },
);
