"use client";

import { CREDIT_PRICE_CENTS, formatUsd } from "@/lib/credits/shared";

const whole = new Intl.NumberFormat("en-US");

/** Step 5: the "Credit Auto-Refill" box, with one sentence on what it does. */
export function AutoRefillBox({
  id,
  checked,
  disabled,
  reason,
  thresholdCredits,
  refillCredits,
  monthlyLimitCents,
  pausedReason,
  onChange,
}: {
  id: string;
  checked: boolean;
  disabled: boolean;
  /** Why the box cannot be checked right now. */
  reason?: string;
  thresholdCredits: number;
  refillCredits: number;
  monthlyLimitCents: number;
  pausedReason: string | null;
  onChange: (checked: boolean) => void;
}) {
  const describedBy = [`${id}-what`, reason ? `${id}-why` : null, pausedReason ? `${id}-paused` : null].filter(Boolean).join(" ");
  return (
    <div className="flex items-start gap-3 rounded-lg border border-zinc-200 px-3.5 py-3 dark:border-zinc-800">
      <input
        id={id}
        type="checkbox"
        name="autoRefill"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={describedBy}
        className="mt-0.5 size-4 shrink-0 accent-brand-600 disabled:cursor-not-allowed"
      />
      <div className="text-sm">
        <label htmlFor={id} className="font-medium">
          Credit Auto-Refill
        </label>
        <p id={`${id}-what`} className="mt-0.5 text-zinc-600 dark:text-zinc-400">
          When your balance falls below {whole.format(thresholdCredits)} credits, we charge your card for{" "}
          {whole.format(refillCredits)} credits ({formatUsd(refillCredits * CREDIT_PRICE_CENTS)}), at most {formatUsd(monthlyLimitCents)} a month.
        </p>
        {reason ? (
          <p id={`${id}-why`} className="mt-1 text-amber-800 dark:text-amber-300">
            {reason}
          </p>
        ) : null}
        {pausedReason ? (
          <p id={`${id}-paused`} className="mt-1 text-amber-800 dark:text-amber-300">
            Auto-refill was paused: {pausedReason}
          </p>
        ) : null}
      </div>
    </div>
  );
}
