"use client";

import { clsx } from "clsx";
import { CreditCard, Plus } from "lucide-react";
import type { ReactNode, RefObject } from "react";
import { CardEntry, type CardEntryHandle } from "@/components/payments/stripe-elements";
import type { PanelCard, PanelData } from "./panel-types";

export type PayWith = { kind: "saved"; cardId: string } | { kind: "new" };

const optionClass = (selected: boolean, disabled?: boolean) =>
  clsx(
    "flex cursor-pointer items-center gap-3 rounded-lg border px-3.5 py-2.5 text-sm transition-colors",
    "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
    selected
      ? "border-brand-600 bg-brand-50 ring-1 ring-brand-600 dark:border-brand-500 dark:bg-brand-700/20 dark:ring-brand-500"
      : "border-zinc-300 hover:border-zinc-400 dark:border-zinc-700 dark:hover:border-zinc-500",
    disabled && "cursor-not-allowed opacity-70",
  );

function Radio({ id, name, checked, onChange, children, description, disabled }: {
  id: string;
  name: string;
  checked: boolean;
  onChange: () => void;
  children: ReactNode;
  description?: { id: string; text: string };
  disabled?: boolean;
}) {
  return (
    <label className={optionClass(checked, disabled)}>
      <input
        type="radio"
        name={name}
        checked={checked}
        onChange={onChange}
        // Named by the card alone ("Visa •••• 4242"); expiry and "Default" are its description.
        aria-labelledby={id}
        aria-describedby={description?.id}
        className="size-4 shrink-0 accent-brand-600"
      />
      <span id={id} className="flex items-center gap-3">
        {children}
      </span>
      {description ? (
        <span id={description.id} className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">
          {description.text}
        </span>
      ) : null}
    </label>
  );
}

function cardDescription(card: PanelCard) {
  const expiry = `Expires ${String(card.expMonth).padStart(2, "0")}/${String(card.expYear).slice(-2)}`;
  return card.isDefault ? `Default · ${expiry}` : expiry;
}

/**
 * Step 3: a saved card ("Visa •••• 4242", the default preselected) or "Add new
 * card", which shows Stripe's card fields inline with "Save this card". The
 * card is tokenized when "Purchase Credits" is pressed (through `cardRef`).
 */
export function CardPicker({
  idPrefix,
  data,
  payWith,
  cardRef,
  saveCard,
  disabled,
  onPayWith,
  onCardChange,
  onSaveCard,
}: {
  idPrefix: string;
  data: PanelData;
  payWith: PayWith;
  cardRef: RefObject<CardEntryHandle | null>;
  saveCard: boolean;
  disabled?: boolean;
  onPayWith: (payWith: PayWith) => void;
  onCardChange: () => void;
  onSaveCard: (save: boolean) => void;
}) {
  const name = `${idPrefix}-pay-with`;
  const isNew = payWith.kind === "new";
  return (
    <fieldset disabled={disabled} className="space-y-2">
      <legend className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">Payment method</legend>
      {data.cards.map((card) => (
        <Radio
          key={card.id}
          id={`${idPrefix}-card-${card.id}-name`}
          name={name}
          checked={payWith.kind === "saved" && payWith.cardId === card.id}
          onChange={() => onPayWith({ kind: "saved", cardId: card.id })}
          description={{ id: `${idPrefix}-card-${card.id}`, text: cardDescription(card) }}
        >
          <CreditCard aria-hidden className="size-4 shrink-0 text-zinc-500" />
          <span className="font-medium">{card.label}</span>
        </Radio>
      ))}
      <Radio id={`${idPrefix}-new-card-name`} name={name} checked={isNew} onChange={() => onPayWith({ kind: "new" })}>
        <Plus aria-hidden className="size-4 shrink-0 text-zinc-500" />
        <span className="font-medium">Add new card</span>
      </Radio>

      {isNew ? (
        <div className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50 p-3.5 dark:border-zinc-800 dark:bg-zinc-950/40">
          <CardEntry ref={cardRef} onChange={onCardChange} />
          <div className="flex items-start gap-2.5 text-sm">
            <input
              id={`${idPrefix}-save-card`}
              type="checkbox"
              name="saveCard"
              checked={saveCard}
              onChange={(e) => onSaveCard(e.target.checked)}
              aria-describedby={`${idPrefix}-save-card-hint`}
              className="mt-0.5 size-4 shrink-0 accent-brand-600"
            />
            <div>
              <label htmlFor={`${idPrefix}-save-card`}>Save this card</label>
              <p id={`${idPrefix}-save-card-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
                For later purchases and auto-refill. Remove it any time in Settings › Billing.
              </p>
            </div>
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
