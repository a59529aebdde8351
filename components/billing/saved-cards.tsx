"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { CreditCard, Plus } from "lucide-react";
import { startTransition, useActionState, useRef, useState } from "react";
import { removeCardAction, setDefaultCardAction } from "@/lib/payments/cards/actions";
import type { PanelCard, PanelData } from "@/components/credits/panel-types";
import { saveCardFromEntry } from "@/components/payments/save-card";
import { CardEntry, StripeProvider, type CardEntryHandle } from "@/components/payments/stripe-elements";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle, type FormState } from "@/lib/form-state";

function expiry(card: PanelCard) {
  return `Expires ${String(card.expMonth).padStart(2, "0")}/${card.expYear}`;
}

/** Settings › Billing: saved cards, the default one, removing (asked first) and adding one. */
export function SavedCards({ data }: { data: PanelData }) {
  const [defaultState, setDefault] = useActionState<FormState, FormData>(setDefaultCardAction, idle);
  const [removeState, remove] = useActionState<FormState, FormData>(removeCardAction, idle);
  const [latest, setLatest] = useState<"default" | "remove" | "add">("default");
  const [removing, setRemoving] = useState<PanelCard | null>(null);
  const [adding, setAdding] = useState(false);
  const status = latest === "default" ? defaultState : latest === "remove" ? removeState : idle;

  return (
    <div className="space-y-3">
      {status.status === "error" ? <Alert tone="error">{status.message}</Alert> : null}
      {status.status === "ok" && status.message ? <Alert tone="success">{status.message}</Alert> : null}
      {data.cards.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No saved cards. Save one here, or keep “Save this card” checked when you buy credits.
        </p>
      ) : (
        <ul aria-label="Saved cards" className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {data.cards.map((card) => (
            <li key={card.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-3.5 py-3">
              <CreditCard aria-hidden className="size-5 shrink-0 text-zinc-500" />
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium">
                  {card.label}
                  {card.isDefault ? (
                    <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 dark:bg-brand-700/25 dark:text-brand-100">
                      Default
                    </span>
                  ) : null}
                </p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">{expiry(card)}</p>
              </div>
              <div className="flex gap-1">
                {card.isDefault ? null : (
                  <form action={setDefault} onSubmit={() => setLatest("default")}>
                    <input type="hidden" name="paymentMethodId" value={card.id} />
                    <SubmitButton variant="secondary" className="h-8 px-3" pendingLabel="Saving…">
                      Make default<span className="sr-only"> {card.label}</span>
                    </SubmitButton>
                  </form>
                )}
                <Button variant="ghost" className="h-8 px-3" onClick={() => setRemoving(card)}>
                  Remove<span className="sr-only"> {card.label}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}

      {adding ? (
        <AddCard data={data} onDone={() => setAdding(false)} />
      ) : (
        <Button variant="secondary" onClick={() => { setLatest("add"); setAdding(true); }}>
          <Plus aria-hidden className="size-4" /> Add card
        </Button>
      )}

      <Dialog.Root open={removing !== null} onOpenChange={(open) => (open ? null : setRemoving(null))}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/50" />
          <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-2xl border border-zinc-200 bg-white p-5 shadow-2xl dark:border-zinc-800 dark:bg-zinc-900">
            <Dialog.Title className="text-base font-semibold">Remove {removing?.label}?</Dialog.Title>
            <Dialog.Description className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              It can no longer pay for purchases{removing?.isDefault ? " or auto-refill; your next card becomes the default" : ""}.
              Purchases already made keep their receipts.
            </Dialog.Description>
            <form
              action={(form) => {
                setLatest("remove");
                setRemoving(null);
                startTransition(() => remove(form));
              }}
              className="mt-5 flex justify-end gap-2"
            >
              <input type="hidden" name="paymentMethodId" value={removing?.id ?? ""} />
              <Dialog.Close asChild>
                <Button variant="ghost" autoFocus>
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" variant="danger">
                Remove card
              </Button>
            </form>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </div>
  );
}

/**
 * A card saved without buying anything: typed into Stripe's card frame, saved
 * with "Save card"; when the bank asks to confirm it, its page opens over this one.
 */
function AddCard({ data, onDone }: { data: PanelData; onDone: () => void }) {
  return (
    <StripeProvider config={data.payment}>
      <AddCardForm onDone={onDone} />
    </StripeProvider>
  );
}

function AddCardForm({ onDone }: { onDone: () => void }) {
  const cardRef = useRef<CardEntryHandle>(null);
  const lock = useRef(false);
  const [saving, setSaving] = useState(false);
  const [state, setState] = useState<FormState>(idle);

  async function save() {
    if (lock.current) return;
    lock.current = true;
    setSaving(true);
    try {
      setState(await saveCardFromEntry(cardRef.current));
    } finally {
      lock.current = false;
      setSaving(false);
    }
  }

  const done = state.status === "ok";
  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 p-3.5 dark:border-zinc-800">
      {state.status === "error" ? <Alert tone="error">{state.message}</Alert> : null}
      {done ? (
        <Alert tone="success">{state.message}</Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          className="space-y-3"
        >
          <CardEntry ref={cardRef} />
          <Button type="submit" disabled={saving} aria-busy={saving || undefined}>
            {saving ? "Saving card…" : "Save card"}
          </Button>
        </form>
      )}
      <Button variant="ghost" onClick={onDone}>
        {done ? "Done" : "Cancel"}
      </Button>
    </div>
  );
}
