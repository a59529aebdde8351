/**
 * The app against a PostgreSQL that stops and starts again (issue #12): this
 * file runs its own embedded server (the shared one of the run cannot be
 * stopped), points this process's pool at it, and stops it under real
 * route handlers, actions and the live-balance LISTEN connection.
 * faults/outage.test.ts does the same to a production server under load.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";

const dataDir = await mkdtemp(path.join(os.tmpdir(), "credits-outage-test-"));
const port = await freePort();
const boot = () => startEmbeddedPostgres({ dataDir, port, ephemeral: true });
let server: EmbeddedDatabase | null = await boot();
await applyMigrations(server.url);

// lib/env and the pool read DATABASE_URL once, on first import: everything below is imported after this.
process.env.DATABASE_URL = server.url;
process.env.DATABASE_POOL_SIZE = "10"; // the production default, so requests can queue behind it
(globalThis as { creditsDb?: unknown }).creditsDb = undefined;
const { sql } = await import("drizzle-orm");
const { db } = await import("@/lib/db");
const { apiClient, call } = await import("./support/api");
const { debit, getBalance, grantCredits } = await import("@/lib/credits");
const { subscribe, whenListening } = await import("@/lib/live-balance");
const { toErrorState } = await import("@/lib/action-state");
const { processDueRefills } = await import("@/lib/payments");
type BalanceEvent = import("@/lib/live-balance").BalanceEvent;

async function stopDatabase() {
  await server?.stop();
  server = null;
}
async function startDatabase() {
  server ??= await boot();
}

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The liveness check: a call that has not settled after 20 s counts as hung. */
function settlesWithin<T>(promise: Promise<T>, ms = 20_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`hung: no answer after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Retries `check` until it passes, for "eventually" after the database is back (no restart of anything). */
async function eventually(check: () => Promise<void>, attempts = 100) {
  for (let i = 1; ; i++) {
    try {
      return await check();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

describe("while PostgreSQL is down, and after it is back", () => {
  let client: Awaited<ReturnType<typeof apiClient>>;
  beforeAll(async () => {
    client = await apiClient("outage");
    await grantCredits({ accountId: client.accountId, source: "promo", amount: 1_000 });
  });

  it("metering API calls answer 503 service_unavailable with Retry-After, none hangs, and the same pool serves again afterwards", async () => {
    // Warm every connection of the pool, so that the outage cuts live connections, not idle slots.
    await Promise.all(Array.from({ length: 10 }, () => db.execute(sql`select pg_sleep(0.05)`)));
    await stopDatabase();
    try {
      // Four times the pool: the requests that cannot get a connection wait in postgres.js's
      // queue, which is where a long reconnect backoff turns "fail fast" into a hang.
      const times: number[] = [];
      const answers = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const started = performance.now();
          const res = await settlesWithin(
            i % 2
              ? call("GET", "/api/v1/balance", { key: client.key })
              : call("POST", "/api/v1/usage", {
                  key: client.key,
                  idempotencyKey: randomUUID(),
                  body: { feature: "agent_request", model: "claude-sonnet-4.5" },
                }),
          );
          times.push(performance.now() - started);
          return res;
        }),
      );
      for (const res of answers) {
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ error: { code: "service_unavailable" } });
        expect(res.body.error.message).toMatch(/briefly unavailable/);
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      }
      times.sort((a, b) => a - b);
      console.log(
        `time to a 503 with PostgreSQL down (40 concurrent, pool of 10): median ${percentile(times, 0.5).toFixed(0)} ms, ` +
          `p99 ${percentile(times, 0.99).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms`,
      );
    } finally {
      await startDatabase();
    }
    await eventually(async () => {
      const res = await call("POST", "/api/v1/usage", {
        key: client.key,
        idempotencyKey: randomUUID(),
        body: { feature: "agent_request", model: "claude-sonnet-4.5" },
      });
      expect(res.status).toBe(201);
    });
    // Nothing that was answered 503 was written: only the one usage after the outage.
    expect((await getBalance(client.accountId)).balance).toBe(999);
  });

  it("an action's error state says the service is briefly unavailable and keeps the user's input", async () => {
    const form = new FormData();
    form.set("note", "kept across the error");
    form.set("password", "never sent back");
    await stopDatabase();
    let thrown: unknown;
    try {
      // What an action's handler meets when its query cannot reach PostgreSQL (Drizzle wraps the driver's error).
      thrown = await settlesWithin(db.execute(sql`select 1`).then(() => null, (error: unknown) => error));
    } finally {
      await startDatabase();
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(toErrorState(thrown, form)).toEqual({
      status: "error",
      message: expect.stringMatching(/briefly unavailable/),
      // The purchase panel keeps its attempt id for this code, so the retry cannot charge twice.
      code: "service_unavailable",
      values: { note: "kept across the error" },
    });
    // Any other unexpected error stays the generic "our side" message.
    expect(toErrorState(new Error("a bug"), form)).toMatchObject({ message: expect.stringMatching(/on our side/) });
  });

  it("the background refill job fails its tick while the database is down (no hang) and runs again afterwards", async () => {
    await stopDatabase();
    try {
      await expect(settlesWithin(processDueRefills())).rejects.toThrow();
    } finally {
      await startDatabase();
    }
    await eventually(() => processDueRefills().then(() => undefined));
  });

  it("a transaction whose backend is killed mid-query fails with a connection error, the process lives on, and the pool serves the next query", async () => {
    // postgres.js 3.4.9 rolls the transaction back on the dead connection: that write ran from a
    // setImmediate after the socket was gone and threw an uncaught TypeError that ended the process
    // (a production server, not only this test; upstream porsager/postgres#1208). patches/ fixes it.
    const script = path.join(import.meta.dirname, "support/backend-killed-in-transaction.ts");
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", script, server!.url], {
      timeout: 30_000,
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
      throw new Error(`the process died (exit ${error.code}):\n${error.stderr}`);
    });
    expect(stderr).not.toMatch(/TypeError/);
    const outcome = JSON.parse(stdout.trim().split("\n").at(-1)!);
    // 57P01: admin_shutdown, what PostgreSQL tells the killed backend's client; the driver may
    // instead see the socket close first.
    expect(outcome.rejected).toMatch(/^(57P01|CONNECTION_CLOSED|CONNECTION_DESTROYED|ECONNRESET)$/);
    expect(outcome.after).toBe(1);
  });

  it("live balance: the LISTEN connection comes back by itself, subscribers get the current balance again, then new changes", async () => {
    const { accountId } = client;
    const events: BalanceEvent[] = [];
    const unsubscribe = subscribe(accountId, (event) => events.push(event));
    try {
      await whenListening();
      await stopDatabase();
      // Long enough for postgres.js to have tried, and failed, to re-LISTEN a few times.
      await new Promise((r) => setTimeout(r, 1_500));
      await startDatabase();
      const current = await eventually(() => getBalance(accountId).then(() => undefined)).then(() => getBalance(accountId));
      // NOTIFYs sent while disconnected are gone, so the balance is read afresh on re-LISTEN, with no write needed.
      await eventually(async () => expect(events).toContainEqual({ accountId, ...pick(current) }));

      // And the connection listens again: a debit's NOTIFY reaches this process through PostgreSQL.
      const seen = events.length;
      await debit({ accountId, credits: 1, feature: "agent_request", model: "claude-sonnet-4.5" });
      const after = pick(await getBalance(accountId));
      expect(after.balance).toBe(current.balance - 1);
      await eventually(async () => expect(events.slice(seen)).toContainEqual({ accountId, ...after }));
    } finally {
      unsubscribe();
    }
  });
});

function pick({ balance, available, held }: { balance: number; available: number; held: number }) {
  return { balance, available, held };
}
