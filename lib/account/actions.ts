"use server";

// Settings › Account: "Delete account", confirmed by typing a phrase.

import { z } from "zod";
import { userAction } from "@/lib/actions";
import { signOut } from "@/lib/auth";
import { deleteAccount } from ".";
import { DELETE_CONFIRMATION } from "./confirmation";

export const deleteAccountAction = userAction(
  z.object({
    confirmation: z
      .string()
      .max(100)
      .refine((v) => v.trim().toLowerCase() === DELETE_CONFIRMATION, `Type “${DELETE_CONFIRMATION}” to confirm.`),
  }),
  async (_input, { user }) => {
    await deleteAccount(user.id);
    // This browser's cookie goes now; every other session is refused on its next request (deleted_at).
    await signOut({ redirectTo: "/sign-in" });
  },
);

