import type { ReactNode } from "react";
import type { GrantSource } from "@/db/schema";
import type { CreditSummary, Forecast } from "@/lib/credits";
import { LiveCredits } from "@/components/credits/live-credits";
import { formatNumber } from "@/components/usage/names";
import { formatDate } from "@/lib/credits/shared";

/** How the expiry line names a source. */
const sourceNames: Record<GrantSource, string> = {
  allowance: "Plan allowance",
  purchase: "Purchased",
  refill: "Auto-refill",
  // Promo grants are the welcome grant (which never expires) and promo codes' (which do).
  promo: "Promo credits",
  adjustment: "Adjustments",
};

/** "Available by source": promo grants split into the welcome grant and promo codes (told apart by their external ref). */
function sourceRows(summary: CreditSummary): Array<{ label: string; credits: number; expiresAt?: string | null }> {
  const { bySource, promoCodes } = summary;
  return [
    { label: "Plan allowance", credits: bySource.allowance },
    { label: "Purchased", credits: bySource.purchase },
    { label: "Auto-refill", credits: bySource.refill },
    { label: "Welcome credits", credits: bySource.promo - promoCodes.credits },
    { label: "Promo credits", credits: promoCodes.credits, expiresAt: promoCodes.credits > 0 ? promoCodes.expiresAt : null },
    { label: "Adjustments", credits: bySource.adjustment },
  ];
}

function forecastText(forecast: Forecast): string {
  switch (forecast.kind) {
    case "no-credits":
      return "You have no credits available, so features that use credits are paused until you add some.";
    case "no-usage":
      return "No usage in the last 7 days, so there is no pace to forecast from.";
    case "runs-out": {
      const pace = `${formatNumber(Math.round(forecast.perDay * 10) / 10)} credits a day`;
      if (forecast.days < 1) return `At your last 7 days' pace (${pace}), your credits run out within a day.`;
      if (forecast.days > 365) return `At your last 7 days' pace (${pace}), your credits last more than a year.`;
      const days = forecast.days === 1 ? "1 day" : `${formatNumber(forecast.days)} days`;
      return `At your last 7 days' pace (${pace}), your credits last about ${days}.`;
    }
  }
}

/**
 * "Current Credits": the balance, what is available and held (live, from the
 * header's stream), where the credits came from, what expires next and how
 * long they last (from the server, re-read by RefreshOnBalanceChange on the
 * page). `actions` is the place for the purchase button.
 */
export function BalanceCard({
  summary,
  forecast,
  timeZone,
  actions,
  allowance,
}: {
  summary: CreditSummary;
  forecast: Forecast;
  timeZone: string;
  actions?: ReactNode;
  /** Pro's monthly allowance: what is left and when it resets. */
  allowance?: { remaining: number; resetsAt: Date } | null;
}) {
  const soonest = summary.expiring[0];
  return (
    <section
      aria-labelledby="balance-title"
      className="flex h-full flex-col rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="balance-title" className="text-base font-semibold">
        Current Credits
      </h2>
      <p className="mt-3 text-4xl font-semibold tabular-nums" aria-describedby="balance-detail">
        <LiveCredits />
      </p>
      <p id="balance-detail" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        <span className="tabular-nums">
          <LiveCredits field="available" />
        </span>{" "}
        available ·{" "}
        <span className="tabular-nums">
          <LiveCredits field="held" />
        </span>{" "}
        held for requests in progress
      </p>

      {allowance ? (
        <p className="mt-3 text-sm">
          Pro allowance: <span className="font-medium tabular-nums">{formatNumber(allowance.remaining)}</span> left, resets on{" "}
          <time dateTime={allowance.resetsAt.toISOString()} className="font-medium">
            {formatDate(allowance.resetsAt, timeZone)}
          </time>
        </p>
      ) : null}

      <h3 className="mt-5 text-sm font-medium">Available by source</h3>
      <dl className="mt-2 space-y-1.5 text-sm">
        {sourceRows(summary).map((row) => (
          <div key={row.label} className="flex items-baseline justify-between gap-3">
            <dt className="text-zinc-600 dark:text-zinc-400">{row.label}</dt>
            <dd className="text-right tabular-nums">
              {formatNumber(row.credits)}
              {row.expiresAt ? (
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                  expire{" "}
                  <time dateTime={row.expiresAt}>{formatDate(row.expiresAt, timeZone)}</time>
                </span>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>

      <div className="mt-5 space-y-2 border-t border-zinc-100 pt-4 text-sm dark:border-zinc-800">
        <p>
          {soonest ? (
            <>
              <span className="font-medium tabular-nums">{formatNumber(soonest.credits)}</span> credits expire on{" "}
              <time dateTime={soonest.expiresAt} className="font-medium">
                {formatDate(soonest.expiresAt, timeZone)}
              </time>
              <span className="text-zinc-600 dark:text-zinc-400">
                {" "}
                ({soonest.sources.map((s) => sourceNames[s].toLowerCase()).join(", ")})
              </span>
              .
            </>
          ) : (
            <span className="text-zinc-600 dark:text-zinc-400">None of your credits expire.</span>
          )}
        </p>
        <p className="text-zinc-600 dark:text-zinc-400">{forecastText(forecast)}</p>
      </div>

      {actions ? <div className="mt-auto flex flex-wrap gap-2 pt-5">{actions}</div> : null}
    </section>
  );
}
