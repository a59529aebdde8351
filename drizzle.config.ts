import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` is used (migrations are committed and applied at
// start by db/migrate.ts); it needs no database connection.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
