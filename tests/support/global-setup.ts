/**
 * Once per `vitest run`: a real PostgreSQL (DATABASE_URL if set, else an
 * embedded server with its own data folder and port) and a template database
 * with every migration applied. Each test file then copies the template
 * (tests/support/fresh-database.ts), which takes milliseconds.
 */
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { freePort, startEmbeddedPostgres, withDatabase } from "../../db/embedded";
import { applyMigrations } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  let baseUrl = process.env.DATABASE_URL;
  let cleanUp = async () => {};
  if (!baseUrl) {
    const dataDir = path.join(os.tmpdir(), `credits-test-${process.pid}-${Date.now()}`);
    const server = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      ephemeral: true,
      maxConnections: 600,
      // As root from a folder `postgres` cannot enter (root's home), the programs run from here.
      runtimeDir: process.env.EMBEDDED_PG_RUNTIME_DIR || undefined,
    });
    if (server.relocation) console.log(`credits tests: ${server.relocation}`);
    baseUrl = server.url;
    cleanUp = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  const template = `credits_template_${process.pid}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${template}"`);
  await admin.unsafe(`create database "${template}"`);
  await applyMigrations(withDatabase(baseUrl, template));

  project.provide("databaseUrl", baseUrl);
  project.provide("templateDatabase", template);

  return async () => {
    await admin.unsafe(`drop database if exists "${template}" with (force)`);
    await admin.end();
    await cleanUp();
  };
}
