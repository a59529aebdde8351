/**
 * What a usage alert says when it fires: the in-app notice, which
 * lib/notifications mails too (noticeMail) unless "Usage alerts" is off.
 */
import type { UsageAlertKind } from "@/db/schema";

const whole = new Intl.NumberFormat("en-US");
const credits = (n: number) => `${whole.format(n)} credit${n === 1 ? "" : "s"}`;

export function balanceAlertNotice(f: { threshold: number; balance: number }) {
  return {
    kind: "usage_alert_balance",
    title: `Your balance is below ${credits(f.threshold)}`,
    body: `Your credit balance is ${credits(f.balance)}, below the ${credits(f.threshold)} of your usage alert. You can buy credits, or turn on auto-refill, in Settings › Billing.`,
    href: "/settings/billing",
  };
}

export function dailySpendAlertNotice(f: { threshold: number; spent: number }) {
  return {
    kind: "usage_alert_daily",
    title: `You have spent more than ${credits(f.threshold)} today`,
    body: `You have used ${credits(f.spent)} today (in your time zone), more than the ${credits(f.threshold)} of your usage alert. The usage page shows what used them.`,
    href: "/usage",
  };
}

/** How an alert reads in the list of Settings › Billing. */
export function describeAlert(kind: UsageAlertKind, threshold: number): string {
  return kind === "balance_below" ? `Balance below ${credits(threshold)}` : `Spent more than ${credits(threshold)} in a day`;
}

/** Whether an alert is waiting for a crossing, or told already and when it re-arms. */
export function alertStatus(kind: UsageAlertKind, threshold: number, fired: boolean): string {
  if (!fired) return "Armed";
  return kind === "balance_below" ? `Told. Armed again when your balance is back at ${credits(threshold)}.` : "Told today. Armed again tomorrow.";
}
