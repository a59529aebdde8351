/**
 * Issue 22: the dashboard's chart and pace read usage_quarter_hours, kept by
 * triggers on the request log, instead of summing every request. Whatever
 * happens to requests (debits, refusals, holds captured, released or
 * expired, many at once), the chart and the pace must say exactly what the
 * request log says, in any time zone, including those a half or three
 * quarters of an hour off UTC, and at any moment (the pace's window starts
 * and ends mid-quarter-hour).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sqlClient } from "@/lib/db";
import {
  captureHold,
  dailyUsage,
  debit,
  grantCredits,
  placeHold,
  recentSpend,
  releaseHold,
  sweepExpired,
} from "@/lib/credits";
import { createUser } from "../support/accounts";
import { withClock } from "../support/clock";

const ZONES = ["UTC", "America/New_York", "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Chatham"];
const START = Date.parse("2026-03-28T00:00:00Z"); // spans Europe's, Lord Howe's and Chatham's clock changes
const FEATURES = ["chat", "code_generation"] as const;

/**
 * What the request log says, straight from its rows: captured credits by local
 * day and feature, and captured requests by day, one line each, sorted.
 */
async function fromTheLog(accountId: number, timeZone: string, from: Date, to: Date) {
  const rows = await sqlClient<{ day: string; feature: string | null; credits: string; requests: string }[]>`
    select to_char((created_at at time zone ${timeZone})::date, 'YYYY-MM-DD') as day, feature,
      sum(credits) as credits, count(*) as requests
    from usage_requests
    where account_id = ${accountId} and status = 'captured'
      and created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz
    group by grouping sets ((1, 2), (1))`;
  return rows.map((r) => (r.feature === null ? `${r.day} ${r.requests} requests` : `${r.day} ${r.feature} ${r.credits} credits`)).sort();
}

/** The same lines from what the dashboard's chart shows. */
function fromTheChart(usage: Awaited<ReturnType<typeof dailyUsage>>) {
  return usage.days
    .filter((d) => d.requests > 0)
    .flatMap((d) => [`${d.day} ${d.requests} requests`, ...Object.entries(d.byFeature).map(([feature, credits]) => `${d.day} ${feature} ${credits} credits`)])
    .sort();
}

type Step =
  | { op: "debit"; minutes: number; credits: number; feature: number }
  | { op: "hold"; minutes: number; credits: number; feature: number; settle: "capture" | "release" | "expire"; captured: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("debit" as const), minutes: fc.integer({ min: 0, max: 600 }), credits: fc.integer({ min: 1, max: 40 }), feature: fc.integer({ min: 0, max: 1 }) }),
  fc.record({
    op: fc.constant("hold" as const),
    minutes: fc.integer({ min: 0, max: 600 }),
    credits: fc.integer({ min: 1, max: 40 }),
    feature: fc.integer({ min: 0, max: 1 }),
    settle: fc.constantFrom("capture" as const, "release" as const, "expire" as const),
    captured: fc.integer({ min: 0, max: 40 }),
  }),
);

describe("usage by quarter hour", () => {
  it("gives the chart and the pace exactly what the request log says, in every zone and at any moment", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), fc.integer({ min: 0, max: 24 * 60 - 1 }), (steps, lookMinutes) =>
        withClock(new Date(START).toISOString(), async (clock) => {
          const { accountId } = await createUser("quarters");
          // Sometimes too little for everything: refused requests must count nothing.
          await grantCredits({ accountId, source: "purchase", amount: 400 });
          let at = START;
          for (const s of steps) {
            at += s.minutes * 60_000 + 7_000; // seconds off the quarter hour, so buckets fill mid-way
            clock.set(new Date(at).toISOString());
            const usage = { accountId, credits: s.credits, feature: FEATURES[s.feature]!, model: "gpt-5-mini" };
            if (s.op === "debit") {
              await debit(usage);
              continue;
            }
            const hold = await placeHold({ ...usage, ttlSeconds: 600 });
            if (hold.outcome !== "created") continue;
            if (s.settle === "capture") await captureHold(accountId, hold.body.holdId, Math.min(s.captured, s.credits));
            if (s.settle === "release") await releaseHold(accountId, hold.body.holdId);
            if (s.settle === "expire") {
              clock.set(new Date(at + 601_000).toISOString());
              await sweepExpired(accountId);
              at += 601_000;
            }
          }
          clock.set(new Date(at + lookMinutes * 60_000 + 29_000).toISOString());
          for (const timeZone of ZONES) {
            const usage = await dailyUsage(accountId, { days: 14, timeZone });
            const first = usage.days[0]!.day;
            const from = new Date(await dayStart(first, timeZone));
            const to = new Date(await dayStart(usage.days.at(-1)!.day, timeZone, 1));
            expect(fromTheChart(usage), timeZone).toEqual(await fromTheLog(accountId, timeZone, from, to));
          }
          const now = new Date(at + lookMinutes * 60_000 + 29_000);
          // The pace over one day and over seven: windows that start and end inside quarter hours.
          for (const days of [1, 7]) {
            const [raw] = await sqlClient<{ credits: string | null }[]>`
              select sum(credits) as credits from usage_requests where account_id = ${accountId} and status = 'captured'
                and created_at >= ${new Date(now.getTime() - days * 86_400_000).toISOString()}::timestamptz
                and created_at < ${now.toISOString()}::timestamptz`;
            expect(await recentSpend(accountId, days), `${days} days`).toBe(Number(raw!.credits ?? 0));
          }
        }),
      ),
      { numRuns: 12 },
    );
  });

  it("cuts the pace's window inside the quarter hours at both of its ends", () =>
    withClock("2026-05-05T10:01:00Z", async (clock) => {
      const { accountId } = await createUser("edges");
      await grantCredits({ accountId, source: "purchase", amount: 1000 });
      const at = async (iso: string, credits: number) => {
        clock.set(iso);
        await debit({ accountId, credits, feature: "chat", model: "gpt-5-mini" });
      };
      await at("2026-05-05T10:01:00Z", 1); // before the window, in its first quarter hour
      await at("2026-05-05T10:05:00Z", 10); // inside, same quarter hour
      await at("2026-05-05T13:00:00Z", 100);
      await at("2026-05-06T10:02:00Z", 1000 - 1 - 10 - 100 - 5); // inside, in the window's last quarter hour
      clock.set("2026-05-06T10:04:30Z");
      expect(await recentSpend(accountId, 1)).toBe(10 + 100 + 884);
    }));

  it("stays exact when many requests of one account land in one quarter hour at once", () =>
    withClock("2026-05-05T10:07:00Z", async (clock) => {
      const { accountId } = await createUser("burst");
      await grantCredits({ accountId, source: "purchase", amount: 150 });
      // 200 debits of 1 on 150 credits: 150 captured, 50 refused, all in the same bucket.
      await Promise.all(Array.from({ length: 200 }, () => debit({ accountId, credits: 1, feature: "chat", model: "gpt-5-mini" })));
      const [bucket] = await sqlClient<{ credits: string; requests: number }[]>`
        select credits, requests from usage_quarter_hours where account_id = ${accountId}`;
      expect(bucket).toEqual({ credits: "150", requests: 150 });
      clock.set("2026-05-05T23:00:00Z");
      const usage = await dailyUsage(accountId, { days: 1, timeZone: "UTC" });
      expect(usage.days).toEqual([{ day: "2026-05-05", total: 150, requests: 150, byFeature: { chat: 150 } }]);
    }));
});

/** The instant a local day starts (or `plus` days later), as PostgreSQL's zone rules say. */
async function dayStart(day: string, timeZone: string, plus = 0): Promise<string> {
  const [row] = await sqlClient<{ at: string }[]>`
    select to_char(((${day}::date + ${plus}::int)::timestamp at time zone ${timeZone}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at`;
  return row!.at;
}
