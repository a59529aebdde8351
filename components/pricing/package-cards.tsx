import { SlidersHorizontal } from "lucide-react";
import {
  CREDIT_PRICE_CENTS,
  creditPackages,
  CUSTOM_CREDITS_MAX,
  CUSTOM_CREDITS_MIN,
  formatUsd,
} from "@/lib/credits/shared";

const number = new Intl.NumberFormat("en-US");

const cardClass =
  "flex flex-col rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

/** The three packages and the custom amount, as sold in the "Purchase More Credits" panel. */
export function PackageCards() {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {creditPackages.map((pkg) => (
        <li key={pkg.credits} className={cardClass}>
          <p className="text-3xl font-semibold tracking-tight">{formatUsd(pkg.priceCents)}</p>
          <p className="mt-1 font-medium">{number.format(pkg.credits)} credits</p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{number.format(pkg.credits)} pro agent requests</p>
          <p className="mt-auto pt-4 text-sm text-zinc-600 dark:text-zinc-400">{CREDIT_PRICE_CENTS}¢ a credit</p>
        </li>
      ))}
      <li className={`${cardClass} border-dashed`}>
        <p className="flex items-center gap-2 text-xl font-semibold tracking-tight">
          <SlidersHorizontal aria-hidden className="size-5 text-brand-600 dark:text-brand-100" />
          Custom amount
        </p>
        <p className="mt-1 font-medium">
          {number.format(CUSTOM_CREDITS_MIN)} to {number.format(CUSTOM_CREDITS_MAX)} credits
        </p>
        <p className="mt-auto pt-4 text-sm text-zinc-600 dark:text-zinc-400">
          {CREDIT_PRICE_CENTS}¢ per credit: {formatUsd(CUSTOM_CREDITS_MIN * CREDIT_PRICE_CENTS)} to{" "}
          {formatUsd(CUSTOM_CREDITS_MAX * CREDIT_PRICE_CENTS)}
        </p>
      </li>
    </ul>
  );
}
