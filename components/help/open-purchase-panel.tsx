"use client";

import { usePurchasePanel } from "@/components/credits/purchase-panel-provider";

/** An inline link-styled button that opens the "Purchase More Credits" panel. */
export function OpenPurchasePanel() {
  const { openPanel } = usePurchasePanel();
  return (
    <button
      type="button"
      onClick={openPanel}
      aria-haspopup="dialog"
      className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100"
    >
      open it now
    </button>
  );
}
