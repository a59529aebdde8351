"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { signOutEverywhereAction } from "@/lib/auth/account-actions";
import { idle } from "@/lib/form-state";

/** Ends every session of the account, this one included (a lost laptop, a shared computer). */
export function SignOutEverywhere() {
  const [state, action] = useActionState(signOutEverywhereAction, idle);
  return (
    <form action={action} className="space-y-3">
      {state.status === "error" ? <Alert tone="error">{state.message}</Alert> : null}
      <SubmitButton variant="secondary" pendingLabel="Signing out…">
        Sign out of all devices
      </SubmitButton>
    </form>
  );
}
