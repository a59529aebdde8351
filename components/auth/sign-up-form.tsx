"use client";

import { useActionState } from "react";
import { signUpAction } from "@/lib/auth/actions";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { NewPasswordField } from "./new-password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/form-state";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signUpAction, idle);
  const values = state.status === "error" ? state.values : undefined;
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const formError = state.status === "error" && !errors?.email && !errors?.password ? state.message : undefined;

  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field id="name" name="name" label="Name (optional)" autoComplete="name" defaultValue={values?.name} maxLength={100} />
      <Field
        id="email"
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        defaultValue={values?.email}
        error={errors?.email}
      />
      <NewPasswordField id="password" name="password" label="Password" error={errors?.password} />
      <SubmitButton className="w-full" pendingLabel="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
