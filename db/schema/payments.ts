import { relations, sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt } from "./columns";
import { creditAccounts } from "./ledger";

// Payments (Stripe). Card data never reaches this server: only Stripe ids.

/** One Stripe customer per user, created lazily. */
export const stripeCustomers = pgTable(
  "stripe_customers",
  {
    userId: text()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    customerId: text().notNull(),
    defaultPaymentMethodId: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("stripe_customers_customer_id_key").on(t.customerId)],
);

/** Saved cards, mirrored from Stripe (attached/detached) so pages list them without a round trip. */
export const paymentMethods = pgTable(
  "payment_methods",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    brand: text().notNull(),
    last4: text().notNull(),
    expMonth: integer().notNull(),
    expYear: integer().notNull(),
    createdAt: createdAt(),
    detachedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("payment_methods_user_idx").on(t.userId)],
);

export const purchaseStatuses = [
  "pending",
  "requires_action",
  "succeeded",
  "failed",
  "canceled",
  "refunded",
  "partially_refunded",
  "disputed",
] as const;
export type PurchaseStatus = (typeof purchaseStatuses)[number];

/**
 * One intent to buy. Upserted on (account, attempt id) when the form is
 * submitted; its id is the Stripe idempotency key, so a double click, a retry
 * or a lost response never charges twice.
 */
export const purchases = pgTable(
  "purchases",
  {
    id: text().primaryKey(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    attemptId: text().notNull(),
    /** "plan": a paid Pro invoice (first month or renewal), recorded for its receipt; its credits are the period's allowance. */
    kind: text({ enum: ["package", "custom", "refill", "plan"] }).notNull(),
    credits: integer().notNull(),
    amountCents: integer().notNull(),
    currency: text().notNull().default("usd"),
    paymentMethodId: text().notNull(),
    cardBrand: text(),
    cardLast4: text(),
    /** For a Pro payment, set when Stripe names it (invoice_payment.paid; see invoicePayments). */
    paymentIntentId: text(),
    /**
     * The external reference of the grant its credits went to, which a refund or a
     * dispute takes them back from: null for a credit purchase (its PaymentIntent
     * is the reference), the period's allowance for a Pro payment.
     */
    grantRef: text(),
    chargeId: text(),
    status: text({ enum: purchaseStatuses }).notNull(),
    failureCode: text(),
    failureMessage: text(),
    receiptUrl: text(),
    refundedCents: integer().notNull().default(0),
    /** Credits of a refund or dispute that had already been spent and so could not be taken back. */
    unrecoveredCredits: integer().notNull().default(0),
    /** Credits that refunds and disputes took back (unreserved or out of pending holds), less what a won dispute returned. */
    creditsTakenBack: integer().notNull().default(0),
    disputedAt: timestamp({ withTimezone: true }),
    /** The period a Pro payment paid for; null for credit purchases. */
    periodStart: timestamp({ withTimezone: true }),
    periodEnd: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("purchases_attempt_key").on(t.accountId, t.attemptId),
    uniqueIndex("purchases_payment_intent_key").on(t.paymentIntentId),
    index("purchases_history_idx").on(t.accountId, t.createdAt.desc().nullsFirst()),
  ],
);

/**
 * Which PaymentIntent paid an invoice. Since Stripe's API 2025-03-31 only an
 * InvoicePayment links the two, and `invoice_payment.paid` and `invoice.paid`
 * arrive in either order: the link is kept here until the Pro payment's row
 * exists to take it (lib/payments/subscriptions/invoice-payments.ts).
 */
export const invoicePayments = pgTable(
  "invoice_payments",
  {
    invoiceId: text().primaryKey(),
    paymentIntentId: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invoice_payments_payment_intent_key").on(t.paymentIntentId)],
);

export const disputeStatuses = ["open", "won", "lost"] as const;

/**
 * A Stripe dispute of a purchase's charge (DESIGN.md §4.9): the credits it
 * took back when it opened, and what a win returned. While open, its card is
 * refused for new payments.
 */
export const disputes = pgTable(
  "disputes",
  {
    /** The Stripe Dispute id. */
    id: text().primaryKey(),
    purchaseId: text()
      .notNull()
      .references(() => purchases.id),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    paymentMethodId: text().notNull(),
    amountCents: integer().notNull(),
    reason: text().notNull(),
    status: text({ enum: disputeStatuses }).notNull(),
    creditsTaken: integer().notNull(),
    creditsUnrecovered: integer().notNull(),
    creditsReturned: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("disputes_purchase_idx").on(t.purchaseId),
    index("disputes_open_card_idx").on(t.paymentMethodId).where(sql`${t.status} = 'open'`),
  ],
);

export type Dispute = typeof disputes.$inferSelect;

/** Every Stripe event handled, recorded in the same transaction as its effect. */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    receivedAt: createdAt(),
  },
  // Housekeeping deletes events past their retention (lib/payments/webhooks/retention.ts) by age.
  (t) => [index("stripe_events_received_at_idx").on(t.receivedAt)],
);

/**
 * The one auto-refill setting of an account (DESIGN.md §5): the panel's
 * "Credit Auto-Refill" box and Settings › Billing both edit it. No row: the
 * user never chose (the panel then offers it checked).
 */
export const autoRefillModes = ["fixed", "target"] as const;

export const autoRefillSettings = pgTable("auto_refill_settings", {
  accountId: bigint({ mode: "number" })
    .primaryKey()
    .references(() => creditAccounts.id),
  enabled: boolean().notNull(),
  thresholdCredits: integer().notNull().default(100),
  refillCredits: integer().notNull().default(500),
  /** "fixed": buy `refillCredits` each time; "target": buy what brings the available balance back to `targetBalance`. */
  mode: text({ enum: autoRefillModes }).notNull().default("fixed"),
  /** The balance a target-mode refill brings the account back to; kept when the mode goes back to "fixed". */
  targetBalance: integer(),
  monthlyLimitCents: integer().notNull().default(50_000),
  /** Null: the customer's default card. */
  paymentMethodId: text(),
  /** Why auto-refill stopped by itself (a declined or expired card, authentication needed). */
  pausedReason: text(),
  pausedAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

export const refillStatuses = ["queued", "processing", "succeeded", "failed", "canceled", "requires_action"] as const;

/**
 * A refill to charge, queued by the ledger in the same transaction as the
 * debit that crossed the threshold. At most one in flight per account.
 */
export const refills = pgTable(
  "refills",
  {
    id: text().primaryKey(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    status: text({ enum: refillStatuses }).notNull(),
    purchaseId: text(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("refills_one_in_flight").on(t.accountId).where(sql`${t.status} in ('queued', 'processing')`),
    index("refills_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
  ],
);

export type Purchase = typeof purchases.$inferSelect;
export type PaymentMethod = typeof paymentMethods.$inferSelect;

// ── Plans (Free and Pro). Pro is a Stripe Subscription, mirrored here from its events. ──

export const subscriptionStatuses = [
  "incomplete",
  "incomplete_expired",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "trialing",
  "paused",
] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/** One row per Stripe Subscription of a user; the live one decides the plan. */
export const subscriptions = pgTable(
  "subscriptions",
  {
    /** The Stripe Subscription id (sub_…). */
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    plan: text().notNull(),
    status: text({ enum: subscriptionStatuses }).notNull(),
    currentPeriodStart: timestamp({ withTimezone: true }).notNull(),
    currentPeriodEnd: timestamp({ withTimezone: true }).notNull(),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    /** The open invoice of a failed renewal, paid again once the card is fixed. */
    latestInvoiceId: text(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("subscriptions_user_idx").on(t.userId)],
);

export const subscriptionsRelations = relations(subscriptions, ({ one }) => ({
  user: one(users, { fields: [subscriptions.userId], references: [users.id] }),
}));

export type Subscription = typeof subscriptions.$inferSelect;
