/**
 * Housekeeping (DESIGN.md §5 "Bounds"): the tables that only grew are pruned
 * by the jobs — rate-limit buckets once full again, idempotency keys after 7
 * days (a retry after that is a new request), Stripe event ids after 30 days,
 * uploads no report claimed after a day — with time from the credits clock.
 */
import { count, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { idempotencyKeys, rateLimitBuckets, reportScreenshots, stripeEvents } from "@/db/schema";
import { debit, grantCredits, manualClock, setClock } from "@/lib/credits";
import { runHousekeeping } from "@/lib/jobs";
import { peekToken, takeToken } from "@/lib/rate-limit";
import { createReport, saveScreenshot } from "@/lib/reports";
import { createUser } from "./support/accounts";

const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(64, 1)]);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const clock = manualClock(new Date());
const restoreClock = setClock(clock);
afterAll(() => restoreClock());

const rows = async (table: typeof rateLimitBuckets | typeof idempotencyKeys | typeof stripeEvents | typeof reportScreenshots) =>
  Number((await db.select({ n: count() }).from(table))[0]?.n ?? 0);

describe("housekeeping", () => {
  it("prunes each table after its retention, by the credits clock, and keeps what still matters", async () => {
    const { user, accountId } = await createUser("housekeeping");
    await grantCredits({ accountId, source: "purchase", amount: 100 });
    const usage = { accountId, credits: 3, feature: "chat", model: "gpt-5-mini", idempotency: { key: "retry-me", hash: "h1" } };
    const first = await debit(usage);
    expect(first.outcome).toBe("created");

    // A failed sign-in of an unknown address: 5 at once, one back a minute.
    const signInRule = { capacity: 5, refillPerSecond: 1 / 60 };
    await takeToken("signin:email:nobody@example.com", signInRule);
    await takeToken("signin:email:nobody@example.com", signInRule);

    const claimed = await saveScreenshot(accountId, PNG);
    const unclaimed = await saveScreenshot(accountId, PNG);
    await createReport({ userId: user.id, accountId }, { description: "a report with one screenshot", requestIds: [], screenshotIds: [claimed.id] });
    await db.insert(stripeEvents).values({ id: "evt_housekeeping", type: "payment_intent.succeeded" });

    // Nothing is due yet.
    const bucketsBefore = await rows(rateLimitBuckets);
    expect(await runHousekeeping()).toMatchObject({ ran: true, idempotencyKeys: 0, stripeEvents: 0, unclaimedScreenshots: 0 });
    expect(await rows(rateLimitBuckets)).toBe(bucketsBefore);

    // Two minutes on, the bucket is full again: deleted, and the limit reads the same as before.
    clock.advance(2 * MINUTE + 1_000);
    await new Promise((r) => setTimeout(r, 50));
    const afterMinutes = await runHousekeeping();
    expect(afterMinutes.rateLimitBuckets).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, "signin:email:nobody@example.com"))).toEqual([]);
    expect(await peekToken("signin:email:nobody@example.com", signInRule, 5)).toEqual({ allowed: true });

    // A day on: the upload no report claimed is gone, the report's stays.
    clock.advance(DAY);
    expect(await runHousekeeping()).toMatchObject({ unclaimedScreenshots: 1, idempotencyKeys: 0 });
    const shots = await db.select({ id: reportScreenshots.id }).from(reportScreenshots).where(eq(reportScreenshots.accountId, accountId));
    expect(shots.map((s) => s.id)).toEqual([claimed.id]);
    expect(unclaimed.id).not.toBe(claimed.id);

    // Within 7 days a retry replays; after them it is a new request.
    clock.advance(5 * DAY);
    expect((await debit(usage)).outcome).toBe("replay");
    expect(await runHousekeeping()).toMatchObject({ idempotencyKeys: 0 });
    clock.advance(DAY);
    expect(await runHousekeeping()).toMatchObject({ idempotencyKeys: 1, stripeEvents: 0 });
    const retried = await debit(usage);
    expect(retried.outcome).toBe("created");

    // Thirty days on, the Stripe event id is gone.
    clock.advance(23 * DAY);
    expect(await runHousekeeping()).toMatchObject({ stripeEvents: 1 });
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, "evt_housekeeping"))).toEqual([]);
  });

  it("runs on one instance at a time: while another holds its lock, a run does nothing", async () => {
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await other`select pg_advisory_lock(7263526801::bigint)`;
      expect(await runHousekeeping()).toEqual({
        ran: false,
        rateLimitBuckets: 0,
        idempotencyKeys: 0,
        stripeEvents: 0,
        unclaimedScreenshots: 0,
        sentMail: 0,
        authTokens: 0,
      });
      await other`select pg_advisory_unlock(7263526801::bigint)`;
      expect((await runHousekeeping()).ran).toBe(true);
    } finally {
      await other.end({ timeout: 5 });
    }
  });

  it("a bucket still being drawn on is kept", async () => {
    clock.set(new Date());
    await takeToken("api:busy", { capacity: 1000, refillPerSecond: 100 }, 500);
    await runHousekeeping();
    expect(await db.execute(sql`select 1 from rate_limit_buckets where key = 'api:busy'`)).toHaveLength(1);
  });
});
