import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt } from "./columns";
import { creditAccounts } from "./ledger";

/**
 * Promo codes made by support (/admin/promo-codes) and redeemed by users in the
 * purchase panel ("Have a code?"). Credits are granted through lib/credits
 * (source 'promo') in the same transaction as the redemption row.
 */
export const promoCodes = pgTable(
  "promo_codes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** Stored normalised (upper case), so the unique index makes codes case-insensitive. */
    code: text().notNull(),
    credits: integer().notNull(),
    /** After this instant the code can no longer be redeemed; null: it never expires. */
    expiresAt: timestamp({ withTimezone: true }),
    /**
     * The granted credits expire this many days after each redemption: every user
     * gets the same time to spend them, however late they redeem (a fixed date
     * would leave a late redeemer a day or two).
     */
    creditsValidDays: integer().notNull(),
    maxRedemptions: integer().notNull(),
    /** Kept by the redemption, under the code row's lock; never above maxRedemptions. */
    redemptions: integer().notNull().default(0),
    createdBy: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    disabledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("promo_codes_code_key").on(t.code),
    check("promo_codes_code_normalised", sql`${t.code} ~ '^[A-Z0-9-]{3,32}$'`),
    check("promo_codes_credits", sql`${t.credits} between 1 and 100000`),
    check("promo_codes_valid_days", sql`${t.creditsValidDays} between 1 and 3650`),
    check("promo_codes_redemptions", sql`${t.maxRedemptions} >= 1 and ${t.redemptions} between 0 and ${t.maxRedemptions}`),
  ],
);

/**
 * One per code and credit account: a code is redeemed once per user. Keyed by (account_id, code_id)
 * with no surrogate id, and the grant named without a foreign key to grants' surrogate id, so the
 * table can be distributed by account_id like the ledger (tests/scale-out/distribution-key.test.ts);
 * the grant is written in the same transaction, and its external_ref names the code and account too.
 */
export const promoRedemptions = pgTable(
  "promo_redemptions",
  {
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    codeId: bigint({ mode: "number" })
      .notNull()
      .references(() => promoCodes.id),
    grantId: bigint({ mode: "number" }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.codeId] })],
);

export type PromoCode = typeof promoCodes.$inferSelect;
export type PromoRedemption = typeof promoRedemptions.$inferSelect;
