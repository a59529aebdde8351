"use client";

import { useActionState, useState } from "react";
import {
  cancelPlanAction,
  payPastDueAction,
  resumePlanAction,
  subscribeToProAction,
} from "@/lib/payments/subscriptions/actions";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle, type FormState } from "@/lib/form-state";
import { ProUpgrade } from "./pro-upgrade";
import { formatDate } from "@/lib/credits/shared";

export interface PlanCardData {
  plan: "free" | "pro";
  proPriceCents: number;
  proMonthlyCredits: number;
  status: string | null;
  /** ISO date: the renewal (or, when canceled, the end) of the current period. */
  periodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  /** The default card ("Visa •••• 4242"), which Pro is charged to; null without a saved card. */
  defaultCard: { id: string; label: string } | null;
  /** The day of the month Pro would renew on if it started now (the server's clock). */
  renewalDay: number;
  timeZone: string;
}

function money(cents: number) {
  return `$${(cents / 100).toFixed(cents % 100 === 0 ? 0 : 2)}`;
}

/** Settings › Billing: the plan, its price and renewal, and the one next step (upgrade, cancel, resume, fix a failed payment). */
export function PlanCard({ data }: { data: PlanCardData }) {
  const [subscribeState, subscribe] = useActionState<FormState, FormData>(subscribeToProAction, idle);
  const [cancelState, cancel] = useActionState<FormState, FormData>(cancelPlanAction, idle);
  const [resumeState, resume] = useActionState<FormState, FormData>(resumePlanAction, idle);
  const [payState, pay] = useActionState<FormState, FormData>(payPastDueAction, idle);
  const date = data.periodEnd
    ? formatDate(data.periodEnd, data.timeZone)
    : null;
  // Only the answer of the last button pressed is shown.
  const [last, setLast] = useState<"subscribe" | "cancel" | "resume" | "pay">("subscribe");
  const latest = { subscribe: subscribeState, cancel: cancelState, resume: resumeState, pay: payState }[last];

  return (
    <div className="space-y-3">
      {latest.status === "error" ? <Alert tone="error">{latest.message}</Alert> : null}
      {latest.status === "ok" && latest.message ? <Alert tone="success">{latest.message}</Alert> : null}

      {data.plan === "free" ? (
        <>
          <p className="text-2xl font-semibold">Free plan</p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            You pay only for the credits you buy. Pro adds {data.proMonthlyCredits} credits every month for{" "}
            {money(data.proPriceCents)}/month; they are spent before your other credits and reset each month.
          </p>
          {data.defaultCard ? (
            <ProUpgrade
              offer={{ price: money(data.proPriceCents), renewalDay: data.renewalDay, card: data.defaultCard }}
              action={subscribe}
              onSubmit={() => setLast("subscribe")}
            />
          ) : (
            <p className="text-sm">
              Pro is charged to your default card each month.{" "}
              <a href="#saved-cards" className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100">
                Add a card under Saved cards
              </a>{" "}
              to upgrade.
            </p>
          )}
        </>
      ) : (
        <>
          <p className="text-2xl font-semibold">
            Pro plan <span className="text-base font-normal text-zinc-600 dark:text-zinc-400">{money(data.proPriceCents)}/month</span>
          </p>
          {data.status === "past_due" ? (
            <Alert tone="error">
              <strong>Past due.</strong> Your last renewal payment was declined, so this month’s {data.proMonthlyCredits} credits
              are on hold. Save a working card under “Saved cards” and make it the default, then pay the renewal.
              <form action={pay} onSubmit={() => setLast("pay")} className="mt-2">
                <SubmitButton pendingLabel="Paying…">Pay renewal now</SubmitButton>
              </form>
            </Alert>
          ) : null}
          {data.cancelAtPeriodEnd ? (
            <>
              <p className="text-sm">
                Canceled: Pro ends on <span className="font-medium">{date}</span>, and you go back to Free. No more charges.
              </p>
              <form action={resume} onSubmit={() => setLast("resume")}>
                <SubmitButton pendingLabel="Resuming…">Resume</SubmitButton>
              </form>
            </>
          ) : (
            <>
              <p className="text-sm">
                {data.proMonthlyCredits} credits each month. Next renewal on <span className="font-medium">{date}</span>
                {data.defaultCard ? ` (${data.defaultCard.label})` : ""}.
              </p>
              <form action={cancel} onSubmit={() => setLast("cancel")}>
                <SubmitButton variant="secondary" pendingLabel="Canceling…">
                  Cancel plan
                </SubmitButton>
              </form>
            </>
          )}
        </>
      )}
    </div>
  );
}
