"use client";

import { useActionState, useState } from "react";
import { saveAutoRefillAction } from "@/lib/payments/auto-refill/actions";
import type { PanelData } from "@/components/credits/panel-types";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { DEFAULT_LOW_BALANCE_THRESHOLD, CREDIT_PRICE_CENTS, CUSTOM_CREDITS_MIN, formatUsd } from "@/lib/credits/shared";
import { idle, type FormState } from "@/lib/form-state";

const whole = new Intl.NumberFormat("en-US");

const MODES = [
  { value: "fixed", label: "A fixed amount" },
  { value: "target", label: "Enough to refill up to a target balance" },
] as const;

/** The target offered before the user picked one. */
const DEFAULT_TARGET = 1_000;

/** Settings › Billing: the one auto-refill setting (the panel's box edits the same one). */
export function AutoRefillForm({ data }: { data: PanelData }) {
  const [state, action] = useActionState<FormState, FormData>(saveAutoRefillAction, idle);
  const values = state.status === "error" ? state.values : undefined;
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const s = data.autoRefill;
  const noCards = data.cards.length === 0;
  const [enabled, setEnabled] = useState(values ? values.enabled === "on" : s.enabled);
  // The panel's box saves the same setting: follow it when it changes there (derived during render).
  const [seenEnabled, setSeenEnabled] = useState(s.enabled);
  if (seenEnabled !== s.enabled) {
    setSeenEnabled(s.enabled);
    setEnabled(s.enabled);
  }
  const [refill, setRefill] = useState(values?.refillCredits ?? String(s.refillCredits));
  const refillNumber = Number(refill);
  const [mode, setMode] = useState(values?.mode === "target" || values?.mode === "fixed" ? values.mode : s.mode);
  const [target, setTarget] = useState(values?.targetBalance ?? String(s.targetBalance ?? DEFAULT_TARGET));

  return (
    <form action={action} noValidate className="space-y-4">
      {s.pausedReason && !s.enabled ? (
        <Alert tone="error">
          Auto-refill was paused: {s.pausedReason} Check your card, then turn it back on.
        </Alert>
      ) : null}
      {state.status === "ok" && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {state.status === "error" && !Object.keys(errors).some((k) => k !== "form") ? <Alert tone="error">{state.message}</Alert> : null}

      <div className="flex items-start gap-3">
        <input
          id="auto-refill-enabled"
          type="checkbox"
          name="enabled"
          checked={enabled && !noCards}
          disabled={noCards}
          onChange={(e) => setEnabled(e.target.checked)}
          aria-describedby="auto-refill-enabled-hint"
          className="mt-0.5 size-4 shrink-0 accent-brand-600"
        />
        <div className="text-sm">
          <label htmlFor="auto-refill-enabled" className="font-medium">
            Auto-refill
          </label>
          <p id="auto-refill-enabled-hint" className="mt-0.5 text-zinc-600 dark:text-zinc-400">
            {noCards
              ? "Save a card first: auto-refill charges a saved card."
              : "Charge your card automatically when your balance runs low, so features that use credits keep working."}
          </p>
          {errors.enabled ? <p className="mt-1 text-red-700 dark:text-red-400">{errors.enabled}</p> : null}
        </div>
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="auto-refill-threshold"
          name="thresholdCredits"
          label="When the balance falls below"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          defaultValue={values?.thresholdCredits ?? s.thresholdCredits}
          hint="credits"
          error={errors.thresholdCredits}
        />
        <fieldset className="space-y-2 sm:col-span-2">
          <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Each refill buys</legend>
          <div className="flex flex-col gap-2 sm:flex-row sm:gap-6">
            {MODES.map((m) => (
              <label key={m.value} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="mode"
                  value={m.value}
                  // Uncontrolled, its default following the state: React resets the form after
                  // the action, and a controlled radio would then show unchecked (the state unchanged).
                  defaultChecked={mode === m.value}
                  onChange={() => setMode(m.value)}
                  className="size-4 shrink-0 accent-brand-600"
                />
                {m.label}
              </label>
            ))}
          </div>
          {errors.mode ? <p className="text-sm text-red-700 dark:text-red-400">{errors.mode}</p> : null}
        </fieldset>
        {mode === "fixed" ? (
          <Field
            id="auto-refill-amount"
            name="refillCredits"
            label="Buy this many credits"
            type="number"
            inputMode="numeric"
            min={125}
            step={1}
            value={refill}
            onChange={(e) => setRefill(e.target.value)}
            hint={Number.isInteger(refillNumber) && refillNumber > 0 ? `${formatUsd(refillNumber * CREDIT_PRICE_CENTS)} each time` : "credits"}
            error={errors.refillCredits}
          />
        ) : (
          <Field
            id="auto-refill-target"
            name="targetBalance"
            label="Refill up to"
            type="number"
            inputMode="numeric"
            min={125}
            step={1}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            hint={`credits: each refill buys what brings your balance back to this, at least ${CUSTOM_CREDITS_MIN} credits (${formatUsd(CUSTOM_CREDITS_MIN * CREDIT_PRICE_CENTS)}).`}
            error={errors.targetBalance}
          />
        )}
        {/* The other mode's field goes as saved: it is kept for switching back, and an
            unsaved edit to it cannot earn an error beside a field that is not shown. */}
        {mode === "fixed" ? (
          <input type="hidden" name="targetBalance" value={s.targetBalance ?? ""} />
        ) : (
          <input type="hidden" name="refillCredits" value={s.refillCredits} />
        )}
        <Field
          id="auto-refill-limit"
          name="monthlyLimit"
          label="Monthly limit (USD)"
          type="number"
          inputMode="decimal"
          min={5}
          step={1}
          defaultValue={values?.monthlyLimit ?? s.monthlyLimitCents / 100}
          hint="Auto-refill stops for the rest of the calendar month at this amount."
          error={errors.monthlyLimit}
        />
        <div className="space-y-1.5">
          <label htmlFor="auto-refill-card" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            Card
          </label>
          <select
            id="auto-refill-card"
            name="paymentMethodId"
            defaultValue={values?.paymentMethodId ?? s.paymentMethodId ?? "default"}
            disabled={noCards}
            aria-invalid={errors.paymentMethodId ? true : undefined}
            className="block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="default">
              Default card{data.cards.find((c) => c.isDefault) ? ` (${data.cards.find((c) => c.isDefault)!.label})` : ""}
            </option>
            {data.cards.map((card) => (
              <option key={card.id} value={card.id}>
                {card.label}
              </option>
            ))}
          </select>
          {errors.paymentMethodId ? <p className="text-sm text-red-700 dark:text-red-400">{errors.paymentMethodId}</p> : null}
        </div>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {enabled && !noCards
          ? mode === "target"
            ? `On: when your balance falls below the threshold, we charge your card for what brings it back up to the target, up to the monthly limit.`
            : `On: when your balance falls below the threshold, we charge your card for the refill amount, up to the monthly limit.`
          : `Off: you buy credits only when you choose to. The threshold for the low-credits reminder is ${whole.format(DEFAULT_LOW_BALANCE_THRESHOLD)} credits.`}
      </p>
      <SubmitButton pendingLabel="Saving…">Save auto-refill</SubmitButton>
    </form>
  );
}
