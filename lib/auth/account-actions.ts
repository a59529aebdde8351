"use server";

// Settings › Account and the verification banner: the signed-in user's own account.

import { z } from "zod";
import { userAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { signIn, signOut } from ".";
import { newPasswordSchema } from "./password";
import { changePassword, confirmCurrentPassword, endAllSessions } from "./password-reset";
import { requestEmailChange, resendVerification } from "./verification";

export const resendVerificationAction = userAction(z.object({}), async (_input, { user }) => {
  await resendVerification(user);
  return { status: "ok", message: `We sent a new link to ${user.email}. It works once, for 48 hours.` };
});

export const changePasswordAction = userAction(
  z.object({ currentPassword: z.string().min(1, "Enter your current password.").max(1024), newPassword: newPasswordSchema }),
  async (input, { user }) => {
    if (!user.passwordHash) {
      throw new AppError("invalid_request", "This account signs in with GitHub or Google and has no password to change.");
    }
    await changePassword(user, input.currentPassword, input.newPassword);
    // Every other session has ended; this browser signs in again with the new password (Auth.js
    // answers a server action's sign-in with a redirect, so the page says it from the URL).
    await signIn("credentials", { email: user.email, password: input.newPassword, redirectTo: "/settings?password=changed" });
  },
);

export const changeEmailAction = userAction(
  z.object({
    email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.").max(254)),
    currentPassword: z.string().max(1024).optional(),
  }),
  async (input, { user }) => {
    // Whoever holds a session must also know the password to move the account elsewhere.
    if (user.passwordHash) await confirmCurrentPassword(user, input.currentPassword ?? "");
    await requestEmailChange(user, input.email);
    return {
      status: "ok",
      message: `We sent a link to ${input.email}. Your address changes when you open it; until then it stays ${user.email}.`,
    };
  },
);

export const signOutEverywhereAction = userAction(z.object({}), async (_input, { user }) => {
  await endAllSessions(user.id);
  await signOut({ redirectTo: "/sign-in?signedOut=all" });
});
