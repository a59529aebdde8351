import { relations, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  check,
  doublePrecision,
  index,
  jsonb,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

// ── Auth.js tables (shapes required by @auth/drizzle-adapter) ──────────────

export const users = pgTable(
  "users",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    name: text(),
    email: text().notNull(),
    emailVerified: timestamp({ withTimezone: true, mode: "date" }),
    image: text(),
    // Null for users who only ever signed in with GitHub or Google.
    passwordHash: text(),
    /** Support staff: granted and revoked only by `npm run admin`, never by signing up. */
    isAdmin: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const accounts = pgTable(
  "accounts",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().$type<"oauth" | "oidc" | "email" | "webauthn">().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text().primaryKey(),
  userId: text()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ── Rate limits: token buckets shared by every server instance ─────────────

export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  refilledAt: timestamp({ withTimezone: true }).notNull(),
});

export const usersRelations = relations(users, ({ many }) => ({
  accounts: many(accounts),
}));

export const accountsRelations = relations(accounts, ({ one }) => ({
  user: one(users, { fields: [accounts.userId], references: [users.id] }),
}));

export type User = typeof users.$inferSelect;

// ── Credits ledger (DESIGN.md §4). Written only by the SQL functions in
// db/migrations/0002_ledger_functions.sql, called only from lib/credits. ──────

export const grantSources = ["purchase", "allowance", "refill", "promo", "adjustment"] as const;
export type GrantSource = (typeof grantSources)[number];

/**
 * One per user, plus system accounts (issuance, usage, breakage, holds) that
 * keep no cached balance: theirs is derived from entries, so they are never a
 * row that every debit has to lock.
 */
export const creditAccounts = pgTable(
  "credit_accounts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text().references(() => users.id, { onDelete: "restrict" }),
    systemKey: text(),
    /** Sum of this account's entries: unreserved credits (held ones sit in the holds account). */
    balance: bigint({ mode: "number" }),
    /** Credits reserved by this account's pending holds. */
    held: bigint({ mode: "number" }),
    /** When the next grant or hold of this account expires: the sweep is due then. */
    nextExpiryAt: timestamp({ withTimezone: true }),
    /**
     * The auto-refill threshold while auto-refill is on, else null: kept here so
     * that a debit can see whether it crossed it without reading another table.
     */
    refillThreshold: bigint({ mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("credit_accounts_user_id_key").on(t.userId),
    uniqueIndex("credit_accounts_system_key_key").on(t.systemKey),
    check("credit_accounts_kind", sql`(${t.systemKey} is null) = (${t.userId} is not null)`),
    check("credit_accounts_cached", sql`(${t.userId} is null) = (${t.balance} is null and ${t.held} is null)`),
    check("credit_accounts_no_overdraft", sql`${t.balance} >= 0 and ${t.held} >= 0`),
  ],
);

export const grants = pgTable(
  "grants",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    source: text({ enum: grantSources }).notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    remaining: bigint({ mode: "number" }).notNull(),
    /** Lower is spent first (allowance before purchases). */
    priority: integer().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    /** Set when the sweep moved an expired remainder to breakage. */
    expiredAt: timestamp({ withTimezone: true }),
    /** What this grant was credited for (a PaymentIntent id, an invoice, a report): credited once. */
    externalRef: text(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("grants_source_external_ref_key").on(t.source, t.externalRef),
    index("grants_spendable_idx")
      .on(t.accountId, t.priority, t.expiresAt, t.id)
      .where(sql`${t.remaining} > 0`),
    check("grants_amounts", sql`${t.amount} > 0 and ${t.remaining} >= 0 and ${t.remaining} <= ${t.amount}`),
  ],
);

/** A movement of credits; its entries sum to zero. Append-only. */
export const transfers = pgTable(
  "transfers",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    kind: text({ enum: ["grant", "debit", "hold", "capture", "release", "breakage", "clawback"] }).notNull(),
    requestId: text(),
    holdId: text(),
    grantId: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("transfers_account_idx").on(t.accountId, t.createdAt)],
);

/** Append-only: never updated or deleted; a correction is a new transfer. */
export const entries = pgTable(
  "entries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    transferId: bigint({ mode: "number" })
      .notNull()
      .references(() => transfers.id),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    grantId: bigint({ mode: "number" }).references(() => grants.id),
    amount: bigint({ mode: "number" }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("entries_account_idx").on(t.accountId),
    index("entries_transfer_idx").on(t.transferId),
    check("entries_nonzero", sql`${t.amount} <> 0`),
  ],
);

export const requestStatuses = ["captured", "pending", "released", "expired", "refused"] as const;

/** The request log: every metered request, including refused ones. */
export const usageRequests = pgTable(
  "usage_requests",
  {
    id: text().primaryKey(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    feature: text().notNull(),
    model: text().notNull(),
    inputTokens: integer(),
    outputTokens: integer(),
    /** Credits charged (0 when refused or released). */
    credits: bigint({ mode: "number" }).notNull(),
    /** For a hold: the credits it reserved. */
    heldCredits: bigint({ mode: "number" }),
    balanceAfter: bigint({ mode: "number" }),
    status: text({ enum: requestStatuses }).notNull(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("usage_requests_log_idx").on(t.accountId, t.createdAt.desc(), t.id.desc()),
    index("usage_requests_feature_idx").on(t.accountId, t.feature, t.createdAt.desc(), t.id.desc()),
    // Covers the dashboard's spending aggregates (by day and feature, 7-day pace)
    // so they are index-only range scans, however long the account's history.
    index("usage_requests_spend_idx")
      .on(t.accountId, t.createdAt, t.feature, t.credits)
      .where(sql`${t.status} = 'captured'`),
  ],
);

export const holds = pgTable(
  "holds",
  {
    id: text().primaryKey(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    requestId: text()
      .notNull()
      .references(() => usageRequests.id),
    amount: bigint({ mode: "number" }).notNull(),
    captured: bigint({ mode: "number" }),
    status: text({ enum: ["pending", "captured", "released", "expired"] }).notNull(),
    /** What the resolving operation answered, so that repeating it answers the same. */
    balanceAfter: bigint({ mode: "number" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("holds_pending_idx").on(t.accountId, t.expiresAt).where(sql`${t.status} = 'pending'`)],
);

/** Which grants a hold reserved from, so that capture and release return credits where they came from. */
export const holdAllocations = pgTable(
  "hold_allocations",
  {
    holdId: text()
      .notNull()
      .references(() => holds.id),
    grantId: bigint({ mode: "number" })
      .notNull()
      .references(() => grants.id),
    amount: bigint({ mode: "number" }).notNull(),
    position: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.holdId, t.grantId] })],
);

/** Every retriable write's key, with the answer it got (DESIGN.md §4.6). */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    key: text().notNull(),
    requestHash: text().notNull(),
    responseStatus: integer().notNull(),
    responseBody: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    name: text().notNull(),
    /** The first characters of the key, shown so that people can tell keys apart. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key (hex); the key itself is shown once and never stored. */
    hash: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** The key's rate-limit bucket, kept on its row so one lookup authenticates and limits. */
    rateTokens: doublePrecision().notNull().default(1000),
    rateRefilledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.hash), index("api_keys_user_idx").on(t.userId)],
);

export type CreditAccount = typeof creditAccounts.$inferSelect;
export type Grant = typeof grants.$inferSelect;
export type UsageRequest = typeof usageRequests.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;

// ── Payments (Stripe). Card data never reaches this server: only Stripe ids. ──

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
    kind: text({ enum: ["package", "custom", "refill"] }).notNull(),
    credits: integer().notNull(),
    amountCents: integer().notNull(),
    currency: text().notNull().default("usd"),
    paymentMethodId: text().notNull(),
    cardBrand: text(),
    cardLast4: text(),
    paymentIntentId: text(),
    chargeId: text(),
    status: text({ enum: purchaseStatuses }).notNull(),
    failureCode: text(),
    failureMessage: text(),
    receiptUrl: text(),
    refundedCents: integer().notNull().default(0),
    /** Credits of a refund that had already been spent and so could not be taken back. */
    unrecoveredCredits: integer().notNull().default(0),
    disputedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("purchases_attempt_key").on(t.accountId, t.attemptId),
    uniqueIndex("purchases_payment_intent_key").on(t.paymentIntentId),
    index("purchases_history_idx").on(t.accountId, t.createdAt.desc()),
  ],
);

/** Every Stripe event handled, recorded in the same transaction as its effect. */
export const stripeEvents = pgTable("stripe_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  receivedAt: createdAt(),
});

/** Credits taken back from a grant for a refund, once per refund. */
export const clawbacks = pgTable("clawbacks", {
  externalRef: text().primaryKey(),
  grantId: bigint({ mode: "number" })
    .notNull()
    .references(() => grants.id),
  requested: bigint({ mode: "number" }).notNull(),
  taken: bigint({ mode: "number" }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * The one auto-refill setting of an account (DESIGN.md §5): the panel's
 * "Credit Auto-Refill" box and Settings › Billing both edit it. No row: the
 * user never chose (the panel then offers it checked).
 */
export const autoRefillSettings = pgTable("auto_refill_settings", {
  accountId: bigint({ mode: "number" })
    .primaryKey()
    .references(() => creditAccounts.id),
  enabled: boolean().notNull(),
  thresholdCredits: integer().notNull().default(100),
  refillCredits: integer().notNull().default(500),
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

/**
 * Accounts that someone is following live (an open balance stream on some
 * server), each with a lease its server renews. The ledger NOTIFYs only these:
 * a NOTIFY makes every committing transaction queue on one global lock, so
 * accounts nobody watches (most API traffic) commit without it.
 */
export const balanceWatches = pgTable("balance_watches", {
  accountId: bigint({ mode: "number" })
    .primaryKey()
    .references(() => creditAccounts.id),
  watchedUntil: timestamp({ withTimezone: true }).notNull(),
});

/** In-app notices (auto-refill paused, a report answered…), shown as a banner until read. */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    href: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt.desc())],
);

export type Purchase = typeof purchases.$inferSelect;
export type PaymentMethod = typeof paymentMethods.$inferSelect;

// ── Problem reports: usage caused by a bug, with request ids and screenshots,
// answered by support, who may credit it back once per report. ─────────────

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

export const reportStatuses = ["open", "investigating", "resolved", "rejected"] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const problemReports = pgTable(
  "problem_reports",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    description: text().notNull(),
    status: text({ enum: reportStatuses }).notNull().default("open"),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("problem_reports_account_idx").on(t.accountId, t.createdAt.desc()),
    index("problem_reports_status_idx").on(t.status, t.updatedAt.desc()),
  ],
);

/** The requests a report is about; each belongs to the report's account. */
export const problemReportRequests = pgTable(
  "problem_report_requests",
  {
    reportId: text()
      .notNull()
      .references(() => problemReports.id, { onDelete: "cascade" }),
    requestId: text()
      .notNull()
      .references(() => usageRequests.id),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.requestId] })],
);

/**
 * Screenshots, uploaded before the report is sent (report_id null until then)
 * and kept in the database, so every server instance can serve them.
 */
export const reportScreenshots = pgTable(
  "report_screenshots",
  {
    id: text().primaryKey(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    reportId: text().references(() => problemReports.id, { onDelete: "cascade" }),
    /** Sniffed from the bytes, never taken from the file name or the browser. */
    contentType: text({ enum: ["image/png", "image/jpeg"] }).notNull(),
    byteSize: integer().notNull(),
    data: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("report_screenshots_report_idx").on(t.reportId),
    index("report_screenshots_account_idx").on(t.accountId, t.createdAt),
  ],
);

export const reportEventKinds = ["created", "status", "reply", "adjustment"] as const;

/** A report's history as the user sees it: status changes, replies, the credit adjustment. */
export const reportEvents = pgTable(
  "report_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: text()
      .notNull()
      .references(() => problemReports.id, { onDelete: "cascade" }),
    kind: text({ enum: reportEventKinds }).notNull(),
    /** Who did it: the user for "created", an admin otherwise. */
    actorUserId: text().references(() => users.id),
    status: text({ enum: reportStatuses }),
    body: text(),
    credits: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("report_events_report_idx").on(t.reportId, t.createdAt)],
);

/**
 * The audit of credit adjustments: at most one per report (the grant's
 * external ref is `report:<id>` too), with who gave how much and why.
 */
export const creditAdjustments = pgTable(
  "credit_adjustments",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: text()
      .notNull()
      .references(() => problemReports.id),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    adminUserId: text()
      .notNull()
      .references(() => users.id),
    grantId: bigint({ mode: "number" })
      .notNull()
      .references(() => grants.id),
    credits: integer().notNull(),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("credit_adjustments_report_key").on(t.reportId),
    check("credit_adjustments_credits", sql`${t.credits} between 1 and 100000`),
  ],
);

export type ProblemReport = typeof problemReports.$inferSelect;
export type ReportEvent = typeof reportEvents.$inferSelect;
export type CreditAdjustment = typeof creditAdjustments.$inferSelect;

/**
 * "Was this helpful?" on the Help page: one answer per user and help
 * question; answering again changes it.
 */
export const helpFeedback = pgTable(
  "help_feedback",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The question's anchor on the Help page, e.g. "what-are-credits". */
    answerId: text().notNull(),
    helpful: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.answerId] })],
);

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
