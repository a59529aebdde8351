"use server";

// Signed-out doors of an account: "Forgot password?", the reset link's form, and the
// verification / e-mail-change link's button. Their rules live in password-reset.ts and verification.ts.

import { z } from "zod";
import { publicAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { plans } from "@/lib/payments";
import { signIn } from ".";
import { newPasswordSchema } from "./password";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { TOKEN_PATTERN } from "./tokens";
import { useEmailLink, type EmailLinkOutcome } from "./verification";

const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.").max(254));
const token = z.string().regex(TOKEN_PATTERN, "This link is not complete. Open it from the e-mail again.");

/** The one answer, whether or not the address has an account. */
const RESET_REQUESTED =
  "If an account uses this address, we have sent it a link to reset the password. It works once, for one hour. Check your inbox (and spam folder).";

export const forgotPasswordAction = publicAction(z.object({ email }), async (input) => {
  await requestPasswordReset(input.email);
  return { status: "ok", message: RESET_REQUESTED };
});

export const resetPasswordAction = publicAction(
  z.object({ token, password: newPasswordSchema }),
  async (input) => {
    const account = await resetPassword(input.token, input.password);
    if (!account) {
      throw new AppError("invalid_request", "This reset link has been used or has expired. Ask for a new one.", { param: "token" });
    }
    // This browser signs in with the new password; every other session has ended.
    await signIn("credentials", { email: account.email, password: input.password, redirectTo: "/dashboard?password=reset" });
  },
);

const OUTCOME_MESSAGES: Record<EmailLinkOutcome["kind"], string> = {
  verified:
    plans.free.welcomeCredits > 0
      ? `Your e-mail address is verified. Your ${plans.free.welcomeCredits} welcome credits are in your account.`
      : "Your e-mail address is verified.",
  changed: "Your e-mail address is changed. Use the new one to sign in from now on.",
  already: "This address is already verified. There is nothing more to do.",
  taken: "Another account uses this address now, so it could not be moved. Your address is unchanged.",
  invalid: "This link has been used or has expired. Sign in and ask for a new one.",
};

export const verifyEmailAction = publicAction(z.object({ token }), async (input) => {
  const outcome = await useEmailLink(input.token);
  if (outcome.kind === "invalid" || outcome.kind === "taken") {
    throw new AppError("invalid_request", OUTCOME_MESSAGES[outcome.kind], { param: "token" });
  }
  return { status: "ok", message: OUTCOME_MESSAGES[outcome.kind] };
});
