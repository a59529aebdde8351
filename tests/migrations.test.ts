import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { withDatabase } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";

describe("migrations", () => {
  it("apply once when several instances start at the same time", async () => {
    const admin = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    const name = `credits_migrate_${Date.now()}`;
    await admin.unsafe(`create database "${name}"`);
    const url = withDatabase(inject("databaseUrl"), name);
    try {
      await Promise.all(Array.from({ length: 4 }, () => applyMigrations(url)));
      const sql = postgres(url, { max: 1 });
      const migrations = await sql`select 1 from drizzle.__drizzle_migrations`;
      const tables = await sql`select 1 from information_schema.tables where table_name = 'users'`;
      await sql.end();
      expect(migrations.length).toBeGreaterThan(0);
      expect(tables).toHaveLength(1);
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
