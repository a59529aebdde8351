"use client";

import { Printer } from "lucide-react";

/** Opens the browser's print dialog; the receipt page's print styles leave only the receipt. */
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="inline-flex items-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800 print:hidden"
    >
      <Printer aria-hidden className="size-4" />
      Print
    </button>
  );
}
