"use client";

import { PurchasePanel } from "@/components/credits/purchase-panel";
import type { PanelData } from "@/components/credits/panel-types";

/** The panel as a section of Settings › Billing (not a dialog). */
export function EmbeddedPurchasePanel({ data }: { data: PanelData }) {
  return (
    <section
      id="purchase"
      aria-labelledby="purchase-heading"
      className="scroll-mt-20 rounded-xl border border-zinc-200 bg-white p-5 shadow-sm sm:p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <PurchasePanel
        data={data}
        handleReturn
        heading={
          <h2 id="purchase-heading" className="text-lg font-semibold">
            Purchase More Credits
          </h2>
        }
      />
    </section>
  );
}
