"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteAccountAction } from "@/lib/account/actions";
import { DELETE_CONFIRMATION } from "@/lib/account/confirmation";
import { idle } from "@/lib/form-state";

/** Settings › Account: deleting the account, once the user has typed the phrase. */
export function DeleteAccountForm() {
  const [state, action] = useActionState(deleteAccountAction, idle);
  const error = state.status === "error" ? (state.fieldErrors?.confirmation ?? state.message) : undefined;
  return (
    <form action={action} noValidate className="space-y-4">
      <ul className="list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
        <li>You are signed out everywhere, and your API keys stop working.</li>
        <li>Pro is canceled now, auto-refill is turned off, and your saved cards are removed from Stripe.</li>
        <li>Your name, e-mail, password, notices and uploaded screenshots are erased. Your remaining credits are lost.</li>
        <li>Records of past payments and credit use are kept without your name, as the books require.</li>
      </ul>
      {state.status === "error" && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field
        id="delete-confirmation"
        name="confirmation"
        label={`To confirm, type “${DELETE_CONFIRMATION}”`}
        autoComplete="off"
        spellCheck={false}
        required
        defaultValue={state.status === "error" ? state.values?.confirmation : undefined}
        error={error}
        className="max-w-sm"
      />
      <SubmitButton variant="danger" pendingLabel="Deleting…">
        Delete account
      </SubmitButton>
    </form>
  );
}
