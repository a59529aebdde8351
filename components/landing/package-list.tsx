import { CREDIT_PRICE_CENTS, creditPackages, formatUsd } from "@/lib/credits/shared";

const number = new Intl.NumberFormat("en-US");

/** The three credit packages, read from the one list the panel sells (never numbers of its own). */
export function PackageList() {
  return (
    <ul className="grid gap-4 sm:grid-cols-3">
      {creditPackages.map((pkg) => (
        <li
          key={pkg.credits}
          className="flex flex-col rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
        >
          <p className="text-3xl font-semibold tracking-tight">{formatUsd(pkg.priceCents)}</p>
          <p className="mt-1 font-medium">{number.format(pkg.credits)} credits</p>
          <p className="mt-auto pt-3 text-sm text-zinc-600 dark:text-zinc-400">
            {number.format(pkg.credits)} pro agent requests, at {CREDIT_PRICE_CENTS}¢ a credit
          </p>
        </li>
      ))}
    </ul>
  );
}
