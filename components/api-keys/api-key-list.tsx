"use client";

import { clsx } from "clsx";
import { KeyRound } from "lucide-react";
import { type RefObject, useActionState, useEffect, useRef, useState } from "react";
import { revokeApiKeyAction } from "@/lib/api-keys/actions";
import { Alert } from "@/components/ui/alert";
import { KeyLimit } from "./key-limit";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { type FormState, idle } from "@/lib/form-state";

/** A key as the list shows it; dates come formatted from the server so both renders agree. */
export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  createdLabel: string;
  lastUsedAt: string | null;
  lastUsedLabel: string | null;
  revoked: boolean;
  /** Credits a month; null = no limit of its own. */
  monthlyLimit: number | null;
  /** Spent plus held this month, in the user's time zone. */
  usedThisMonth: number;
}

export function ApiKeyList({ keys }: { keys: ApiKeyRow[] }) {
  const listRef = useRef<HTMLUListElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [target, setTarget] = useState<ApiKeyRow>();
  // One revoke state for the whole list: a revoked row loses its button, the list stays.
  const [state, action] = useActionState(revokeApiKeyAction, idle);

  useEffect(() => {
    if (state.status !== "ok") return;
    dialogRef.current?.close();
    // The pressed button is gone with the row's active state; keep keyboard focus in the list.
    listRef.current?.focus();
  }, [state]);

  // Opened once its content is rendered, so the dialog's autofocus lands on Cancel.
  useEffect(() => {
    if (target && !dialogRef.current?.open) dialogRef.current?.showModal();
  }, [target]);

  return (
    <>
      <ul ref={listRef} tabIndex={-1} aria-label="API keys" className="divide-y divide-zinc-200 outline-none dark:divide-zinc-800">
        {keys.map((key) => (
          <li key={key.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3 first:pt-0 last:pb-0">
            <span
              aria-hidden
              className={clsx(
                "grid size-9 shrink-0 place-items-center rounded-lg",
                key.revoked
                  ? "bg-zinc-100 text-zinc-400 dark:bg-zinc-800 dark:text-zinc-500"
                  : "bg-brand-50 text-brand-600 dark:bg-brand-700/20 dark:text-brand-100",
              )}
            >
              <KeyRound className="size-4" />
            </span>
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-2">
                <span className={clsx("truncate font-medium", key.revoked && "text-zinc-500 dark:text-zinc-400")}>
                  {key.name}
                </span>
                <StatusBadge revoked={key.revoked} />
              </p>
              <p className="mt-0.5 flex flex-col text-xs sm:flex-row sm:flex-wrap sm:gap-x-1.5 text-zinc-600 dark:text-zinc-400">
                <code className="whitespace-nowrap font-mono text-zinc-800 dark:text-zinc-200">{key.prefix}…</code>
                <span aria-hidden className="hidden sm:inline">
                  ·
                </span>
                <span className="whitespace-nowrap">
                  <span className="sr-only">, </span>
                  Created <time dateTime={key.createdAt}>{key.createdLabel}</time>
                </span>
                <span aria-hidden className="hidden sm:inline">
                  ·
                </span>
                <span className="whitespace-nowrap">
                  <span className="sr-only">, </span>
                  Last used{" "}
                  {key.lastUsedAt ? <time dateTime={key.lastUsedAt}>{key.lastUsedLabel}</time> : "Never"}
                </span>
              </p>
            </div>
            <KeyLimit
              keyId={key.id}
              keyName={key.name}
              limit={key.monthlyLimit}
              used={key.usedThisMonth}
              editable={!key.revoked}
            />
            {key.revoked ? null : (
              <Button variant="secondary" onClick={() => setTarget(key)} aria-label={`Revoke ${key.name}`}>
                Revoke
              </Button>
            )}
          </li>
        ))}
      </ul>
      <p aria-live="polite" className="sr-only">
        {state.status === "ok" ? state.message : ""}
      </p>
      <RevokeDialog
        dialogRef={dialogRef}
        target={target}
        state={state}
        action={action}
        onClose={() => setTarget(undefined)}
      />
    </>
  );
}

function StatusBadge({ revoked }: { revoked: boolean }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium",
        revoked
          ? "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
          : "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200 ring-inset dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-900",
      )}
    >
      {revoked ? "Revoked" : "Active"}
    </span>
  );
}

/** Revoking is final, so it asks first, in a modal dialog (Escape or Cancel backs out). */
function RevokeDialog({
  dialogRef,
  target,
  state,
  action,
  onClose,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  target: ApiKeyRow | undefined;
  state: FormState;
  action: (formData: FormData) => void;
  onClose: () => void;
}) {
  // An error belongs to the key it was about, not to the next one the dialog opens for.
  const error = state.status === "error" && state.values?.id === target?.id ? state.message : undefined;
  return (
    <dialog
      ref={dialogRef}
      onClose={onClose}
      aria-labelledby="revoke-key-title"
      aria-describedby="revoke-key-description"
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {target ? (
        <>
          <h2 id="revoke-key-title" className="text-base font-semibold">
            Revoke “{target.name}”?
          </h2>
          <p id="revoke-key-description" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            Requests that use the key <code className="font-mono">{target.prefix}…</code> are refused from now on. This
            cannot be undone; you can create a new key at any time.
          </p>
          <form action={action} className="mt-5">
            <input type="hidden" name="id" value={target.id} />
            {error ? (
              <div className="mb-4">
                <Alert tone="error">{error}</Alert>
              </div>
            ) : null}
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <Button variant="secondary" onClick={() => dialogRef.current?.close()} autoFocus>
                Cancel
              </Button>
              <SubmitButton variant="danger" pendingLabel="Revoking…">
                Revoke key
              </SubmitButton>
            </div>
          </form>
        </>
      ) : null}
    </dialog>
  );
}
