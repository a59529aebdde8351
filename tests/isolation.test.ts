/**
 * DESIGN.md §7: every route and action that takes an id, called with another
 * account's id, answers 404 (or the action's not_found error) and changes
 * nothing. The table below is checked against the app/ tree: a dynamic route
 * segment or a server action that is neither in it nor explained as taking no
 * id fails this test, so a new one cannot slip past it.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKeys, creditAdjustments, holds, notifications, paymentMethods, problemReports, promoCodes, purchases, reportEvents, stripeCustomers, usageAlerts, users, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { idle, type FormState } from "@/lib/form-state";
import { dynamicRouteDirs, serverActions } from "./support/app-tree";
import { startPaymentsHarness } from "./support/payments";
import { session } from "./support/session-double";

// Configuration is read once: the Stripe sandbox's keys must be in place
// before anything imports lib/env, so the app's modules are imported after it.
const harness = await startPaymentsHarness();
const { db } = await import("@/lib/db");
const { getBalance, grantCredits } = await import("@/lib/credits");
const { createReport, saveScreenshot } = await import("@/lib/reports");
const { createPromoCode } = await import("@/lib/promo");
const { saveCard, stripe, purchaseCredits } = await import("@/lib/payments");
const { apiClient, call } = await import("./support/api");

vi.mock("@/lib/auth/session", () => import("./support/session-double"));

afterAll(() => harness.close());

const screenshotRoute = await import("@/app/api/reports/screenshots/[id]/route");
const reportPage = (await import("@/app/(dashboard)/reports/[id]/page")).default;
const adminReportPage = (await import("@/app/admin/reports/[id]/page")).default;
const adminUserPage = (await import("@/app/admin/users/[id]/page")).default;
const receiptPage = (await import("@/app/(dashboard)/settings/billing/receipts/[id]/page")).default;
const adminActions = await import("@/lib/reports/admin-actions");
const reportActions = await import("@/lib/reports/actions");
const apiKeyActions = await import("@/lib/api-keys/actions");
const cardActions = await import("@/lib/payments/cards/actions");
const billingActions = await import("@/lib/payments/purchases/actions");
const noticeActions = await import("@/lib/notifications/actions");
const autoRefillActions = await import("@/lib/payments/auto-refill/actions");
const pendingActions = await import("@/lib/payments/purchases/pending-actions");
const usageAlertActions = await import("@/lib/usage-alerts/actions");
const promoAdminActions = await import("@/lib/promo/admin-actions");

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");

type Victim = Awaited<ReturnType<typeof setUp>>["victim"];
type Attacker = Awaited<ReturnType<typeof setUp>>["attacker"];

/** Account A ("victim") owns one of everything; account B ("attacker") tries A's ids. */
async function setUp() {
  const victim = await apiClient("victim");
  const attacker = await apiClient("attacker");
  await grantCredits({ accountId: victim.accountId, source: "purchase", amount: 100 });
  await grantCredits({ accountId: attacker.accountId, source: "purchase", amount: 100 });
  const hold = await call("POST", "/api/v1/holds", { key: victim.key, idempotencyKey: randomUUID(), body: { feature: "chat", model: "gpt-5-mini", maxCredits: 10 } });
  expect(hold.status).toBe(201);
  const usage = await call("POST", "/api/v1/usage", { key: victim.key, idempotencyKey: randomUUID(), body: { feature: "chat", model: "gpt-5-mini" } });
  const shot = await saveScreenshot(victim.accountId, PNG);
  const looseShot = await saveScreenshot(victim.accountId, PNG);
  const report = await createReport({ userId: victim.user.id, accountId: victim.accountId }, { description: "A bug used my credits", requestIds: [usage.body.requestId], screenshotIds: [shot.id] });
  const [apiKey] = await db.select().from(apiKeys).where(eq(apiKeys.userId, victim.user.id));
  // A real saved card (through the Stripe sandbox), and a card setup still to be finished.
  const saved = await saveCard(victim.user, await harness.tokenize("4242424242424242"));
  if (saved.status !== "saved" || !saved.card) throw new Error("the victim's card was not saved");
  const [card] = await db.select().from(paymentMethods).where(eq(paymentMethods.id, saved.card.id));
  const [customer] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, victim.user.id));
  const setup = await stripe().setupIntents.create({ customer: customer!.customerId, payment_method: await harness.tokenize("4000002760003184"), usage: "off_session" });
  const freshToken = await harness.tokenize("4242424242424242");
  await saveCard(victim.user, freshToken);
  const now = new Date();
  const [purchase] = await db
    .insert(purchases)
    .values({ id: `pur_${randomUUID()}`, accountId: victim.accountId, userId: victim.user.id, attemptId: randomUUID(), kind: "package", credits: 500, amountCents: 2000, paymentMethodId: card!.id, status: "pending", createdAt: now, updatedAt: now })
    .returning();
  // A paid purchase: it has a receipt (a pending one has none to show anyone).
  const [paid] = await db
    .insert(purchases)
    .values({ id: `pur_${randomUUID().replaceAll("-", "")}`, accountId: victim.accountId, userId: victim.user.id, attemptId: randomUUID(), kind: "package", credits: 500, amountCents: 2000, paymentMethodId: card!.id, cardBrand: "visa", cardLast4: "4242", status: "succeeded", createdAt: now, updatedAt: now })
    .returning();
  const [notice] = await db
    .insert(notifications)
    .values({ userId: victim.user.id, kind: "auto_refill_paused", title: "Auto-refill is paused", body: "…", createdAt: now })
    .returning();
  const [alert] = await db.insert(usageAlerts).values({ userId: victim.user.id, kind: "balance_below", threshold: 50, createdAt: now }).returning();
  const promo = await createPromoCode(victim.user, { code: `ISO-${randomUUID().slice(0, 8)}`, credits: 100, creditsValidDays: 30, maxRedemptions: 5, expiresOn: "" });
  return {
    victim: { ...victim, promoCodeId: promo.id, noticeId: notice!.id, alertId: alert!.id, holdId: hold.body.holdId as string, requestId: usage.body.requestId as string, shotId: shot.id, looseShotId: looseShot.id, reportId: report.id, apiKeyId: apiKey!.id, cardId: card!.id, attachedToken: freshToken, setupIntentId: setup.id, purchase: purchase!, paidPurchaseId: paid!.id },
    attacker,
  };
}

/** What must not change: the victim's balance, hold, key, card, report and its history. */
async function snapshot(v: Victim) {
  const [balance, [hold], [key], [card], [report], events, adjustments] = await Promise.all([
    getBalance(v.accountId),
    db.select().from(holds).where(eq(holds.id, v.holdId)),
    db.select().from(apiKeys).where(eq(apiKeys.id, v.apiKeyId)),
    db.select().from(paymentMethods).where(eq(paymentMethods.id, v.cardId)),
    db.select().from(problemReports).where(eq(problemReports.id, v.reportId)),
    db.select().from(reportEvents).where(eq(reportEvents.reportId, v.reportId)),
    db.select().from(creditAdjustments).where(eq(creditAdjustments.accountId, v.accountId)),
  ]);
  const [notice] = await db.select().from(notifications).where(eq(notifications.id, v.noticeId));
  const [purchase] = await db.select().from(purchases).where(eq(purchases.id, v.purchase.id));
  const alerts = await db.select().from(usageAlerts).where(eq(usageAlerts.userId, v.user.id));
  const promoCodeRows = await db.select().from(promoCodes).orderBy(promoCodes.id);
  return { balance, hold, key, card, report, events: events.length, adjustments: adjustments.length, noticeRead: notice?.readAt ?? null, purchase, alerts, promoCodeRows };
}

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

/** What a call answered: an HTTP status, a thrown notFound() (404), an AppError code, or an action's error message. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    const result = await run();
    if (result instanceof Response) return String(result.status);
    const state = result as FormState | null | undefined;
    if (state && typeof state === "object" && "status" in state && state.status === "error") return `error: ${state.message}`;
    return `answered: ${JSON.stringify(result)?.slice(0, 200)}`;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.endsWith(";404")) return "404";
    if (error instanceof AppError) return error.code === "not_found" ? "404" : `AppError ${error.code}`;
    throw error;
  }
}

const NOT_FOUND_MESSAGE = /not one of your|does not exist|not found|No such|could not be found|No request/i;

interface Case {
  /** The dynamic route directory under app/ or the server action (file#export) this case covers. */
  covers: string;
  name: string;
  /** Signed in as the attacker (or an ordinary user for admin routes) unless `as` says otherwise. */
  as?: "attacker" | "signed-out";
  run: (v: Victim, a: Attacker) => Promise<unknown>;
}

const table: Case[] = [
  {
    covers: "app/api/v1/holds/[id]",
    name: "capture another account's hold",
    run: (v, a) => call("POST", `/api/v1/holds/${v.holdId}/capture`, { key: a.key, body: { credits: 1 } }).then((r) => new Response(null, { status: r.status })),
  },
  {
    covers: "app/api/v1/holds/[id]",
    name: "release another account's hold",
    run: (v, a) => call("POST", `/api/v1/holds/${v.holdId}/release`, { key: a.key }).then((r) => new Response(null, { status: r.status })),
  },
  {
    covers: "app/api/reports/screenshots/[id]",
    name: "read another account's screenshot",
    run: (v) => screenshotRoute.GET(new Request("http://localhost/x"), { params: Promise.resolve({ id: v.shotId }) }),
  },
  {
    covers: "app/api/reports/screenshots/[id]",
    name: "read a screenshot signed out",
    as: "signed-out",
    run: (v) => screenshotRoute.GET(new Request("http://localhost/x"), { params: Promise.resolve({ id: v.shotId }) }),
  },
  {
    covers: "app/(dashboard)/reports/[id]",
    name: "open another account's report",
    run: (v) => reportPage({ params: Promise.resolve({ id: v.reportId }), searchParams: Promise.resolve({}) }),
  },
  {
    covers: "app/(dashboard)/settings/billing/receipts/[id]",
    name: "open another account's receipt",
    run: (v) => receiptPage({ params: Promise.resolve({ id: v.paidPurchaseId }) }),
  },
  {
    covers: "app/(dashboard)/settings/billing/receipts/[id]",
    name: "open a receipt signed out",
    as: "signed-out",
    run: (v) => receiptPage({ params: Promise.resolve({ id: v.paidPurchaseId }) }).catch((error: unknown) => {
      // Signed out, a page redirects to sign-in: nothing of the receipt is shown either.
      const digest = (error as { digest?: unknown }).digest;
      if (typeof digest === "string" && digest.includes("/sign-in")) return new Response(null, { status: 404 });
      throw error;
    }),
  },
  {
    covers: "app/admin/reports/[id]",
    name: "a user opens a report in the support console",
    run: (v) => adminReportPage({ params: Promise.resolve({ id: v.reportId }) }),
  },
  {
    covers: "app/admin/reports/[id]",
    name: "the support console signed out",
    as: "signed-out",
    run: (v) => adminReportPage({ params: Promise.resolve({ id: v.reportId }) }),
  },
  {
    covers: "app/admin/users/[id]",
    name: "a user reads another user's ledger in the console",
    run: (v) => adminUserPage({ params: Promise.resolve({ id: v.user.id }) }),
  },
  {
    covers: "lib/reports/admin-actions.ts#setReportStatusAction",
    name: "a user sets a report's status",
    run: (v) => adminActions.setReportStatusAction(idle, form({ reportId: v.reportId, status: "rejected" })),
  },
  {
    covers: "lib/reports/admin-actions.ts#replyToReportAction",
    name: "a user replies to a report",
    run: (v) => adminActions.replyToReportAction(idle, form({ reportId: v.reportId, body: "hi" })),
  },
  {
    covers: "lib/reports/admin-actions.ts#adjustCreditsAction",
    name: "a user credits a report",
    run: (v) => adminActions.adjustCreditsAction(idle, form({ reportId: v.reportId, credits: "50", reason: "mine now" })),
  },
  {
    covers: "lib/promo/admin-actions.ts#disablePromoCodeAction",
    name: "a user disables a promo code",
    run: (v) => promoAdminActions.disablePromoCodeAction(idle, form({ codeId: String(v.promoCodeId) })),
  },
  {
    covers: "lib/promo/admin-actions.ts#createPromoCodeAction",
    name: "a user creates a promo code",
    run: () => promoAdminActions.createPromoCodeAction(idle, form({ code: "MINE-NOW", credits: "1000", creditsValidDays: "30", maxRedemptions: "1" })),
  },
  {
    covers: "lib/reports/actions.ts#createReportAction",
    name: "report another account's request",
    run: (v) => reportActions.createReportAction(idle, form({ description: "Someone else's request", requestIds: v.requestId })),
  },
  {
    covers: "lib/reports/actions.ts#createReportAction",
    name: "claim another account's screenshot",
    run: (v) => reportActions.createReportAction(idle, form({ description: "Someone else's screenshot", screenshotIds: v.looseShotId })),
  },
  {
    covers: "lib/api-keys/actions.ts#revokeApiKeyAction",
    name: "revoke another account's API key",
    run: (v) => apiKeyActions.revokeApiKeyAction(idle, form({ id: v.apiKeyId })),
  },
  {
    covers: "lib/api-keys/actions.ts#setApiKeyLimitAction",
    name: "set or clear the monthly limit of another account's API key",
    run: (v) => apiKeyActions.setApiKeyLimitAction(idle, form({ id: v.apiKeyId, monthlyLimit: "5" })),
  },
  {
    covers: "lib/payments/cards/actions.ts#setDefaultCardAction",
    name: "make another account's card the default",
    run: (v) => cardActions.setDefaultCardAction(idle, form({ paymentMethodId: v.cardId })),
  },
  {
    covers: "lib/payments/cards/actions.ts#removeCardAction",
    name: "remove another account's card",
    run: (v) => cardActions.removeCardAction(idle, form({ paymentMethodId: v.cardId })),
  },
  {
    covers: "lib/payments/auto-refill/actions.ts#saveAutoRefillAction",
    name: "auto-refill with another account's card",
    run: (v) => autoRefillActions.saveAutoRefillAction(idle, form({ enabled: "on", thresholdCredits: "100", refillCredits: "500", monthlyLimit: "500", paymentMethodId: v.cardId })),
  },
  {
    covers: "lib/payments/purchases/actions.ts#resumePurchaseAction",
    name: "resume another account's purchase",
    run: (v) => billingActions.resumePurchaseAction(idle, form({ attemptId: v.purchase.attemptId })),
  },
  {
    covers: "lib/payments/purchases/pending-actions.ts#completePurchaseAction",
    name: "complete another account's pending payment",
    run: (v) => pendingActions.completePurchaseAction(idle, form({ purchaseId: v.purchase.id })),
  },
  {
    covers: "lib/payments/purchases/pending-actions.ts#completePurchaseAction",
    name: "finish another account's pending payment",
    run: (v) => pendingActions.completePurchaseAction(idle, form({ purchaseId: v.purchase.id, step: "finish" })),
  },
  {
    covers: "lib/payments/purchases/pending-actions.ts#cancelPurchaseAction",
    name: "cancel another account's pending payment",
    run: (v) => pendingActions.cancelPurchaseAction(idle, form({ purchaseId: v.purchase.id })),
  },
  {
    covers: "lib/notifications/actions.ts#dismissNoticeAction",
    name: "dismiss another account's notice",
    run: (v) => noticeActions.dismissNoticeAction(idle, form({ id: String(v.noticeId) })),
  },
  {
    covers: "lib/usage-alerts/actions.ts#removeUsageAlertAction",
    name: "remove another account's usage alert",
    run: (v) => usageAlertActions.removeUsageAlertAction(idle, form({ id: String(v.alertId) })),
  },
  {
    covers: "lib/payments/auto-refill/actions.ts#confirmRefillAction",
    name: "confirm another account's payment",
    run: (v) => autoRefillActions.confirmRefillAction(idle, form({ purchaseId: v.purchase.id, noticeId: String(v.noticeId) })),
  },
  {
    covers: "lib/payments/purchases/actions.ts#purchaseCreditsAction",
    name: "buy with another account's saved card",
    // The action reads the request's origin (headers()), so this calls purchaseCredits, which it delegates to.
    run: (v, a) => purchaseCredits(a.user, { attemptId: randomUUID(), choice: { packageIndex: 0 }, paymentMethodId: v.cardId, newCard: false, saveCard: false, returnUrl: "http://localhost/settings/billing" }),
  },
  {
    covers: "lib/payments/cards/actions.ts#saveCardAction",
    name: "save a card attached to another account's customer",
    run: (v) => cardActions.saveCardAction(idle, form({ paymentMethodId: v.attachedToken })),
  },
  {
    covers: "lib/payments/cards/actions.ts#finishSavingCardAction",
    name: "finish another account's card setup",
    run: (v) => cardActions.finishSavingCardAction(idle, form({ setupIntentId: v.setupIntentId })),
  },
  {
    covers: "lib/notifications/actions.ts#dismissNoticeAction",
    name: "dismiss another account's notice",
    run: (v) => noticeActions.dismissNoticeAction(idle, form({ id: String(v.noticeId) })),
  },
  {
    covers: "lib/payments/auto-refill/actions.ts#confirmRefillAction",
    name: "confirm another account's payment",
    run: (v) => autoRefillActions.confirmRefillAction(idle, form({ purchaseId: v.purchase.id, noticeId: String(v.noticeId) })),
  },
  {
    covers: "lib/payments/purchases/actions.ts#purchaseCreditsAction",
    name: "buy with a card attached to another account's customer, as a new card",
    run: (v, a) => purchaseCredits(a.user, { attemptId: randomUUID(), choice: { packageIndex: 0 }, paymentMethodId: v.attachedToken, newCard: true, saveCard: true, returnUrl: "http://localhost/settings/billing" }),
  },
];

/**
 * Dynamic segments and actions that take no id of an existing object, and why.
 * Anything that does take one belongs in the table above instead.
 */
const takesNoId: Record<string, string> = {
  "app/api/auth/[...nextauth]": "Auth.js's own routes (sign-in, callbacks); no account objects",
  "app/api/features/[feature]": "a feature name from the rate card, the same for every account",
  "lib/auth/actions.ts#signInAction": "credentials only",
  "lib/auth/actions.ts#signUpAction": "credentials only",
  "lib/auth/actions.ts#signOutAction": "no input",
  "lib/auth/recovery-actions.ts#forgotPasswordAction": "an e-mail address only; the same answer for every address",
  "lib/auth/recovery-actions.ts#resetPasswordAction": "a one-time token from an e-mail (a bearer secret, not an account id) and a password",
  "lib/auth/recovery-actions.ts#verifyEmailAction": "a one-time token from an e-mail (a bearer secret, not an account id)",
  "lib/auth/account-actions.ts#resendVerificationAction": "no input: the session's own address",
  "lib/auth/account-actions.ts#changePasswordAction": "passwords only, for the session's own account",
  "lib/auth/account-actions.ts#changeEmailAction": "an e-mail address and the password, for the session's own account",
  "lib/auth/account-actions.ts#signOutEverywhereAction": "no input: the session's own account",
  "lib/api-keys/actions.ts#createApiKeyAction": "a key name and an optional monthly limit, for a new key of the session's own user",
  "lib/notifications/actions.ts#saveMailSwitchesAction": "five checkboxes of the session's own user",
  "lib/account/actions.ts#deleteAccountAction": "a typed confirmation only: it deletes the session's own account",
  "lib/usage-alerts/actions.ts#addUsageAlertAction": "a kind and a number of credits, added to the session's own alerts",
  "lib/help/actions.ts#sendHelpFeedback": "an answer id from the help text, the same for every account",
  "lib/payments/subscriptions/actions.ts#subscribeToProAction": "the session's own plan and default card; the confirmed card id is only compared with that default",
  "lib/payments/subscriptions/actions.ts#cancelPlanAction": "no input: the session's own subscription",
  "lib/payments/subscriptions/actions.ts#resumePlanAction": "no input: the session's own subscription",
  "lib/payments/subscriptions/actions.ts#payPastDueAction": "no input: the session's own subscription and default card",
  "lib/payments/auto-refill/actions.ts#setAutoRefillOnAction": "on or off only: the session's own setting and cards",
  "lib/promo/actions.ts#redeemPromoCodeAction": "a promo code (the same for everyone who has it), redeemed for the session's own account",
};

describe("isolation: another account's ids answer 404 and change nothing", () => {
  let fixture: Awaited<ReturnType<typeof setUp>>;
  let ordinary: User;

  beforeAll(async () => {
    fixture = await setUp();
    ordinary = fixture.attacker.user;
  });
  afterAll(() => {
    session.user = null;
  });

  it("the table covers every dynamic route and server action", () => {
    const covered = new Set([...table.map((c) => c.covers), ...Object.keys(takesNoId)]);
    const missing = [...dynamicRouteDirs(), ...serverActions()].filter((x) => !covered.has(x));
    expect(missing, "add these to the isolation table in tests/isolation.test.ts (or to takesNoId, with the reason)").toEqual([]);
  });

  it.each(table.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { victim, attacker } = fixture;
    session.user = c.as === "signed-out" ? null : ordinary;
    const before = await snapshot(victim);
    const answer = await outcome(() => c.run(victim, attacker));
    if (answer.startsWith("error: ")) expect(answer).toMatch(NOT_FOUND_MESSAGE);
    else expect(answer).toBe("404");
    expect(await snapshot(victim)).toEqual(before);
    // Nothing moved to the attacker either: there is no way to move credits between accounts.
    expect((await getBalance(attacker.accountId)).balance).toBe(100);
  });

  it("an admin still gets 404 for ids that do not exist, and the owner sees their own", async () => {
    const { victim } = fixture;
    const [admin] = await db.update(users).set({ isAdmin: true }).where(eq(users.id, victim.user.id)).returning();
    session.user = admin!;
    expect(await outcome(() => adminReportPage({ params: Promise.resolve({ id: "rpt_doesnotexist00" }) }))).toBe("404");
    expect(await outcome(() => adminUserPage({ params: Promise.resolve({ id: "no-such-user" }) }))).toBe("404");
    const own = await screenshotRoute.GET(new Request("http://localhost/x"), { params: Promise.resolve({ id: victim.shotId }) });
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/png");
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    expect(own.headers.get("content-disposition")).toBe("inline");
    await db.update(users).set({ isAdmin: false }).where(eq(users.id, victim.user.id));
  });

  it("the owner opens their own receipt, with its figures", async () => {
    const { victim } = fixture;
    const { receiptForUser } = await import("@/lib/payments");
    const receipt = await receiptForUser(victim.user.id, victim.paidPurchaseId);
    expect(receipt).toMatchObject({ amountCents: 2000, credits: 500, card: "Visa •••• 4242", status: "succeeded", description: "Credit package" });
    // A purchase that charged nothing has no receipt.
    expect(await receiptForUser(victim.user.id, victim.purchase.id)).toBeNull();
  });
});
