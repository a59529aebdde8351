"use client";

/**
 * The card form used when payments run against the local Stripe sandbox: the
 * browser sends the card to the sandbox with the publishable key and the app
 * only ever receives the resulting `pm_…` id (onPaymentMethod). With real
 * Stripe keys a Stripe Elements form takes its place (a later issue).
 *
 * It renders no <form> of its own so that it can sit inside the parent's
 * form; Enter in a field tokenizes instead of submitting the parent.
 */
import { useId, useState, type KeyboardEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import {
  formatCardNumber,
  formatExpiry,
  tokenizeCard,
  validateCard,
  type CardErrors,
  type CardField,
  type CardInput,
} from "./card-details";

export interface SandboxCardFormProps {
  /** Base URL of the sandbox, e.g. http://127.0.0.1:12111. */
  sandboxUrl: string;
  publishableKey: string;
  onPaymentMethod: (paymentMethodId: string) => void | Promise<void>;
  submitLabel?: string;
  disabled?: boolean;
}

export function SandboxCardForm({ sandboxUrl, publishableKey, onPaymentMethod, submitLabel = "Add card", disabled }: SandboxCardFormProps) {
  const id = useId();
  const [input, setInput] = useState<CardInput>({ number: "", expiry: "", cvc: "" });
  const [errors, setErrors] = useState<CardErrors>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const update = (field: CardField, value: string) => {
    setInput((prev) => ({ ...prev, [field]: value }));
    // An error goes away as soon as the user edits the field it is about.
    if (errors[field]) setErrors((prev) => ({ ...prev, [field]: undefined }));
  };

  // Checked on leaving a field that has something in it; empty fields wait for submit.
  const checkField = (field: CardField) => {
    if (!input[field]) return;
    setErrors((prev) => ({ ...prev, [field]: validateCard(input).errors[field] }));
  };

  async function submit() {
    if (busy || disabled) return;
    setFormError(undefined);
    const { errors: found, card } = validateCard(input);
    setErrors(found);
    if (!card) {
      const first = (["number", "expiry", "cvc"] as const).find((f) => found[f]);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await tokenizeCard({ sandboxUrl, publishableKey, card });
      if ("id" in result) {
        // The card details are not needed any more; keep nothing sensitive in memory.
        setInput({ number: "", expiry: "", cvc: "" });
        await onPaymentMethod(result.id);
      } else if (result.error.field) {
        setErrors({ [result.error.field]: result.error.message });
        document.getElementById(`${id}-${result.error.field}`)?.focus();
      } else {
        setFormError(result.error.message);
      }
    } finally {
      setBusy(false);
    }
  }

  const onEnter = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    void submit();
  };

  return (
    <fieldset className="space-y-3" disabled={disabled || busy} aria-describedby={`${id}-mode`}>
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Card details</legend>
      <p id={`${id}-mode`} className="text-xs text-amber-800 dark:text-amber-300">
        Test mode — no real charges. Use a test card such as 4242 4242 4242 4242.
      </p>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field
        id={`${id}-number`}
        label="Card number"
        inputMode="numeric"
        autoComplete="cc-number"
        placeholder="1234 1234 1234 1234"
        value={input.number}
        onChange={(e) => update("number", formatCardNumber(e.target.value))}
        onBlur={() => checkField("number")}
        onKeyDown={onEnter}
        error={errors.number}
        required
      />
      <div className="grid grid-cols-2 gap-3">
        <Field
          id={`${id}-expiry`}
          label="Expiration"
          inputMode="numeric"
          autoComplete="cc-exp"
          placeholder="MM / YY"
          hint="MM / YY"
          value={input.expiry}
          onChange={(e) => update("expiry", formatExpiry(e.target.value))}
          onBlur={() => checkField("expiry")}
          onKeyDown={onEnter}
          error={errors.expiry}
          required
        />
        <Field
          id={`${id}-cvc`}
          label="CVC"
          inputMode="numeric"
          autoComplete="cc-csc"
          placeholder="123"
          maxLength={4}
          value={input.cvc}
          onChange={(e) => update("cvc", e.target.value.replace(/\D/g, "").slice(0, 4))}
          onBlur={() => checkField("cvc")}
          onKeyDown={onEnter}
          error={errors.cvc}
          required
        />
      </div>
      <Button onClick={() => void submit()} disabled={disabled || busy} aria-busy={busy || undefined}>
        {busy ? "Saving card…" : submitLabel}
      </Button>
    </fieldset>
  );
}
