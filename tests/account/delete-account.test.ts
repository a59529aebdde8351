/**
 * Issue #19 item 9: "Delete account". Against the Stripe sandbox and real
 * PostgreSQL: the cards are detached at Stripe, Pro is canceled, personal
 * data is gone, API keys answer 401, the password no longer signs in, a
 * session of the deleted user is refused — and the ledger still balances.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { accounts, apiKeys, autoRefillSettings, notifications, paymentMethods, problemReports, reportScreenshots, stripeCustomers, subscriptions, usageAlerts, users } from "@/db/schema";
import { idle, type FormState } from "@/lib/form-state";
import { startPaymentsHarness } from "../support/payments";

process.env.AUTH_SECRET ??= randomUUID();
process.env.AUTH_TRUST_HOST ??= "true";
const harness = await startPaymentsHarness();
afterAll(() => harness.close());

// Next's request scope exists only inside a running server: a plain browser request stands in for it.
vi.mock("next/headers", () => import("../support/request-scope"));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { db } = await import("@/lib/db");
const { getBalance } = await import("@/lib/credits");
const { apiClient, call } = await import("../support/api");
const { ledgerProblems } = await import("../support/accounts");
const { purchaseCredits, saveAutoRefill, stripe, setDefaultCard } = await import("@/lib/payments");
const { subscribeToPro } = await import("@/lib/payments/subscriptions/subscriptions");
const { deleteAccount } = await import("@/lib/account");
const { activeUser } = await import("@/lib/auth/session");
const { hashPassword } = await import("@/lib/auth/password");
const { signInAction } = await import("@/lib/auth/actions");
const { saveScreenshot, createReport } = await import("@/lib/reports");

const PASSWORD = "correct horse battery 9";
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");

async function signInOutcome(email: string, password: string): Promise<string> {
  const data = new FormData();
  data.set("email", email);
  data.set("password", password);
  try {
    const state = (await signInAction(idle, data)) as FormState;
    return state.status === "error" ? (state.code ?? state.message) : state.status;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return "signed-in";
    throw error;
  }
}

/** A user with everything: a password, a GitHub link, a saved card that bought credits, Pro, auto-refill, a key, a notice, a report with a screenshot. */
async function fullAccount() {
  const client = await apiClient("leaving");
  const { user, accountId, key } = client;
  await db.update(users).set({ name: "Ada Lovelace", passwordHash: await hashPassword(PASSWORD) }).where(eq(users.id, user.id));
  await db.insert(accounts).values({ userId: user.id, type: "oauth", provider: "github", providerAccountId: `gh-${randomUUID()}` });
  const bought = await purchaseCredits(user, {
    attemptId: randomUUID(),
    choice: { packageIndex: 0 },
    paymentMethodId: await harness.tokenize("4242424242424242"),
    newCard: true,
    saveCard: true,
    returnUrl: "http://localhost:3000/settings/billing",
  });
  expect(bought.status).toBe("succeeded");
  const [card] = await db.select().from(paymentMethods).where(eq(paymentMethods.userId, user.id));
  await setDefaultCard(user.id, card!.id);
  await subscribeToPro(user);
  await saveAutoRefill(accountId, { enabled: true, thresholdCredits: 100, refillCredits: 500, monthlyLimitCents: 50_000, paymentMethodId: null });
  const usage = await call("POST", "/api/v1/usage", { key, idempotencyKey: randomUUID(), body: { feature: "chat", model: "gpt-5-mini" } });
  expect(usage.status).toBe(201);
  await db.insert(notifications).values({ userId: user.id, kind: "auto_refill_paused", title: "Paused", body: "…", createdAt: new Date() });
  await db.update(users).set({ timeZone: "Europe/Berlin" }).where(eq(users.id, user.id));
  await db.insert(usageAlerts).values({ userId: user.id, kind: "balance_below", threshold: 50, createdAt: new Date() });
  const shot = await saveScreenshot(accountId, PNG);
  await createReport({ userId: user.id, accountId }, { description: "My name is Ada and this broke", requestIds: [usage.body.requestId], screenshotIds: [shot.id] });
  await harness.sandbox.webhooksIdle();
  return { user, accountId, key, cardId: card!.id };
}

describe("deleting an account", () => {
  it("stops every charge at Stripe, erases personal data, ends sessions and keys, and leaves the books balanced", async () => {
    const { user, accountId, key, cardId } = await fullAccount();
    const before = await getBalance(accountId);
    expect(await activeUser(user.id)).not.toBeNull();

    await deleteAccount(user.id);
    await harness.sandbox.webhooksIdle();

    // Stripe: the card is no longer attached to anyone, Pro is canceled.
    expect((await stripe().paymentMethods.retrieve(cardId)).customer).toBeNull();
    const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
    expect(sub?.status).toBe("canceled");
    expect((await stripe().subscriptions.retrieve(sub!.id)).status).toBe("canceled");
    // The customer stays at Stripe (its payments are Stripe's records) but no longer names the person.
    const [customer] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, user.id));
    expect(await stripe().customers.retrieve(customer!.customerId)).toMatchObject({ email: null, name: null });
    const [refill] = await db.select().from(autoRefillSettings).where(eq(autoRefillSettings.accountId, accountId));
    expect(refill?.enabled).toBe(false);

    // Personal data.
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ name: null, passwordHash: null, image: null, emailVerified: null, timeZone: null });
    expect(row!.email).not.toBe(user.email);
    expect(row!.email).toMatch(/@deleted\.invalid$/);
    expect(row!.deletedAt).toBeInstanceOf(Date);
    expect(await db.select().from(accounts).where(eq(accounts.userId, user.id))).toEqual([]);
    expect(await db.select().from(notifications).where(eq(notifications.userId, user.id))).toEqual([]);
    expect(await db.select().from(usageAlerts).where(eq(usageAlerts.userId, user.id))).toEqual([]);
    expect(await db.select().from(reportScreenshots).where(eq(reportScreenshots.accountId, accountId))).toEqual([]);
    const reports = await db.select().from(problemReports).where(eq(problemReports.userId, user.id));
    expect(reports.map((r) => r.description).join()).not.toContain("Ada");
    const keys = await db.select().from(apiKeys).where(eq(apiKeys.userId, user.id));
    expect(keys.every((k) => k.revokedAt !== null)).toBe(true);

    // Sessions and keys: refused.
    expect(await activeUser(user.id)).toBeNull();
    const balance = await call("GET", "/api/v1/balance", { key });
    expect(balance.status).toBe(401);
    expect(await signInOutcome(user.email, PASSWORD)).toBe("unauthenticated");

    // The ledger: untouched, and it balances.
    expect((await getBalance(accountId)).balance).toBe(before.balance);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("can be run again after it stopped part-way (nothing is left to charge twice)", async () => {
    const { user } = await fullAccount();
    await deleteAccount(user.id);
    await deleteAccount(user.id);
    expect(await activeUser(user.id)).toBeNull();
    expect(await ledgerProblems()).toEqual([]);
  });
});
