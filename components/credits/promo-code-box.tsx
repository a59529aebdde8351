"use client";

import { CheckCircle2, ChevronDown } from "lucide-react";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { redeemPromoCodeAction } from "@/lib/promo/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/form-state";

/**
 * "Have a code?" in the purchase panel: a button that reveals "Promo code" and
 * "Redeem". The balance above updates by itself (the ledger notifies the live
 * stream); this says what was added, or why nothing was.
 */
export function PromoCodeBox() {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(redeemPromoCodeAction, idle);
  const inputRef = useRef<HTMLInputElement>(null);
  const error = state.status === "error" ? state.message : undefined;

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  return (
    <div className="rounded-lg border border-zinc-200 dark:border-zinc-800">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center justify-between gap-2 rounded-lg px-4 py-2.5 text-left text-sm font-medium hover:bg-zinc-50 dark:hover:bg-zinc-800/60"
      >
        Have a code?
        <ChevronDown aria-hidden className={`size-4 shrink-0 transition-transform ${open ? "rotate-180" : ""}`} />
      </button>
      <form id={`${id}-form`} hidden={!open} action={action} noValidate className="space-y-2 border-t border-zinc-200 px-4 pt-3 pb-4 dark:border-zinc-800">
        <label htmlFor={`${id}-code`} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Promo code
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            ref={inputRef}
            id={`${id}-code`}
            name="code"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={64}
            defaultValue={state.status === "error" ? state.values?.code : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : `${id}-hint`}
            className={`block h-10 w-full min-w-0 rounded-lg border bg-white px-3 font-mono text-sm uppercase shadow-sm dark:bg-zinc-900 ${
              error ? "border-red-500 focus-visible:outline-red-500" : "border-zinc-300 dark:border-zinc-700"
            }`}
          />
          <SubmitButton pendingLabel="Redeeming…" variant="secondary" className="shrink-0">
            Redeem
          </SubmitButton>
        </div>
        {error ? (
          <p id={`${id}-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error} No credits were added.
          </p>
        ) : (
          <p id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
            Promo credits are spent before purchased ones and expire.
          </p>
        )}
        {state.status === "ok" && state.message ? (
          <p role="status" className="flex items-center gap-2 text-sm font-medium text-emerald-800 dark:text-emerald-300">
            <CheckCircle2 aria-hidden className="size-4 shrink-0" />
            {state.message}
          </p>
        ) : null}
      </form>
    </div>
  );
}
