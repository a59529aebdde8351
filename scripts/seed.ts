/**
 * `npm run db:seed`: a demo user with a month of varied usage, for trying the
 * dashboard and the request log. Local databases only.
 *
 * Like scripts/serve.ts, it uses DATABASE_URL when set, else starts the
 * embedded PostgreSQL (DATA_DIR/pg on EMBEDDED_PG_PORT), applies migrations,
 * then runs the seeding in a child process that has DATABASE_URL from the
 * start (lib/env reads configuration once), and stops the database at the end.
 * Re-running resets the demo user's password and adds nothing twice: a user
 * that already has usage is reported, not seeded again.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import nextEnv from "@next/env";

export const DEMO_EMAIL = "demo@credits.local";
export const DEMO_PASSWORD = "demo credits 2026";
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

function fail(message: string): never {
  console.error(`db:seed: ${message}`);
  process.exit(1);
}

function assertLocal(url: string) {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    fail("DATABASE_URL is not a valid URL.");
  }
  if (!LOCAL_HOSTS.has(host)) fail(`refusing to seed ${host}: demo data goes only into a local database (localhost).`);
}

async function launch() {
  nextEnv.loadEnvConfig(process.cwd(), true);
  if (process.env.DATABASE_URL) assertLocal(process.env.DATABASE_URL);
  const { env } = await import("../lib/env").catch((error: unknown) =>
    fail(`invalid configuration: ${error instanceof Error ? error.message : String(error)}`),
  );
  const { StartupError, startEmbeddedPostgres } = await import("../db/embedded");
  const { applyMigrations } = await import("../db/migrate");

  let url = env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  try {
    if (!url) {
      const embedded = await startEmbeddedPostgres({
        dataDir: path.join(env.DATA_DIR, "pg"),
        port: env.EMBEDDED_PG_PORT,
        runtimeDir: env.EMBEDDED_PG_RUNTIME_DIR,
      });
      if (embedded.relocation) console.log(`credits: ${embedded.relocation}`);
      url = embedded.url;
      stop = embedded.stop;
    }
    await applyMigrations(url);
  } catch (error) {
    await stop?.().catch(() => {});
    fail(error instanceof StartupError || error instanceof Error ? error.message : String(error));
  }

  const code = await new Promise<number>((resolve) =>
    spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--seed"], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: url },
    }).on("exit", (c) => resolve(c ?? 1)),
  );
  await stop?.().catch(() => {});
  process.exit(code);
}

/** Deterministic pseudo-random numbers, so every seed looks the same. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

async function seed() {
  assertLocal(process.env.DATABASE_URL ?? "");
  const { eq } = await import("drizzle-orm");
  const { db, sqlClient } = await import("../lib/db");
  const { users, usageRequests } = await import("../db/schema");
  const { hashPassword } = await import("../lib/auth/password");
  const credits = await import("../lib/credits");
  const { priceRequest, featureIds, modelIds } = await import("../lib/credits/shared/pricing");

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [user] = await db
    .insert(users)
    .values({ email: DEMO_EMAIL, name: "Demo User", passwordHash })
    .onConflictDoUpdate({ target: users.email, set: { passwordHash } })
    .returning();
  const accountId = await credits.accountIdForUser(user!.id);
  const [existing] = await db.select({ id: usageRequests.id }).from(usageRequests).where(eq(usageRequests.accountId, accountId)).limit(1);
  if (existing) {
    console.log(`db:seed: ${DEMO_EMAIL} already has usage; its password is reset to "${DEMO_PASSWORD}". Nothing else changed.`);
    await sqlClient.end();
    return;
  }

  const realNow = new Date();
  const day = 86_400_000;
  const clock = credits.manualClock(new Date(realNow.getTime() - 31 * day));
  const restore = credits.setClock(clock);
  try {
    await credits.grantCredits({ accountId, source: "purchase", amount: 2_500, externalRef: "seed-purchase-1" });
    await credits.grantCredits({
      accountId,
      source: "allowance",
      amount: 1_000,
      expiresAt: new Date(realNow.getTime() + 12 * day),
      externalRef: "seed-allowance-1",
    });
    await credits.grantCredits({
      accountId,
      source: "promo",
      amount: 150,
      expiresAt: new Date(realNow.getTime() + 3 * day),
      externalRef: "seed-promo-1",
    });
    await credits.grantCredits({
      accountId,
      source: "adjustment",
      amount: 40,
      externalRef: "seed-adjustment-1",
      metadata: { reason: "Credited back: usage caused by a bug" },
    });

    // Every request is planned first, then made in time order, so each one's
    // "balance after" follows from the one before it.
    const rand = random(42);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    type Planned = { at: number; run: () => Promise<unknown> };
    const plan: Planned[] = [];
    for (let d = 30; d >= 0; d--) {
      const weekend = new Date(realNow.getTime() - d * day).getUTCDay() % 6 === 0;
      const count = Math.floor(rand() * (weekend ? 4 : 12)) + (weekend ? 0 : 3);
      for (let i = 0; i < count; i++) {
        const at = realNow.getTime() - d * day - Math.floor(rand() * 20 * 3_600_000) - 60_000;
        const feature = pick(featureIds);
        const model = pick(modelIds);
        const inputTokens = Math.floor(rand() * 20_000);
        const outputTokens = Math.floor(rand() * 4_000);
        const { credits: cost } = priceRequest({ feature, model, inputTokens, outputTokens });
        plan.push({
          at,
          run: () => credits.debit({ accountId, credits: cost, feature, model, inputTokens, outputTokens, metadata: { session: `s-${d}` } }),
        });
      }
    }
    // Holds: two captured below what they reserved, one released.
    for (const [hoursAgo, capture] of [[50, 6], [26, 3], [5, null]] as const) {
      plan.push({
        at: realNow.getTime() - hoursAgo * 3_600_000,
        run: async () => {
          const hold = await credits.placeHold({ accountId, credits: 10, feature: "agent_request", model: "claude-opus-4.1", ttlSeconds: 900 });
          if (hold.outcome !== "created") return;
          clock.advance(30_000);
          if (capture === null) await credits.releaseHold(accountId, hold.body.holdId);
          else await credits.captureHold(accountId, hold.body.holdId, capture);
        },
      });
    }
    // And a refused one: far more than the account has.
    plan.push({
      at: realNow.getTime() - 2 * 3_600_000,
      run: () =>
        credits.debit({ accountId, credits: 1_000_000, feature: "code_generation", model: "claude-opus-4.1", inputTokens: 900_000, outputTokens: 100_000 }),
    });
    const made = plan.filter((p) => p.at < realNow.getTime()).sort((a, b) => a.at - b.at);
    for (const step of made) {
      clock.set(new Date(step.at));
      await step.run();
    }

    clock.set(realNow);
    const balance = await credits.getBalance(accountId);
    console.log(`db:seed: ${DEMO_EMAIL} / ${DEMO_PASSWORD} — ${made.length} requests over 30 days, ${balance.balance} credits left.`);
  } finally {
    restore();
    await sqlClient.end();
  }
}

if (process.argv.includes("--seed")) {
  seed().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
} else {
  launch().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}
