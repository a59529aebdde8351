"use client";

import { CircleSlash } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useBalance } from "@/components/credits/balance-provider";
import { usePurchasePanel } from "@/components/credits/purchase-panel-provider";

/**
 * Whether credit-consuming controls are off: the live balance is at zero.
 * (The balance, not what is available: a request of this tab holding the
 * last credits must not switch its own controls off while it runs.)
 */
export function useOutOfCredits(): boolean {
  return useBalance().balance <= 0;
}

/** The reason a feature is disabled at zero, with the way out. Its id is referenced by the disabled controls. */
export function OutOfCredits({ id }: { id: string }) {
  const { openPanel } = usePurchasePanel();
  return (
    <div
      id={id}
      className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-200 bg-amber-50 px-3.5 py-2.5 text-sm text-amber-900 dark:border-amber-400/30 dark:bg-amber-400/10 dark:text-amber-100"
    >
      <p className="flex items-center gap-2 font-medium">
        <CircleSlash aria-hidden className="size-4 shrink-0" />
        You have no credits left
      </p>
      <Button variant="secondary" className="h-9" onClick={openPanel} aria-haspopup="dialog">
        Purchase more credits
      </Button>
    </div>
  );
}
