import { describe, expect, it } from "vitest";
import {
  creditSummary,
  dailyUsage,
  debit,
  grantCredits,
  placeHold,
  recentRequests,
  recentSpend,
  releaseHold,
  runOutForecast,
} from "@/lib/credits";
import { parseUsageSearch, startOfDay } from "@/lib/credits/shared";
import { createUser } from "../support/accounts";
import { withClock } from "../support/clock";

describe("credit summary", () => {
  it("breaks the available balance down by source and lists the soonest expiries", () =>
    withClock("2026-03-10T12:00:00Z", async (clock) => {
      const { accountId } = await createUser();
      await grantCredits({ accountId, source: "purchase", amount: 500 });
      await grantCredits({ accountId, source: "allowance", amount: 300, expiresAt: new Date("2026-04-01T00:00:00Z") });
      await grantCredits({ accountId, source: "promo", amount: 50, expiresAt: new Date("2026-03-15T00:00:00Z") });
      await grantCredits({ accountId, source: "adjustment", amount: 20, expiresAt: new Date("2026-03-15T00:00:00Z") });
      await grantCredits({ accountId, source: "promo", amount: 10, expiresAt: new Date("2026-03-11T00:00:00Z") });
      // Spent from the allowance first (lowest priority number), then promos by expiry.
      await debit({ accountId, credits: 310, feature: "chat", model: "gpt-5-mini" });
      await placeHold({ accountId, credits: 25, feature: "chat", model: "gpt-5-mini", ttlSeconds: 600 });

      const summary = await creditSummary(accountId);
      expect(summary.balance).toBe(880 - 310);
      expect(summary.held).toBe(25);
      expect(summary.available).toBe(880 - 310 - 25);
      expect(summary.bySource).toEqual({ purchase: 500, allowance: 0, refill: 0, promo: 25, adjustment: 20 });
      expect(Object.values(summary.bySource).reduce((a, b) => a + b, 0)).toBe(summary.available);
      // The allowance is spent out, so it does not expire anything; the two grants of the 15th are one line.
      expect(summary.expiring).toEqual([
        { expiresAt: "2026-03-15T00:00:00.000Z", credits: 45, sources: ["promo", "adjustment"] },
      ]);

      // Once a grant's date passes it no longer counts, even before a sweep.
      clock.set("2026-03-16T00:00:00Z");
      const later = await creditSummary(accountId);
      expect(later.bySource.promo).toBe(0);
      expect(later.expiring).toEqual([]);
    }));
});

describe("daily usage", () => {
  it("groups credits by day and feature in the user's time zone, across day boundaries", () =>
    withClock("2026-06-01T00:00:00Z", async (clock) => {
      const { accountId } = await createUser();
      const other = await createUser("other");
      await grantCredits({ accountId, source: "purchase", amount: 10_000 });
      await grantCredits({ accountId: other.accountId, source: "purchase", amount: 10_000 });
      const at = async (iso: string, credits: number, feature = "chat", id = accountId) => {
        clock.set(iso);
        await debit({ accountId: id, credits, feature, model: "gpt-5-mini" });
      };
      // New York is UTC−4 in June: 03:30Z on the 10th is still the 9th there.
      await at("2026-06-10T03:30:00Z", 5);
      await at("2026-06-10T04:30:00Z", 7);
      await at("2026-06-10T12:00:00Z", 11, "code_generation");
      await at("2026-06-11T03:59:59Z", 13, "code_generation");
      await at("2026-06-11T04:00:00Z", 17);
      await at("2026-06-10T12:00:00Z", 1000, "chat", other.accountId);
      // Neither refused nor released requests count as spending.
      clock.set("2026-06-10T15:00:00Z");
      await debit({ accountId, credits: 1_000_000, feature: "chat", model: "gpt-5-mini" });
      const hold = await placeHold({ accountId, credits: 40, feature: "chat", model: "gpt-5-mini", ttlSeconds: 60 });
      if (hold.outcome !== "created") throw new Error("hold refused");
      await releaseHold(accountId, hold.body.holdId);

      clock.set("2026-06-11T20:00:00Z");
      const ny = await dailyUsage(accountId, { days: 3, timeZone: "America/New_York" });
      expect(ny.days.map((d) => d.day)).toEqual(["2026-06-09", "2026-06-10", "2026-06-11"]);
      expect(ny.days.map((d) => d.byFeature)).toEqual([{ chat: 5 }, { chat: 7, code_generation: 24 }, { chat: 17 }]);
      expect(ny.days.map((d) => d.total)).toEqual([5, 31, 17]);
      expect(ny.days.map((d) => d.requests)).toEqual([1, 3, 1]);
      expect(ny.total).toBe(53);
      expect(ny.features).toEqual(["chat", "code_generation"]);

      const utc = await dailyUsage(accountId, { days: 3, timeZone: "UTC" });
      expect(utc.days.map((d) => [d.day, d.total])).toEqual([
        ["2026-06-09", 0],
        ["2026-06-10", 5 + 7 + 11],
        ["2026-06-11", 13 + 17],
      ]);

      // Tokyo (UTC+9) is already on the 12th: the window moves with it.
      const tokyo = await dailyUsage(accountId, { days: 2, timeZone: "Asia/Tokyo" });
      expect(tokyo.days.map((d) => [d.day, d.total])).toEqual([
        ["2026-06-11", 13 + 17],
        ["2026-06-12", 0],
      ]);
    }));

  it("counts a day that starts on a daylight-saving change in full", () =>
    withClock("2026-03-08T05:30:00Z", async (clock) => {
      const { accountId } = await createUser();
      await grantCredits({ accountId, source: "purchase", amount: 100 });
      // 8 March 2026 in New York: starts at 05:00Z (EST), ends at 04:00Z on the 9th (EDT), 23 hours.
      expect(startOfDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
      expect(startOfDay("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
      await debit({ accountId, credits: 2, feature: "chat", model: "gpt-5-mini" });
      clock.set("2026-03-09T03:59:00Z");
      await debit({ accountId, credits: 3, feature: "chat", model: "gpt-5-mini" });
      clock.set("2026-03-09T04:00:00Z");
      await debit({ accountId, credits: 4, feature: "chat", model: "gpt-5-mini" });
      const days = await dailyUsage(accountId, { days: 2, timeZone: "America/New_York" });
      expect(days.days.map((d) => [d.day, d.total])).toEqual([
        ["2026-03-08", 5],
        ["2026-03-09", 4],
      ]);
    }));
});

describe("pace and forecast", () => {
  it("sums the last 7 × 24 hours and says how long the credits last", () =>
    withClock("2026-02-01T00:00:00Z", async (clock) => {
      const { accountId } = await createUser();
      await grantCredits({ accountId, source: "purchase", amount: 1000 });
      await debit({ accountId, credits: 100, feature: "chat", model: "gpt-5-mini" }); // 8 days before "now": outside
      clock.set("2026-02-02T00:00:00Z");
      await debit({ accountId, credits: 70, feature: "chat", model: "gpt-5-mini" }); // exactly 7 days before: inside
      clock.set("2026-02-08T23:00:00Z");
      await debit({ accountId, credits: 70, feature: "agent_request", model: "gpt-5-mini" });
      clock.set("2026-02-09T00:00:00Z");
      expect(await recentSpend(accountId, 7)).toBe(140);
      expect(runOutForecast(1000 - 240, 140)).toEqual({ kind: "runs-out", days: 38, perDay: 20 });
      const recent = await recentRequests(accountId, 2);
      expect(recent.map((r) => r.credits)).toEqual([70, 70]);
      expect(recent[0]!.feature).toBe("agent_request");
    }));

  it("has a message for no credits and for no recent usage", () => {
    expect(runOutForecast(0, 50)).toEqual({ kind: "no-credits" });
    expect(runOutForecast(100, 0)).toEqual({ kind: "no-usage" });
    expect(runOutForecast(5, 70)).toEqual({ kind: "runs-out", days: 0, perDay: 10 });
    expect(runOutForecast(70, 70)).toEqual({ kind: "runs-out", days: 7, perDay: 10 });
  });
});

describe("usage filters from a URL", () => {
  it("keeps valid values, drops invalid ones with their names, and reads days in the user's zone", () => {
    const ok = parseUsageSearch({ from: "2026-06-01", to: "2026-06-02", feature: "chat", model: "gpt-5-mini" }, "Europe/Paris");
    expect(ok.invalid).toEqual([]);
    expect(ok.filter.from?.toISOString()).toBe("2026-05-31T22:00:00.000Z");
    // The end day is included: the range ends when the next day starts.
    expect(ok.filter.to?.toISOString()).toBe("2026-06-02T22:00:00.000Z");
    expect(ok.filter.feature).toBe("chat");

    const bad = parseUsageSearch({ from: "yesterday", to: "2026-02-30", feature: "x", model: ["gpt-5-mini", "y"] }, "UTC");
    expect(bad.invalid).toEqual(["start date", "end date", "feature"]);
    expect(bad.search).toEqual({ model: "gpt-5-mini" });

    // Dates in the wrong order stay in the form to correct, are explained, and filter nothing (issue 20 item 8).
    const reversed = parseUsageSearch({ from: "2026-06-05", to: "2026-06-01" }, "UTC");
    expect(reversed.search).toEqual({ from: "2026-06-05", to: "2026-06-01" });
    expect(reversed.dateRangeError).toBe("The start date is after the end date.");
    expect(reversed.filter).toEqual({});
    expect(reversed.invalid).toEqual([]);
  });
});
