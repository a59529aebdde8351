"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { changeEmailAction } from "@/lib/auth/account-actions";
import { idle } from "@/lib/form-state";

/** The new address gets a link; the account moves to it when the link is opened. */
export function ChangeEmailForm({ hasPassword }: { hasPassword: boolean }) {
  const [state, action] = useActionState(changeEmailAction, idle);
  const values = state.status === "error" ? state.values : undefined;
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const formError = state.status === "error" && !errors?.email && !errors?.currentPassword ? state.message : undefined;
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      {state.status === "ok" ? <Alert tone="success">{state.message}</Alert> : null}
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field
        id="new-email"
        name="email"
        type="email"
        label="New e-mail address"
        autoComplete="email"
        required
        defaultValue={values?.email}
        error={errors?.email}
      />
      {hasPassword ? (
        <Field
          id="email-current-password"
          name="currentPassword"
          type="password"
          label="Current password"
          autoComplete="current-password"
          required
          error={errors?.currentPassword}
        />
      ) : null}
      <SubmitButton pendingLabel="Sending…">Change e-mail</SubmitButton>
    </form>
  );
}
