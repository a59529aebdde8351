"use client";

import { BellRing } from "lucide-react";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/form-state";
import { addUsageAlertAction, removeUsageAlertAction } from "@/lib/usage-alerts/actions";

export interface UsageAlertRow {
  id: number;
  /** "Balance below 500 credits". */
  label: string;
  /** "Armed", or when a fired alert is armed again. */
  status: string;
}

const selectClass =
  "block h-10 w-full rounded-lg border bg-white px-3 text-sm shadow-sm dark:bg-zinc-900";

/** Settings › Billing › Usage alerts: the user's thresholds, each told of once per crossing. */
export function UsageAlerts({ alerts, max }: { alerts: UsageAlertRow[]; max: number }) {
  return (
    <div className="space-y-5">
      {alerts.length === 0 ? (
        <p className="flex items-center gap-2 rounded-lg border border-dashed border-zinc-300 px-3 py-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          <BellRing aria-hidden className="size-4 shrink-0" />
          No alerts. You&rsquo;re told when credits run low.
        </p>
      ) : (
        <ul aria-label="Your usage alerts" className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {alerts.map((a) => (
            <AlertItem key={a.id} alert={a} />
          ))}
        </ul>
      )}
      {alerts.length < max ? <AddAlertForm /> : <p className="text-sm text-zinc-600 dark:text-zinc-400">You have {max} alerts, the most there can be. Remove one to add another.</p>}
    </div>
  );
}

function AlertItem({ alert }: { alert: UsageAlertRow }) {
  const [state, action] = useActionState(removeUsageAlertAction, idle);
  return (
    <li className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-3 py-2.5">
      <div className="min-w-0">
        <p className="text-sm font-medium">{alert.label}</p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{alert.status}</p>
        {state.status === "error" ? <p className="text-sm text-red-700 dark:text-red-400">{state.message}</p> : null}
      </div>
      <form action={action}>
        <input type="hidden" name="id" value={alert.id} />
        <SubmitButton variant="secondary" pendingLabel="Removing…">
          Remove<span className="sr-only"> alert: {alert.label}</span>
        </SubmitButton>
      </form>
    </li>
  );
}

function AddAlertForm() {
  const [state, action] = useActionState(addUsageAlertAction, idle);
  const error = state.status === "error" ? state : null;
  const kindError = error?.fieldErrors?.kind;
  return (
    // Keyed by the state so that React's reset after an error refills what was typed.
    <form action={action} key={JSON.stringify(state)} className="space-y-3" aria-label="Add a usage alert">
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
        <div className="space-y-1.5">
          <label htmlFor="alert-kind" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            Alert me when
          </label>
          <select
            id="alert-kind"
            name="kind"
            defaultValue={error?.values?.kind ?? "balance_below"}
            aria-invalid={kindError ? true : undefined}
            aria-describedby={kindError ? "alert-kind-error" : undefined}
            className={`${selectClass} ${kindError ? "border-red-500" : "border-zinc-300 dark:border-zinc-700"}`}
          >
            <option value="balance_below">My balance falls below</option>
            <option value="daily_spend_above">I spend more in a day than</option>
          </select>
          {kindError ? (
            <p id="alert-kind-error" className="text-sm text-red-700 dark:text-red-400">
              {kindError}
            </p>
          ) : null}
        </div>
        <Field
          id="alert-threshold"
          name="threshold"
          label="Credits"
          inputMode="numeric"
          autoComplete="off"
          required
          defaultValue={error?.values?.threshold ?? ""}
          error={error?.fieldErrors?.threshold ?? (error && !error.fieldErrors ? error.message : undefined)}
        />
        <div className="sm:pt-7">
          <SubmitButton pendingLabel="Adding…">Add alert</SubmitButton>
        </div>
      </div>
      {state.status === "ok" ? <Alert tone="success">{state.message}</Alert> : null}
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Each alert is told once each time it is crossed, here and by e-mail (Settings › Account › Notifications), and is armed again when your balance is back up, or the next day.
      </p>
    </form>
  );
}
