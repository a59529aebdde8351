import type { PurchaseStatus } from "@/db/schema";

/** A purchase's status in plain words, as the history and the receipt show it. */
export const purchaseStatusNames: Record<PurchaseStatus, string> = {
  pending: "Processing",
  requires_action: "Needs confirmation",
  succeeded: "Paid",
  failed: "Declined",
  canceled: "Cancelled",
  refunded: "Refunded",
  partially_refunded: "Partly refunded",
  disputed: "Disputed",
};

/** The badge colours of each status (light and dark). */
export const purchaseStatusTone: Record<PurchaseStatus, string> = {
  pending: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  requires_action: "bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200",
  succeeded: "bg-emerald-100 text-emerald-800 dark:bg-emerald-400/15 dark:text-emerald-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-400/15 dark:text-red-200",
  canceled: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  refunded: "bg-sky-100 text-sky-800 dark:bg-sky-400/15 dark:text-sky-200",
  partially_refunded: "bg-sky-100 text-sky-800 dark:bg-sky-400/15 dark:text-sky-200",
  disputed: "bg-red-100 text-red-800 dark:bg-red-400/15 dark:text-red-200",
};
