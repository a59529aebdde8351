"use client";

import { MailWarning } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { resendVerificationAction } from "@/lib/auth/account-actions";
import { idle } from "@/lib/form-state";
import { TestInboxLink } from "./test-inbox-link";

/** Until the address is verified: what is waiting on it (the welcome credits) and a way to get a new link. */
export function VerifyEmailBanner({ email, welcomeCredits, inbox }: { email: string; welcomeCredits: number; inbox: string | null }) {
  const [state, resend] = useActionState(resendVerificationAction, idle);
  return (
    <div className="mx-auto w-full max-w-6xl px-4 pt-4 sm:px-6 print:hidden">
      <section
        aria-labelledby="verify-email-title"
        className="flex items-start gap-3 rounded-xl border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/60 dark:text-sky-100"
      >
        <MailWarning aria-hidden className="mt-0.5 size-4 shrink-0" />
        <div className="min-w-0 flex-1">
          <h2 id="verify-email-title" className="font-semibold">
            Verify your e-mail
          </h2>
          <p className="mt-0.5 break-words">
            We sent a link to <strong>{email}</strong>. Open it to confirm the address
            {welcomeCredits > 0 ? ` and get your ${welcomeCredits} welcome credits` : ""}.
            {inbox ? (
              <>
                {" "}
                In test mode it is in the <TestInboxLink href={inbox} />.
              </>
            ) : null}
          </p>
          {state.status === "error" ? <p role="alert" className="mt-1 font-medium">{state.message}</p> : null}
          {state.status === "ok" ? <p role="status" className="mt-1 font-medium">{state.message}</p> : null}
          <form action={resend} className="mt-2">
            <SubmitButton variant="secondary" pendingLabel="Sending…">
              Resend
            </SubmitButton>
          </form>
        </div>
      </section>
    </div>
  );
}
