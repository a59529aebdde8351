"use client";

import { clsx } from "clsx";
import { creditPackages, formatUsd, customAmountHint, formatUsdExact, parseCustomAmount } from "@/lib/credits/shared";

const whole = new Intl.NumberFormat("en-US");

export type Choice = { kind: "package"; index: number } | { kind: "custom" };

/**
 * Step 2: the three packages as a radio group, and "Credit Amount" for a
 * custom number of credits. Typing an amount replaces the package; the price
 * is shown as the user types (the server prices the purchase itself).
 */
export function PackagePicker({
  idPrefix,
  choice,
  lastPackage,
  customText,
  customError,
  disabled,
  onChoose,
  onCustomText,
  onCustomBlur,
}: {
  idPrefix: string;
  choice: Choice;
  lastPackage: number;
  customText: string;
  customError?: string;
  disabled?: boolean;
  onChoose: (choice: Choice) => void;
  onCustomText: (text: string) => void;
  onCustomBlur: () => void;
}) {
  const custom = parseCustomAmount(customText);
  const amountId = `${idPrefix}-amount`;
  const hintId = `${amountId}-hint`;
  const errorId = `${amountId}-error`;
  return (
    <div className="space-y-4">
      <fieldset disabled={disabled}>
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Credit package</legend>
        <div className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-3">
          {creditPackages.map((pkg, index) => (
            <label
              key={pkg.credits}
              className={clsx(
                "relative flex cursor-pointer items-center justify-between gap-3 rounded-lg border px-3.5 py-3 transition-colors sm:flex-col sm:items-start sm:gap-0.5",
                "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
                choice.kind === "package" && choice.index === index
                  ? "border-brand-600 bg-brand-50 ring-1 ring-brand-600 dark:border-brand-500 dark:bg-brand-700/20 dark:ring-brand-500"
                  : "border-zinc-300 hover:border-zinc-400 dark:border-zinc-700 dark:hover:border-zinc-500",
                disabled && "cursor-not-allowed opacity-70",
              )}
            >
              <input
                type="radio"
                name={`${idPrefix}-package`}
                value={index}
                checked={choice.kind === "package" && choice.index === index}
                onChange={() => onChoose({ kind: "package", index })}
                className="sr-only"
              />
              <span className="text-lg font-semibold tabular-nums">{formatUsd(pkg.priceCents)}</span>
              {/* Balances are in credits, so the package is too; the help text's "pro agent requests" (1 credit each) follows. */}
              <span className="text-right sm:text-left">
                <span className="sr-only"> – </span>
                <span className="block text-sm font-medium tabular-nums">{whole.format(pkg.credits)} credits</span>
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                  <span className="sr-only">, </span>
                  {whole.format(pkg.credits)} pro agent requests
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div>
        <label htmlFor={amountId} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Credit Amount
        </label>
        <div className="mt-1.5 flex items-center gap-3">
          <input
            id={amountId}
            type="number"
            inputMode="numeric"
            min={125}
            max={250_000}
            step={1}
            placeholder="e.g. 1000"
            value={customText}
            disabled={disabled}
            onChange={(e) => {
              onCustomText(e.target.value);
              if (e.target.value.trim() !== "") onChoose({ kind: "custom" });
              else onChoose({ kind: "package", index: lastPackage });
            }}
            onBlur={onCustomBlur}
            aria-invalid={customError ? true : undefined}
            aria-describedby={clsx(hintId, customError && errorId)}
            className={clsx(
              "block h-10 w-full min-w-0 max-w-56 rounded-lg border bg-white px-3 text-sm tabular-nums shadow-sm placeholder:text-zinc-500 dark:bg-zinc-900 dark:placeholder:text-zinc-500",
              customError ? "border-red-500 focus-visible:outline-red-500" : "border-zinc-300 dark:border-zinc-700",
            )}
          />
          <output
            htmlFor={amountId}
            aria-live="off"
            className={clsx(
              "shrink-0 text-sm font-medium tabular-nums",
              choice.kind === "custom" && custom.ok ? "text-zinc-900 dark:text-zinc-100" : "text-zinc-500 dark:text-zinc-400",
            )}
          >
            = {custom.ok ? formatUsdExact(custom.amountCents) : "$0.00"}
          </output>
        </div>
        <p id={hintId} className="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          {customAmountHint}.
        </p>
        {customError ? (
          <p id={errorId} className="mt-1 text-sm text-red-700 dark:text-red-400">
            {customError}
          </p>
        ) : null}
      </div>
    </div>
  );
}
