import { customType, timestamp } from "drizzle-orm/pg-core";

// Column helpers shared by the domain files of db/schema.

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** PostgreSQL bytea, read and written as a Buffer (Drizzle has no built-in column for it). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});
