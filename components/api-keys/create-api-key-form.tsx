"use client";

import { KeyRound, TriangleAlert } from "lucide-react";
import { useActionState, useEffect, useRef, useState } from "react";
import { createApiKeyAction, type CreateApiKeyState, type CreatedApiKey } from "@/lib/api-keys/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/form-state";
import { CopyButton } from "@/components/ui/copy-button";

export function CreateApiKeyForm({ atLimit, limit }: { atLimit: boolean; limit: number }) {
  const [state, action] = useActionState<CreateApiKeyState, FormData>(createApiKeyAction, idle);
  const created = state.status === "ok" && "created" in state ? state.created : undefined;
  const [dismissedId, setDismissedId] = useState<string>();
  const values = state.status === "error" ? state.values : undefined;
  const limitError = state.status === "error" ? state.fieldErrors?.monthlyLimit : undefined;
  const nameError = state.status === "error" && !limitError ? (state.fieldErrors?.name ?? state.message) : undefined;

  return (
    <div className="space-y-4">
      {created && created.id !== dismissedId ? (
        <NewKeyPanel created={created} onDone={() => setDismissedId(created.id)} />
      ) : null}
      {atLimit ? (
        <Alert tone="info">
          You have {limit} active keys, the most allowed. Revoke a key you no longer use to create another.
        </Alert>
      ) : (
        <form action={action} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <Field
            id="api-key-name"
            name="name"
            label="Key name"
            placeholder="e.g. CI pipeline"
            hint="So you can tell keys apart later. At most 60 characters."
            maxLength={60}
            required
            autoComplete="off"
            defaultValue={values?.name}
            error={nameError}
            className="sm:max-w-sm sm:flex-1"
          />
          <Field
            id="api-key-limit"
            name="monthlyLimit"
            label="Monthly limit (optional)"
            placeholder="No limit"
            hint="Credits this key may spend per calendar month."
            inputMode="numeric"
            autoComplete="off"
            defaultValue={values?.monthlyLimit}
            error={limitError}
            className="sm:max-w-48"
          />
          {/* Lines the button up with the input, below the label. */}
          <SubmitButton pendingLabel="Creating…" className="sm:mt-[1.625rem]">
            <KeyRound aria-hidden className="size-4" />
            Create key
          </SubmitButton>
        </form>
      )}
    </div>
  );
}

/** The secret, shown once, right after creation. */
function NewKeyPanel({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Screen-reader and keyboard users land on the key instead of staying on the emptied form.
  useEffect(() => {
    headingRef.current?.focus();
  }, [created.id]);

  return (
    <section
      aria-labelledby="new-key-heading"
      className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-900 dark:bg-emerald-950/40"
    >
      <h3 id="new-key-heading" ref={headingRef} tabIndex={-1} className="text-sm font-semibold">
        Your new key “{created.name}”
      </h3>
      <p className="mt-1 flex items-start gap-1.5 text-sm text-amber-800 dark:text-amber-200">
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        Copy it now and keep it somewhere safe: it won’t be shown again. Only its first characters are kept.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
        <label htmlFor="new-api-key" className="sr-only">
          New API key
        </label>
        <input
          id="new-api-key"
          readOnly
          value={created.key}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
          className="h-10 min-w-0 flex-1 rounded-lg border border-emerald-300 bg-white px-3 font-mono text-sm dark:border-emerald-900 dark:bg-zinc-950"
        />
        <div className="flex gap-2">
          <CopyButton text={created.key} className="flex-1 sm:flex-none" />
          <Button variant="ghost" onClick={onDone} className="flex-1 sm:flex-none">
            Done
          </Button>
        </div>
      </div>
    </section>
  );
}
