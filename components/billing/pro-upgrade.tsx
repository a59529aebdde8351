"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";

/** "2nd", "11th", "23rd". */
export function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[day % 10] ?? "th";
  return `${day}${suffix}`;
}

export interface ProUpgradeOffer {
  /** "$20" */
  price: string;
  /** The day of the month Pro renews on if it starts now (by the server's clock). */
  renewalDay: number;
  /** The default card, the one Pro is charged to. */
  card: { id: string; label: string };
}

/**
 * "Upgrade to Pro" asks first: it says what will be charged, when and to which
 * card, and only "Confirm" charges. The confirmation names the card, and the
 * server refuses if the default card is no longer that one.
 */
export function ProUpgrade({
  offer,
  action,
  onSubmit,
}: {
  offer: ProUpgradeOffer;
  /** subscribeToProAction, through the plan card's useActionState (the card shows its answer). */
  action: (formData: FormData) => void;
  onSubmit: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const summaryId = useId();
  const upgradeRef = useRef<HTMLButtonElement>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const returnFocus = useRef(false);

  // Focus follows the step: to the summary when it appears, back to "Upgrade to Pro" after Cancel.
  useEffect(() => {
    if (asking) summaryRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      upgradeRef.current?.focus();
    }
  }, [asking]);

  const lastDays = offer.renewalDay > 28 ? " (the month’s last day when it is shorter)" : "";
  if (!asking) {
    return (
      <div className="space-y-2">
        <button ref={upgradeRef} type="button" className={buttonClass("primary")} onClick={() => setAsking(true)}>
          Upgrade to Pro
        </button>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          You see the charge and confirm it before anything is paid. Cancel any time.
        </p>
      </div>
    );
  }
  return (
    <form
      action={action}
      onSubmit={onSubmit}
      role="group"
      aria-label="Confirm upgrade to Pro"
      aria-describedby={summaryId}
      className="space-y-3 rounded-lg border border-brand-100 bg-brand-50/60 p-3.5 dark:border-brand-700/50 dark:bg-brand-700/15"
    >
      <input type="hidden" name="paymentMethodId" value={offer.card.id} />
      <p id={summaryId} ref={summaryRef} tabIndex={-1} className="text-sm outline-none">
        <strong className="font-semibold">
          {offer.price} today, then monthly on the {ordinal(offer.renewalDay)}
        </strong>
        {lastDays}, {offer.card.label}.
      </p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingLabel="Upgrading…">Confirm and pay {offer.price}</SubmitButton>
        <Button
          variant="secondary"
          onClick={() => {
            returnFocus.current = true;
            setAsking(false);
          }}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}
