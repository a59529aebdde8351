"use client";

import Link from "next/link";
import { clsx } from "clsx";
import { formatUsd } from "@/lib/credits/shared";
import { refillBuys, type RefillSize } from "@/lib/payments/auto-refill/words";

const whole = new Intl.NumberFormat("en-US");

/** What the box said last: the setting saved (or refused), in words, for the live region. */
export type AutoRefillNote = { tone: "ok" | "error"; text: string };

/**
 * Step 5: the "Credit Auto-Refill" box. It is the auto-refill setting
 * (DESIGN.md §5): with a saved card it saves itself, with none it goes with
 * "Save this card" and the purchase. The sentence names what a refill charges,
 * with the way to change it.
 */
export function AutoRefillBox({
  id,
  checked,
  disabled,
  savesAtOnce,
  reason,
  thresholdCredits,
  size,
  monthlyLimitCents,
  cardLabel,
  pausedReason,
  note,
  onChange,
}: {
  id: string;
  checked: boolean;
  disabled: boolean;
  /** A card is saved: the box is saved when it changes, not with the purchase. */
  savesAtOnce: boolean;
  /** Why the box cannot be checked right now. */
  reason?: string;
  thresholdCredits: number;
  /** What a refill buys: a fixed amount, or what brings the balance back up to a target. */
  size: RefillSize;
  monthlyLimitCents: number;
  /** The card a refill charges ("Visa •••• 4242"); null before one is saved. */
  cardLabel: string | null;
  pausedReason: string | null;
  note: AutoRefillNote | null;
  onChange: (checked: boolean) => void;
}) {
  const describedBy = [`${id}-what`, reason ? `${id}-why` : null, pausedReason ? `${id}-paused` : null].filter(Boolean).join(" ");
  const refill = refillBuys(size);
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
      <div className="min-w-0 text-sm">
        <label htmlFor={id} className="font-medium">
          Credit Auto-Refill
        </label>
        <p id={`${id}-what`} className="mt-0.5 text-zinc-600 dark:text-zinc-400">
          {savesAtOnce
            ? checked
              ? `When your balance falls below ${whole.format(thresholdCredits)} credits, we charge ${cardLabel ?? "your default card"} for ${refill}, at most ${formatUsd(monthlyLimitCents)} a month.`
              : `Check it to have ${cardLabel ?? "your default card"} charged ${size.mode === "target" ? `for ${refill}` : refill} whenever your balance falls below ${whole.format(thresholdCredits)} credits, at most ${formatUsd(monthlyLimitCents)} a month.`
            : `Starts with this purchase once the card is saved: when your balance falls below ${whole.format(thresholdCredits)} credits, we charge it for ${refill}, at most ${formatUsd(monthlyLimitCents)} a month.`}{" "}
          <Link
            href="/settings/billing#auto-refill"
            className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100"
          >
            Change amount
          </Link>
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
        {/* Always in the page, so screen readers announce what the box just saved. */}
        <p
          id={`${id}-note`}
          role="status"
          className={clsx(
            // Clear of the dialog's sticky footer when scrolled into view.
            "mt-1 scroll-mb-40 font-medium empty:mt-0",
            note?.tone === "error" ? "text-red-700 dark:text-red-400" : "text-emerald-800 dark:text-emerald-300",
          )}
        >
          {note?.text}
        </p>
      </div>
    </div>
  );
}
