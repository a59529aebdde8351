"use server";

// The notice banners' "Dismiss".

import { z } from "zod";
import { userAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { markRead } from "@/lib/notifications";

export const dismissNoticeAction = userAction(z.object({ id: z.coerce.number().int().positive() }), async ({ id }, { user }) => {
  if (!(await markRead(user.id, id))) throw new AppError("not_found", "No such notice.");
});
