import { relations } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

// Auth.js tables (shapes required by @auth/drizzle-adapter).

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
    /**
     * Raised to end sessions ("Sign out of all devices", a password change or reset): a session
     * token carries the version it was signed in at, and one older than this is refused.
     */
    sessionVersion: integer().notNull().default(0),
    /**
     * The IANA time zone the user's browser last reported (null: UTC until it has). Calendar
     * days and months that happen without a page open — a key's monthly limit, a daily usage
     * alert — start at midnight in this zone.
     */
    timeZone: text(),
    createdAt: createdAt(),
    /**
     * Set when the owner deleted the account (lib/account): its personal data is erased and its
     * sessions are refused; the row stays because the ledger's entries and purchases point at it.
     */
    deletedAt: timestamp({ withTimezone: true }),
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

/**
 * One-time links sent by e-mail (lib/auth/tokens.ts). Only the SHA-256 of the token is kept, so
 * a copy of the database opens no account; a link is used once (used_at) and expires.
 */
export const authTokens = pgTable(
  "auth_tokens",
  {
    tokenHash: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text().$type<"verify_email" | "reset_password" | "change_email">().notNull(),
    /** The address the link was sent to: verifying it proves this address, not whatever the user has since. */
    email: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("auth_tokens_user_idx").on(t.userId, t.purpose), index("auth_tokens_expires_at_idx").on(t.expiresAt)],
);

export const usersRelations = relations(users, ({ many }) => ({
  accounts: many(accounts),
}));

export const accountsRelations = relations(accounts, ({ one }) => ({
  user: one(users, { fields: [accounts.userId], references: [users.id] }),
}));

export type User = typeof users.$inferSelect;
