/**
 * The database schema, one file per domain; everything (tables, relations,
 * enums' values, inferred types) is re-exported here, so code imports
 * `@/db/schema` and drizzle-kit reads this file (drizzle.config.ts).
 * snake_case SQL names come from `casing: "snake_case"` (db/client.ts, drizzle.config.ts).
 */
export * from "./auth";
export * from "./rate-limits";
export * from "./ledger";
export * from "./api-keys";
export * from "./payments";
export * from "./live-balance";
export * from "./notifications";
export * from "./reports";
export * from "./help";
export * from "./mail";
export * from "./promo";
