"use client";

import { useActionState } from "react";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { changePasswordAction } from "@/lib/auth/account-actions";
import { idle } from "@/lib/form-state";

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, idle);
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const formError = state.status === "error" && !errors?.currentPassword && !errors?.newPassword ? state.message : undefined;
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      {state.status === "ok" ? <Alert tone="success">{state.message}</Alert> : null}
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field
        id="current-password"
        name="currentPassword"
        type="password"
        label="Current password"
        autoComplete="current-password"
        required
        error={errors?.currentPassword}
      />
      <NewPasswordField id="new-password" name="newPassword" label="New password" error={errors?.newPassword} />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}
