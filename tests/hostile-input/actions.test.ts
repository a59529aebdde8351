/**
 * Issue #12, hostile input, server actions: every export of every
 * "use server" file (under lib/, beside its domain) gets hostile form fields, and arguments that
 * are not a form at all (a server action is a public endpoint: its arguments
 * are whatever a client posts). A refused call returns the action's
 * `{ status: "error" }` with a message of its own (never the catch-all
 * "Something went wrong on our side", which is our 500) and leaves every
 * table as it was. The table fails when an action exists that it does not list.
 *
 * Free text (a key's name, a report, a reply) is another matter: hostile
 * characters are allowed there, so those cases check that the text is stored
 * exactly as sent, and nothing else is written.
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKeys, creditAdjustments, notifications, problemReports, reportEvents, users } from "@/db/schema";
import { idle, type FormState } from "@/lib/form-state";
import { serverActions } from "../support/app-tree";
import { startPaymentsHarness } from "../support/payments";
import { session } from "../support/session-double";
import type { TableSnapshot } from "../support/table-snapshot";
import { hostileFormValues, hostileText } from "./payloads";

// Auth.js (sign-in) reads its secret from the environment, as in a real start.
process.env.AUTH_SECRET ??= randomUUID();
process.env.AUTH_TRUST_HOST ??= "true";
const harness = await startPaymentsHarness();
afterAll(() => harness.close());

vi.mock("@/lib/auth/session", () => import("../support/session-double"));
// Next's request scope (headers(), cookies(), revalidatePath()) exists only
// inside a running server; these stand in for it with a plain request from
// localhost. They are Next's APIs, not ours: the actions run unchanged.
vi.mock("next/headers", () => import("../support/request-scope"));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { db } = await import("@/lib/db");
const { snapshotTables } = await import("../support/table-snapshot");
const { ensureCustomer } = await import("@/lib/payments");
const { createReport } = await import("@/lib/reports");
const { apiClient } = await import("../support/api");

type Action = (prev: never, formData: never) => Promise<unknown>;
const modules: Record<string, Record<string, unknown>> = {
  "lib/account/actions.ts": await import("@/lib/account/actions"),
  "lib/api-keys/actions.ts": await import("@/lib/api-keys/actions"),
  "lib/auth/actions.ts": await import("@/lib/auth/actions"),
  "lib/auth/account-actions.ts": await import("@/lib/auth/account-actions"),
  "lib/auth/recovery-actions.ts": await import("@/lib/auth/recovery-actions"),
  "lib/help/actions.ts": await import("@/lib/help/actions"),
  "lib/notifications/actions.ts": await import("@/lib/notifications/actions"),
  "lib/payments/auto-refill/actions.ts": await import("@/lib/payments/auto-refill/actions"),
  "lib/payments/cards/actions.ts": await import("@/lib/payments/cards/actions"),
  "lib/payments/purchases/actions.ts": await import("@/lib/payments/purchases/actions"),
  "lib/payments/purchases/pending-actions.ts": await import("@/lib/payments/purchases/pending-actions"),
  "lib/payments/subscriptions/actions.ts": await import("@/lib/payments/subscriptions/actions"),
  "lib/reports/actions.ts": await import("@/lib/reports/actions"),
  "lib/usage-alerts/actions.ts": await import("@/lib/usage-alerts/actions"),
  "lib/reports/admin-actions.ts": await import("@/lib/reports/admin-actions"),
  "lib/promo/actions.ts": await import("@/lib/promo/actions"),
  "lib/promo/admin-actions.ts": await import("@/lib/promo/admin-actions"),
};

function action(covers: string): Action {
  const [file, name] = covers.split("#") as [string, string];
  const fn = modules[file]?.[name];
  if (typeof fn !== "function") throw new Error(`no action ${covers}`);
  return fn as Action;
}

// The catch-all of lib/actions.ts: what an action answers when it threw something unexpected.
const INTERNAL = /Something went wrong on our side/;

/** What an action answered: its FormState, a redirect, or what it threw. */
async function settle(run: () => Promise<unknown>): Promise<{ kind: "state"; state: FormState } | { kind: "redirect"; to: string } | { kind: "threw"; error: unknown }> {
  try {
    return { kind: "state", state: (await run()) as FormState };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return { kind: "redirect", to: digest.split(";")[2] ?? "" };
    return { kind: "threw", error };
  }
}

function form(fields: Record<string, string | undefined>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) data.set(k, v);
  return data;
}

const fixture = await (async () => {
  const user = await apiClient("hostile");
  // Verified, so that "Resend" has nothing to send.
  await db.update(users).set({ emailVerified: new Date() }).where(eq(users.id, user.user.id));
  user.user.emailVerified = new Date();
  const admin = await apiClient("support");
  await db.update(users).set({ isAdmin: true }).where(eq(users.id, admin.user.id));
  const report = await createReport({ userId: user.user.id, accountId: user.accountId }, { description: "A bug used my credits", requestIds: [], screenshotIds: [] });
  const [notice] = await db.insert(notifications).values({ userId: user.user.id, kind: "auto_refill_paused", title: "Paused", body: "…", createdAt: new Date() }).returning();
  const [adminRow] = await db.select().from(users).where(eq(users.id, admin.user.id));
  // A user who has been to the billing page has a Stripe customer: a refused purchase creates nothing.
  await ensureCustomer(user.user);
  return { user: user.user, admin: adminRow!, reportId: report.id, noticeId: notice!.id };
})();

interface ActionSpec {
  covers: string;
  /** A well-formed submission; each case replaces one field. */
  valid: Record<string, string>;
  /** Fields of free text, where hostile characters are allowed and stored as sent. */
  freeText?: string[];
  /** Ids checked by prefix (`pm_`, `seti_`): hostile text after the prefix reaches the lookup. */
  prefixed?: Record<string, string>;
  /** Fields whose absence means something (an unticked box, no ids): leaving them out or blank is no hostile input. */
  absentIsValid?: string[];
  /** The valid submission itself is accepted (the same answer for any address): only the cases that spoil a field are refusals. */
  acceptsValid?: boolean;
  as?: "admin" | "signed-out";
}

const EXISTING_EMAIL = `taken-${randomUUID()}@example.com`;

function specs(): ActionSpec[] {
  return [
    { covers: "lib/auth/actions.ts#signInAction", as: "signed-out", valid: { email: "nobody@example.com", password: "wrong password", callbackUrl: "/dashboard" } },
    // An e-mail that is taken: a sign-up that passes validation is still refused, and writes nothing.
    { covers: "lib/auth/actions.ts#signUpAction", as: "signed-out", valid: { name: "Ada", email: EXISTING_EMAIL, password: "correct horse battery staple", callbackUrl: "/dashboard" } },
    // Well-formed but not the phrase (a typo): refused, so no case here deletes the test's user.
    { covers: "lib/account/actions.ts#deleteAccountAction", valid: { confirmation: "delete my acount" } },
    // Refused for valid-looking input: a token that was never issued.
    { covers: "lib/auth/recovery-actions.ts#resetPasswordAction", as: "signed-out", valid: { token: "A".repeat(43), password: "correct horse battery staple" } },
    { covers: "lib/auth/recovery-actions.ts#verifyEmailAction", as: "signed-out", valid: { token: "A".repeat(43) } },
    // The same answer for every well-formed address (nothing tells whether it has an account): only the field cases are refusals.
    { covers: "lib/auth/recovery-actions.ts#forgotPasswordAction", as: "signed-out", valid: { email: "nobody@example.com" }, acceptsValid: true },
    // The fixture user is verified and has no password (as after a GitHub sign-in): each is refused.
    { covers: "lib/auth/account-actions.ts#resendVerificationAction", valid: { plan: "x" } },
    { covers: "lib/auth/account-actions.ts#changePasswordAction", valid: { currentPassword: "wrong password", newPassword: "correct horse battery staple" } },
    { covers: "lib/auth/account-actions.ts#changeEmailAction", valid: { email: "__own__", currentPassword: "x" }, absentIsValid: ["currentPassword"] },
    // Signed out it is refused; signed in it ends every session, which is its job.
    { covers: "lib/auth/account-actions.ts#signOutEverywhereAction", as: "signed-out", valid: { plan: "x" } },
    { covers: "lib/help/actions.ts#sendHelpFeedback", valid: { answerId: "__none__", helpful: "yes" } },
    { covers: "lib/notifications/actions.ts#dismissNoticeAction", valid: { id: "999999" } },
    // Ticked boxes are a valid save, so the table posts them signed out (refused, nothing written);
    // tests/notifications/mail-switches.test.ts posts hostile boxes signed in.
    { covers: "lib/notifications/actions.ts#saveMailSwitchesAction", as: "signed-out", valid: { autoRefill: "on", disputes: "on", lowBalance: "on", usageAlerts: "on" }, absentIsValid: ["autoRefill", "disputes", "lowBalance", "usageAlerts"] },
    { covers: "lib/usage-alerts/actions.ts#addUsageAlertAction", valid: { kind: "balance_below", threshold: "0" } },
    { covers: "lib/usage-alerts/actions.ts#removeUsageAlertAction", valid: { id: "999999" } },
    { covers: "lib/payments/auto-refill/actions.ts#confirmRefillAction", valid: { purchaseId: "pur_none", noticeId: "1" }, prefixed: { purchaseId: "pur_" } },
    { covers: "lib/reports/actions.ts#createReportAction", valid: { description: "Hostile input test report", requestIds: "req_none", screenshotIds: "" }, freeText: ["description"], prefixed: { requestIds: "req_", screenshotIds: "shot_" }, absentIsValid: ["requestIds"] },
    { covers: "lib/api-keys/actions.ts#createApiKeyAction", valid: { name: "", monthlyLimit: "100" }, freeText: ["name"], absentIsValid: ["monthlyLimit"] },
    { covers: "lib/api-keys/actions.ts#revokeApiKeyAction", valid: { id: "key_none" } },
    // No such key: refused whatever the limit (blank clears it, so blank is no hostile input).
    { covers: "lib/api-keys/actions.ts#setApiKeyLimitAction", valid: { id: "key_none", monthlyLimit: "100" }, absentIsValid: ["monthlyLimit"] },
    {
      covers: "lib/payments/purchases/actions.ts#purchaseCreditsAction",
      valid: { attemptId: randomUUID(), choice: "custom", credits: "125", packageIndex: "0", payWith: "saved", paymentMethodId: "pm_none", returnPath: "/settings/billing" },
      prefixed: { paymentMethodId: "pm_" },
    },
    { covers: "lib/payments/purchases/actions.ts#resumePurchaseAction", valid: { attemptId: randomUUID(), autoRefill: "off" } },
    // No such purchase: refused whatever the step; "start" is the default step.
    { covers: "lib/payments/purchases/pending-actions.ts#completePurchaseAction", valid: { purchaseId: "pur_none", step: "start" }, prefixed: { purchaseId: "pur_" }, absentIsValid: ["step"] },
    { covers: "lib/payments/purchases/pending-actions.ts#cancelPurchaseAction", valid: { purchaseId: "pur_none" }, prefixed: { purchaseId: "pur_" } },
    {
      covers: "lib/payments/auto-refill/actions.ts#saveAutoRefillAction",
      valid: { enabled: "on", thresholdCredits: "100", refillCredits: "500", monthlyLimit: "500", paymentMethodId: "default", mode: "target", targetBalance: "1000" },
      prefixed: { paymentMethodId: "pm_" },
      // No mode is "a fixed amount" (the form before the mode existed).
      absentIsValid: ["enabled", "mode"],
    },
    // The user has no saved card, so turning the box on is refused; an absent box is "off", a real choice.
    { covers: "lib/payments/auto-refill/actions.ts#setAutoRefillOnAction", valid: { enabled: "on" }, absentIsValid: ["enabled"] },
    { covers: "lib/payments/cards/actions.ts#saveCardAction", valid: { paymentMethodId: "pm_none" }, prefixed: { paymentMethodId: "pm_" } },
    { covers: "lib/payments/cards/actions.ts#finishSavingCardAction", valid: { setupIntentId: "seti_none" }, prefixed: { setupIntentId: "seti_" } },
    { covers: "lib/payments/cards/actions.ts#setDefaultCardAction", valid: { paymentMethodId: "pm_none" }, prefixed: { paymentMethodId: "pm_" } },
    { covers: "lib/payments/cards/actions.ts#removeCardAction", valid: { paymentMethodId: "pm_none" }, prefixed: { paymentMethodId: "pm_" } },
    // The card the confirmation named; the user has no card, so it is refused.
    { covers: "lib/payments/subscriptions/actions.ts#subscribeToProAction", valid: { paymentMethodId: "pm_none" }, prefixed: { paymentMethodId: "pm_" } },
    // No input of their own: hostile fields ride along; the user has no plan, so each is refused.
    { covers: "lib/payments/subscriptions/actions.ts#cancelPlanAction", valid: { plan: "pro" } },
    { covers: "lib/payments/subscriptions/actions.ts#resumePlanAction", valid: { plan: "pro" } },
    { covers: "lib/payments/subscriptions/actions.ts#payPastDueAction", valid: { plan: "pro" } },
    { covers: "lib/reports/admin-actions.ts#setReportStatusAction", as: "admin", valid: { reportId: "rpt_none", status: "resolved", note: "ok" } },
    { covers: "lib/reports/admin-actions.ts#replyToReportAction", as: "admin", valid: { reportId: "rpt_none", body: "Thanks" } },
    { covers: "lib/reports/admin-actions.ts#adjustCreditsAction", as: "admin", valid: { reportId: "rpt_none", credits: "5", reason: "A bug" } },
    // An unknown code: refused, as every hostile variant of it (the attempts bucket is bookkeeping).
    { covers: "lib/promo/actions.ts#redeemPromoCodeAction", valid: { code: "NO-SUCH-CODE" } },
    // A past expiry date refuses the otherwise valid code, so that a hostile value that happens to be a
    // well-formed code ("0x10", "NaN") is refused too and creates nothing.
    {
      covers: "lib/promo/admin-actions.ts#createPromoCodeAction",
      as: "admin",
      valid: { code: "HOSTILE-1", credits: "5", creditsValidDays: "30", maxRedemptions: "10", expiresOn: "2000-01-01" },
      absentIsValid: ["expiresOn"],
    },
    { covers: "lib/promo/admin-actions.ts#disablePromoCodeAction", as: "admin", valid: { codeId: "999999" } },
  ];
}

/** Actions that read no input at all, and why no hostile input can reach them. */
const takesNoInput: Record<string, string> = {
  "lib/auth/actions.ts#signOutAction": "declared without parameters: whatever a client posts is never read",
};

// Free text may carry these only if they cannot be stored or are beyond the field's size.
const UNSTORABLE = new Set(["NUL byte", "100k characters"]);

interface ActionCase {
  covers: string;
  name: string;
  as?: "admin" | "signed-out";
  run: () => Promise<unknown>;
}

/** Hostile values in each field (and after each id's prefix), a missing field, and arguments that are not a form. */
function refusedCases(): ActionCase[] {
  const cases: ActionCase[] = [];
  for (const spec of specs()) {
    const fn = action(spec.covers);
    const call = (fields: Record<string, string | undefined>) => () =>
      fn(idle as never, form(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === "__own__" ? fixture.user.email : v]))) as never);
    for (const field of Object.keys(spec.valid)) {
      for (const [name, value] of Object.entries(hostileFormValues)) {
        if (spec.freeText?.includes(field) && !UNSTORABLE.has(name)) continue;
        if (spec.absentIsValid?.includes(field) && (name === "empty" || name === "only spaces")) continue;
        cases.push({ covers: spec.covers, as: spec.as, name: `${field}: ${name}`, run: call({ ...spec.valid, [field]: value }) });
      }
      const prefix = spec.prefixed?.[field];
      if (prefix) {
        for (const [name, value] of Object.entries(hostileText)) {
          cases.push({ covers: spec.covers, as: spec.as, name: `${field}: ${prefix}+${name}`, run: call({ ...spec.valid, [field]: `${prefix}${value}` }) });
        }
      }
      if (!spec.absentIsValid?.includes(field)) cases.push({ covers: spec.covers, as: spec.as, name: `${field}: missing`, run: call({ ...spec.valid, [field]: undefined }) });
    }
    if (!spec.acceptsValid) {
      cases.push({ covers: spec.covers, as: spec.as, name: "unknown field $ACTION_ID_x and isAdmin", run: call({ ...spec.valid, $ACTION_ID_x: "1", isAdmin: "true", userId: "someone-else" }) });
    }
    const notForms: Record<string, unknown> = { null: null, undefined, string: "' OR 1=1 --", object: { name: "x" }, array: [["name", "x"]], number: 42 };
    for (const [name, value] of Object.entries(notForms)) {
      cases.push({ covers: spec.covers, as: spec.as, name: `not a form: ${name}`, run: () => fn(idle as never, value as never) });
    }
    if (!spec.acceptsValid) {
      cases.push({ covers: spec.covers, as: spec.as, name: "previous state is hostile", run: () => fn({ status: "ok", message: "<script>" } as never, form(spec.valid) as never) });
    }
  }
  return cases;
}

/** Free-text fields: each storable hostile text is accepted and stored exactly as the form carried it. */
interface LiteralCase {
  covers: string;
  name: string;
  as?: "admin";
  value: string;
  run: (value: string) => Promise<unknown>;
  /** Reads back what was stored. */
  stored: () => Promise<string | null | undefined>;
  /** Tables the call may write to. */
  writes: string[];
}

function literalCases(): LiteralCase[] {
  const cases: LiteralCase[] = [];
  for (const [name, raw] of Object.entries(hostileText)) {
    if (UNSTORABLE.has(name)) continue;
    // A form field cannot carry a lone surrogate: FormData (like a browser) turns it into U+FFFD.
    const value = form({ v: raw }).get("v") as string;
    const create = action("lib/api-keys/actions.ts#createApiKeyAction");
    if (value.trim().length > 0 && value.trim().length <= 60) {
      const label = `${value}`;
      cases.push({
        covers: "lib/api-keys/actions.ts#createApiKeyAction",
        name: `name: ${name}`,
        value: label.trim(),
        run: () => create(idle as never, form({ name: label }) as never),
        stored: async () => (await db.select().from(apiKeys).where(eq(apiKeys.userId, fixture.user.id))).find((k) => k.name === label.trim())?.name,
        writes: ["api_keys"],
      });
    }
    const description = `Hostile text: ${value}`;
    cases.push({
      covers: "lib/reports/actions.ts#createReportAction",
      name: `description: ${name}`,
      value: description.trim(),
      // Every case files a report as the same user: a fresh report bucket each time, as the rate
      // limit (10 at once) is not what this checks (tests/reports/screenshot-quota.test.ts does).
      run: async () => {
        await db.execute(sql`delete from rate_limit_buckets where key like 'report:%'`);
        return action("lib/reports/actions.ts#createReportAction")(idle as never, form({ description }) as never);
      },
      stored: async () => (await db.select().from(problemReports).where(eq(problemReports.description, description.trim())))[0]?.description,
      writes: ["problem_reports", "report_events"],
    });
    const reply = `Reply: ${value}`;
    cases.push({
      covers: "lib/reports/admin-actions.ts#replyToReportAction",
      name: `body: ${name}`,
      as: "admin",
      value: reply.trim(),
      run: () => action("lib/reports/admin-actions.ts#replyToReportAction")(idle as never, form({ reportId: fixture.reportId, body: reply }) as never),
      stored: async () => (await db.select().from(reportEvents).where(eq(reportEvents.body, reply.trim())))[0]?.body,
      writes: ["report_events", "problem_reports", "notifications"],
    });
  }
  return cases;
}

const refused = refusedCases();
const literal = literalCases();

function signIn(as: "admin" | "signed-out" | undefined) {
  session.user = as === "signed-out" ? null : as === "admin" ? fixture.admin : fixture.user;
}

function changedTables(before: TableSnapshot, after: TableSnapshot) {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]).sort();
}

describe("hostile input: server actions", () => {
  beforeAll(async () => {
    // The taken e-mail of the sign-up cases.
    await db.insert(users).values({ email: EXISTING_EMAIL, name: "taken" });
  });
  afterAll(() => {
    session.user = null;
  });

  it("the table covers every server action (app/ and lib/)", () => {
    const covered = new Set([...refused.map((c) => c.covers), ...Object.keys(takesNoInput)]);
    const missing = serverActions().filter((a) => !covered.has(a));
    expect(missing, "add these to tests/hostile-input/actions.test.ts (or to takesNoInput, with the reason)").toEqual([]);
  });

  it.each(refused.map((c) => [`${c.covers.replace(/^app\//, "")} · ${c.name}`, c] as const))("%s is refused and writes nothing", async (_name, c) => {
    signIn(c.as);
    const before = await snapshotTables();
    const answer = await settle(c.run);
    expect(answer.kind === "threw" ? String((answer as { error: unknown }).error) : answer.kind).toBe("state");
    if (answer.kind !== "state") return;
    expect(answer.state.status, JSON.stringify(answer.state).slice(0, 300)).toBe("error");
    if (answer.state.status !== "error") return;
    expect(answer.state.message).not.toMatch(INTERNAL);
    expect(changedTables(before, await snapshotTables())).toEqual([]);
  });

  it.each(literal.map((c) => [`${c.covers.replace(/^app\//, "")} · ${c.name}`, c] as const))("%s is stored as sent", async (_name, c) => {
    signIn(c.as);
    const before = await snapshotTables();
    const answer = await settle(() => c.run(c.value));
    if (answer.kind === "threw") throw answer.error;
    if (answer.kind === "state") expect(answer.state.status, JSON.stringify(answer.state).slice(0, 300)).toBe("ok");
    expect(await c.stored()).toBe(c.value);
    for (const table of changedTables(before, await snapshotTables())) expect(c.writes).toContain(table);
  });

  it("the literal cases wrote no adjustment", async () => {
    expect(await db.select().from(creditAdjustments)).toEqual([]);
  });
});
