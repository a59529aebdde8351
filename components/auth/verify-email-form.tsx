"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { verifyEmailAction } from "@/lib/auth/recovery-actions";
import { idle } from "@/lib/form-state";

/** A button, not a page that verifies on load: mail scanners that open links must not use them up. */
export function VerifyEmailForm({ token, change }: { token: string; change: boolean }) {
  const [state, action] = useActionState(verifyEmailAction, idle);
  if (state.status === "ok") {
    return (
      <div className="mt-6 space-y-4">
        <Alert tone="success">{state.message}</Alert>
        <Link href="/dashboard" className="block text-center text-sm font-medium text-brand-600 underline-offset-4 hover:underline dark:text-brand-100">
          Go to your dashboard
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="mt-6 space-y-4">
      <input type="hidden" name="token" value={token} />
      {state.status === "error" ? <Alert tone="error">{state.message}</Alert> : null}
      <SubmitButton className="w-full" pendingLabel="Confirming…">
        {change ? "Confirm my new e-mail" : "Verify my e-mail"}
      </SubmitButton>
    </form>
  );
}
