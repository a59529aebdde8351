"use client";

import { useActionState } from "react";
import { adjustCreditsAction, replyToReportAction, setReportStatusAction } from "@/lib/reports/admin-actions";
import { TextareaField } from "@/components/reports/textarea-field";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle, type FormState } from "@/lib/form-state";

function Outcome({ state }: { state: FormState }) {
  if (state.status === "ok") return state.message ? <Alert tone="success">{state.message}</Alert> : null;
  if (state.status === "error") return <Alert tone="error">{state.message}</Alert>;
  return null;
}

const box = "space-y-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

export function StatusForm({ reportId, status }: { reportId: string; status: string }) {
  const [state, action] = useActionState(setReportStatusAction, idle);
  return (
    <form action={action} className={box} aria-labelledby="status-form-heading">
      <h3 id="status-form-heading" className="text-sm font-semibold">
        Set status
      </h3>
      <input type="hidden" name="reportId" value={reportId} />
      <div className="space-y-1.5">
        <label htmlFor="report-status" className="block text-sm font-medium">
          New status
        </label>
        <select
          id="report-status"
          name="status"
          defaultValue={status === "open" ? "investigating" : status}
          className="block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="investigating">Investigating</option>
          <option value="resolved">Resolved</option>
          <option value="rejected">Rejected</option>
        </select>
      </div>
      <TextareaField id="status-note" name="note" label="Note to the user (optional)" rows={2} maxLength={5000} />
      <Outcome state={state} />
      <SubmitButton pendingLabel="Saving…" variant="secondary">
        Set status
      </SubmitButton>
    </form>
  );
}

export function ReplyForm({ reportId }: { reportId: string }) {
  const [state, action] = useActionState(replyToReportAction, idle);
  return (
    <form action={action} className={box} aria-labelledby="reply-form-heading">
      <h3 id="reply-form-heading" className="text-sm font-semibold">
        Reply
      </h3>
      <input type="hidden" name="reportId" value={reportId} />
      <TextareaField
        id="report-reply"
        name="body"
        label="Message to the user"
        hint="Shown in the report's history."
        rows={3}
        maxLength={5000}
        required
        defaultValue={state.status === "error" ? state.values?.body : undefined}
        error={state.status === "error" ? state.fieldErrors?.body : undefined}
      />
      <Outcome state={state} />
      <SubmitButton pendingLabel="Sending…" variant="secondary">
        Send reply
      </SubmitButton>
    </form>
  );
}

export function AdjustmentForm({ reportId, credited }: { reportId: string; credited: number | null }) {
  const [state, action] = useActionState(adjustCreditsAction, idle);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const values = state.status === "error" ? state.values : undefined;
  if (credited !== null && state.status !== "ok") {
    return (
      <div className={box}>
        <h3 className="text-sm font-semibold">Credit adjustment</h3>
        <p className="text-sm">This report was credited {credited.toLocaleString("en-US")} credits. A report is credited once.</p>
      </div>
    );
  }
  return (
    <form action={action} className={box} aria-labelledby="adjust-form-heading">
      <h3 id="adjust-form-heading" className="text-sm font-semibold">
        Credit adjustment
      </h3>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Adds credits to the user&apos;s balance, once per report, and resolves it.</p>
      <input type="hidden" name="reportId" value={reportId} />
      <Field
        id="adjust-credits"
        name="credits"
        label="Credits"
        type="number"
        inputMode="numeric"
        min={1}
        max={100000}
        step={1}
        required
        hint="1 to 100,000."
        defaultValue={values?.credits}
        error={errors.credits}
      />
      <TextareaField
        id="adjust-reason"
        name="reason"
        label="Reason"
        hint="Kept in the audit log and shown to the user."
        rows={2}
        maxLength={1000}
        required
        defaultValue={values?.reason}
        error={errors.reason}
      />
      <Outcome state={state} />
      {state.status === "ok" ? null : <SubmitButton pendingLabel="Crediting…">Credit the user</SubmitButton>}
    </form>
  );
}
