/**
 * Issue #20 item 9: the welcome credits and the low-balance threshold agree, so
 * a new user is warned while welcome credits are left, not after they are gone.
 * The welcome grant is the real one (lib/payments, as verifying the address
 * makes it); the warnings are the panel's rule and the e-mail job's pass.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox } from "@/db/schema";
import { debit, getBalance } from "@/lib/credits";
import { DEFAULT_LOW_BALANCE_THRESHOLD, lowBalanceThreshold, priceRequest, shouldOpenPanel } from "@/lib/credits/shared";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { warnLowBalances } from "@/lib/notifications";
import { grantWelcome, plans } from "@/lib/payments";
import { createUser } from "./support/accounts";

const agentRequest = { feature: "agent_request", model: "claude-sonnet-4.5" } as const;

describe("welcome credits and the low-balance threshold", () => {
  it("the default welcome grant is at least the low-balance threshold", () => {
    expect(env.WELCOME_CREDITS).toBe(plans.free.welcomeCredits);
    expect(plans.free.welcomeCredits).toBeGreaterThanOrEqual(DEFAULT_LOW_BALANCE_THRESHOLD);
  });

  it("a new user spending the welcome credits is warned, by the panel and by e-mail, while credits are left", async () => {
    const { user, accountId } = await createUser("welcome");
    await grantWelcome(user.id);
    let balance = (await getBalance(accountId)).balance;
    expect(balance).toBe(plans.free.welcomeCredits);
    await warnLowBalances(); // the job's regular pass, between sign-up and the first requests

    const threshold = lowBalanceThreshold(null); // a new account has no auto-refill
    let panelOpenedAt: number | null = null;
    let mailedAt: number | null = null;
    const price = priceRequest(agentRequest).credits;
    while (balance >= price && (panelOpenedAt === null || mailedAt === null)) {
      const spent = await debit({ accountId, credits: price, ...agentRequest });
      if (spent.outcome !== "created") throw new Error(`debit: ${spent.outcome}`);
      const next = spent.body.balance;
      const context = { threshold, autoRefillOn: false, refillPending: false, dismissedAt: null, isInitial: false };
      if (panelOpenedAt === null && shouldOpenPanel({ open: false }, balance, next, context)) panelOpenedAt = next;
      await warnLowBalances();
      const mails = await db.select().from(mailOutbox).where(and(eq(mailOutbox.to, user.email), eq(mailOutbox.category, "notice")));
      if (mailedAt === null && mails.length > 0) mailedAt = next;
      balance = next;
    }
    expect({ panelOpenedAt, mailedAt }).toEqual({ panelOpenedAt: threshold - price, mailedAt: threshold - price });
  });
});
