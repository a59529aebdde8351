"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { saveMailSwitchesAction } from "@/lib/notifications/actions";
import { idle } from "@/lib/form-state";

type Topic = "autoRefill" | "disputes" | "lowBalance" | "usageAlerts";

const topics: Array<{ name: Topic; label: string; hint: string }> = [
  { name: "autoRefill", label: "Auto-refill problems", hint: "Auto-refill paused, failed, at its monthly limit, or its card removed." },
  { name: "lowBalance", label: "Low balance", hint: "Once each time your balance falls below its low-balance threshold." },
  { name: "usageAlerts", label: "Usage alerts", hint: "The alerts you set in Settings › Billing, once each time one is crossed." },
  { name: "disputes", label: "Disputed payments", hint: "A payment your bank disputed, and how the dispute ended." },
];

/** Settings › Account › Notifications: the optional e-mails, each on or off. */
export function MailSwitchesForm({ initial }: { initial: Record<Topic, boolean> }) {
  const [state, action] = useActionState(saveMailSwitchesAction, idle);
  return (
    <form action={action} className="space-y-4">
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">E-mail me about</legend>
        {topics.map((t) => (
          <div key={t.name} className="flex items-start gap-3">
            <input
              id={`mail-${t.name}`}
              name={t.name}
              type="checkbox"
              defaultChecked={initial[t.name]}
              aria-describedby={`mail-${t.name}-hint`}
              className="mt-0.5 size-4 rounded border-zinc-300 accent-brand-600"
            />
            <div>
              <label htmlFor={`mail-${t.name}`} className="text-sm font-medium">
                {t.label}
              </label>
              <p id={`mail-${t.name}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
                {t.hint}
              </p>
            </div>
          </div>
        ))}
      </fieldset>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Receipts and security e-mails (sign-in links, password resets) are always sent.</p>
      {state.status === "ok" ? <Alert tone="success">{state.message}</Alert> : null}
      {state.status === "error" ? <Alert tone="error">{state.message}</Alert> : null}
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save notifications
      </SubmitButton>
    </form>
  );
}
