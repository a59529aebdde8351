/** Before each test file: its own database, copied from the migrated template. */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { withDatabase } from "../../db/embedded";

const baseUrl = inject("databaseUrl");
const name = `credits_test_${randomBytes(6).toString("hex")}`;

const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}" template "${inject("templateDatabase")}"`);
process.env.DATABASE_URL = withDatabase(baseUrl, name);
// Enough real connections for the concurrency tests to contend.
process.env.DATABASE_POOL_SIZE ??= "40";

afterAll(async () => {
  const { sqlClient } = await import("../../lib/db");
  await sqlClient.end({ timeout: 5 });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});
