"use client";

import { clsx } from "clsx";
import { Check, Circle } from "lucide-react";
import { useActionState, useState } from "react";
import { signUpAction } from "@/lib/auth/actions";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { passwordRules } from "@/lib/auth/password-rules";
import { idle } from "@/lib/form-state";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signUpAction, idle);
  const [password, setPassword] = useState("");
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
      <Field
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors?.password}
        hint={
          <ul aria-label="Password rules" className="mt-1 space-y-1">
            {passwordRules.map((rule) => {
              const met = rule.test(password);
              return (
                <li key={rule.id} className={clsx("flex items-center gap-1.5", met && "text-emerald-700 dark:text-emerald-400")}>
                  {met ? <Check aria-hidden className="size-3.5" /> : <Circle aria-hidden className="size-3.5" />}
                  {rule.label}
                  <span className="sr-only">{met ? " (met)" : " (not met yet)"}</span>
                </li>
              );
            })}
          </ul>
        }
      />
      <SubmitButton className="w-full" pendingLabel="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
