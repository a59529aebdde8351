"use client";

import { clsx } from "clsx";
import { useActionState, useEffect, useId, useState } from "react";
import { setApiKeyLimitAction } from "@/lib/api-keys/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/form-state";

const n = (value: number) => value.toLocaleString("en-US");

/**
 * A key's monthly limit in the keys table: "spent / limit this month" with a
 * bar (a labelled progressbar), or "No limit"; and, for an active key, a
 * small form to set, change or clear it.
 */
export function KeyLimit({
  keyId,
  keyName,
  limit,
  used,
  editable,
}: {
  keyId: string;
  keyName: string;
  limit: number | null;
  used: number;
  editable: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const formId = useId();
  return (
    <div className="w-full space-y-2 sm:w-64">
      <div className="flex items-center justify-between gap-3 text-xs">
        {limit === null ? (
          <span className="text-zinc-600 dark:text-zinc-400">No limit</span>
        ) : (
          <span className="text-zinc-700 dark:text-zinc-300">
            <span className="font-medium tabular-nums text-zinc-900 dark:text-zinc-100">
              {n(used)} / {n(limit)}
            </span>{" "}
            credits this month
          </span>
        )}
        {editable ? (
          <button
            type="button"
            aria-expanded={editing}
            aria-controls={formId}
            aria-label={`${limit === null ? "Set a limit" : "Change the limit"} for ${keyName}`}
            onClick={() => setEditing((open) => !open)}
            className="shrink-0 font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
          >
            {limit === null ? "Set limit" : "Change"}
          </button>
        ) : null}
      </div>
      {limit === null ? null : <LimitBar keyName={keyName} used={used} limit={limit} />}
      {editing ? (
        <LimitForm id={formId} keyId={keyId} keyName={keyName} limit={limit} onDone={() => setEditing(false)} />
      ) : null}
    </div>
  );
}

function LimitBar({ keyName, used, limit }: { keyName: string; used: number; limit: number }) {
  const shown = Math.min(used, limit);
  const share = shown / limit;
  return (
    <div
      role="progressbar"
      aria-label={`${keyName}: credits used of its monthly limit`}
      aria-valuemin={0}
      aria-valuemax={limit}
      aria-valuenow={shown}
      aria-valuetext={`${n(used)} of ${n(limit)} credits this month`}
      className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div
        className={clsx(
          "h-full rounded-full",
          share >= 1 ? "bg-red-600 dark:bg-red-500" : share >= 0.8 ? "bg-amber-500" : "bg-brand-600 dark:bg-brand-500",
        )}
        style={{ width: `${share * 100}%` }}
      />
    </div>
  );
}

function LimitForm({
  id,
  keyId,
  keyName,
  limit,
  onDone,
}: {
  id: string;
  keyId: string;
  keyName: string;
  limit: number | null;
  onDone: () => void;
}) {
  const [state, action] = useActionState(setApiKeyLimitAction, idle);
  const error = state.status === "error" ? (state.fieldErrors?.monthlyLimit ?? state.message) : undefined;

  useEffect(() => {
    if (state.status === "ok") onDone();
  }, [state, onDone]);

  return (
    <form id={id} action={action} noValidate className="space-y-2" aria-label={`Monthly limit of ${keyName}`}>
      <input type="hidden" name="id" value={keyId} />
      <Field
        autoFocus
        id={`${id}-limit`}
        name="monthlyLimit"
        label="Monthly limit in credits"
        placeholder="No limit"
        hint={
          limit === null
            ? "Whole credits, 1 to 10,000,000. It counts what this key spends from now on; each month starts at zero."
            : "Whole credits, 1 to 10,000,000. Leave empty for no limit."
        }
        inputMode="numeric"
        autoComplete="off"
        defaultValue={state.status === "error" ? state.values?.monthlyLimit : (limit?.toString() ?? "")}
        error={error}
      />
      <div className="flex gap-2">
        <SubmitButton pendingLabel="Saving…" className="flex-1 sm:flex-none">
          Save limit
        </SubmitButton>
        <Button variant="ghost" onClick={onDone} className="flex-1 sm:flex-none">
          Cancel
        </Button>
      </div>
    </form>
  );
}
