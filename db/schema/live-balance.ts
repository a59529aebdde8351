import { bigint, pgTable, timestamp } from "drizzle-orm/pg-core";
import { creditAccounts } from "./ledger";

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
