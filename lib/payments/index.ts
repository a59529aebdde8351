/**
 * lib/payments: Stripe, reached only through the official SDK. Callers use
 * what is exported here; the server actions behind forms are imported from
 * their own "use server" files (purchases/actions, cards/actions, …), since a
 * client component may load those and nothing else of this module.
 *
 *   purchases/      buying credits (packages, custom amounts), reconciliation with Stripe
 *   cards/          saved cards (SetupIntents), their removal through either door
 *   subscriptions/  plans (Free, Pro) and the Pro subscription's allowance
 *   auto-refill/    the setting, and the job that charges a saved card below the threshold
 *   webhooks/       one file per Stripe event type
 *   messages.ts     plain words for failed cards and payments (browser-safe: the card forms use it too)
 */
export { STRIPE_API_VERSION, browserPaymentConfig, isSandbox, stripe } from "./stripe";
export { customerOf, ensureCustomer } from "./customers";
export { priceChoice, purchaseCredits, purchaseHistory, resumePurchase, type PurchaseOutcome } from "./purchases/purchases";
export { hasReceipt, receiptForUser, type Receipt } from "./purchases/receipts";
export { isOpenPurchase } from "./purchases/pending";
export { reconcilePayments, type ReconcileReport } from "./purchases/reconcile";
export { cardLabel, finishSavingCard, listCards, removeCard, saveCard, setDefaultCard, type SavedCard } from "./cards/cards";
export { plans, grantWelcome, proRenewalDay, type PlanId } from "./subscriptions/plans";
export { allowanceLeft, currentPlan, reconcileAllowances } from "./subscriptions/subscriptions";
export { getAutoRefill, saveAutoRefill, type AutoRefill } from "./auto-refill/settings";
export { confirmRefillOnSession, processDueRefills } from "./auto-refill/refills";
export { handleEvent, handledEventTypes, verifyEvent } from "./webhooks";
export { purchasesForSupport } from "./disputes/disputes";
export { STRIPE_EVENT_RETENTION_DAYS, pruneStripeEvents } from "./webhooks/retention";
export { closePayments } from "./closing";
