import type { PurchaseStatus } from "@/db/schema";

/** A purchase's status in words, as the history and the receipt show it. */
export const purchaseStatusNames: Record<PurchaseStatus, string> = {
  pending: "Processing",
  requires_action: "Needs confirmation",
  succeeded: "Succeeded",
  failed: "Failed",
  canceled: "Canceled",
  refunded: "Refunded",
  partially_refunded: "Partially refunded",
  disputed: "Disputed",
};
