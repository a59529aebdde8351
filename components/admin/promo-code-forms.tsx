"use client";

import { useActionState } from "react";
import { createPromoCodeAction, disablePromoCodeAction } from "@/lib/promo/admin-actions";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/form-state";

/** Support's form for a new code; what was typed stays when it is refused. */
export function CreatePromoCodeForm() {
  const [state, action] = useActionState(createPromoCodeAction, idle);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const values = state.status === "error" ? state.values : undefined;
  return (
    <form
      action={action}
      noValidate
      aria-labelledby="new-code-heading"
      className="space-y-4 rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="new-code-heading" className="text-base font-semibold">
        New promo code
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="promo-code"
          name="code"
          label="Code"
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={32}
          hint="3 to 32 letters, digits or hyphens; users may type it in any case."
          defaultValue={values?.code}
          error={errors.code}
        />
        <Field
          id="promo-credits"
          name="credits"
          label="Credits"
          type="number"
          inputMode="numeric"
          min={1}
          max={100000}
          step={1}
          required
          hint="Granted to each user who redeems it: 1 to 100,000."
          defaultValue={values?.credits}
          error={errors.credits}
        />
        <Field
          id="promo-valid-days"
          name="creditsValidDays"
          label="Credits expire after (days)"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          step={1}
          required
          hint="Counted from each redemption, so everyone gets the same time to spend them."
          defaultValue={values?.creditsValidDays ?? "30"}
          error={errors.creditsValidDays}
        />
        <Field
          id="promo-max"
          name="maxRedemptions"
          label="Maximum uses"
          type="number"
          inputMode="numeric"
          min={1}
          max={1000000}
          step={1}
          required
          hint="In all; each user can redeem a code once."
          defaultValue={values?.maxRedemptions}
          error={errors.maxRedemptions}
        />
        <Field
          id="promo-expires"
          name="expiresOn"
          label="Code can be redeemed until (optional)"
          type="date"
          hint="Through the end of that day, UTC. Empty: until it is used up or disabled."
          defaultValue={values?.expiresOn}
          error={errors.expiresOn}
        />
      </div>
      {state.status === "ok" && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {state.status === "error" && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <SubmitButton pendingLabel="Creating…">Create code</SubmitButton>
    </form>
  );
}

/** Stops a code from being redeemed (what it granted stays). */
export function DisablePromoCodeButton({ codeId, code }: { codeId: number; code: string }) {
  const [state, action] = useActionState(disablePromoCodeAction, idle);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="codeId" value={codeId} />
      <SubmitButton pendingLabel="Disabling…" variant="secondary" className="h-8 px-3">
        Disable<span className="sr-only"> {code}</span>
      </SubmitButton>
      {state.status === "error" ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
