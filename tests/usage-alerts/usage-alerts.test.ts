/**
 * Issue #23 item 2: usage alerts, once per crossing, as an in-app notice and an e-mail,
 * re-armed when the balance recovers or the day turns in the user's time zone. Real
 * PostgreSQL, real debits through lib/credits, the real job pass, and the mail jobs sending
 * over SMTP to a real SMTP server.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mailOutbox, notifications, usageAlerts, users } from "@/db/schema";
import { idle, type FormState } from "@/lib/form-state";
import { session } from "../support/session-double";
import { smtpServerForFile } from "../support/smtp";

vi.mock("@/lib/auth/session", () => import("../support/session-double"));
vi.mock("next/headers", () => import("../support/request-scope"));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { db } = await import("@/lib/db");
const { debit, grantCredits, manualClock, placeHold, setClock } = await import("@/lib/credits");
const { queueMail, sendDueMail } = await import("@/lib/mail");
const { noticeMail, saveMailSwitches } = await import("@/lib/notifications");
const { addAlert, balanceAlertNotice, checkUsageAlerts, listAlerts } = await import("@/lib/usage-alerts");
const { addUsageAlertAction, removeUsageAlertAction } = await import("@/lib/usage-alerts/actions");
const { createUser } = await import("../support/accounts");

const smtp = smtpServerForFile();
let restoreClock: (() => void) | null = null;
afterEach(() => {
  restoreClock?.();
  restoreClock = null;
});

async function userWith(label: string, credits: number) {
  const { user, accountId } = await createUser(label);
  if (credits > 0) await grantCredits({ accountId, source: "promo", amount: credits });
  return { user, accountId };
}
const spend = (accountId: number, credits: number) => debit({ accountId, credits, feature: "chat", model: "gpt-5-mini" });
const grant = (accountId: number, credits: number) => grantCredits({ accountId, source: "promo", amount: credits });

async function noticesOf(userId: string) {
  return db.select().from(notifications).where(and(eq(notifications.userId, userId), inArray(notifications.kind, ["usage_alert_balance", "usage_alert_daily"])));
}
async function mailsTo(email: string) {
  return db.select().from(mailOutbox).where(and(eq(mailOutbox.to, email), eq(mailOutbox.category, "notice")));
}
type ErrorState = Extract<FormState, { status: "error" }>;
/** The action's answer as an error state (status "error" asserted by the caller). */
const asError = (state: unknown) => state as ErrorState;

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

describe("balance below N", () => {
  it("fires once per crossing, as a notice and an e-mail that arrives over SMTP", async () => {
    const { user, accountId } = await userWith("crossing", 1000);
    await addAlert(user.id, "balance_below", 500);
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toEqual([]);
    await spend(accountId, 600);
    await checkUsageAlerts();
    await checkUsageAlerts();
    await spend(accountId, 100); // further below: the same crossing
    await checkUsageAlerts();
    const notices = await noticesOf(user.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe("Your balance is below 500 credits");
    expect(await mailsTo(user.email)).toHaveLength(1);

    await sendDueMail({ smtpUrl: smtp.catcher.smtpUrl });
    const mail = await smtp.catcher.store.waitFor((m) => m.to.includes(user.email));
    expect(mail.subject).toBe("Your balance is below 500 credits");
    expect(mail.text).toContain("Your credit balance is 400 credits, below the 500 credits of your usage alert.");
    expect(mail.text).toContain("/settings/billing");
  });

  it("watches the credits that can be spent: one added while holds keep the balance below starts fired, and a pass tells nothing", async () => {
    const { user, accountId } = await userWith("held", 1000);
    await placeHold({ accountId, credits: 800, ttlSeconds: 900, feature: "agent_request", model: "claude-sonnet-4.5" }); // 200 left to spend
    expect(await addAlert(user.id, "balance_below", 500)).toEqual({ alreadyPast: true });
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toEqual([]);
  });

  it("re-arms when the balance is back at the threshold: the next fall below fires again", async () => {
    const { user, accountId } = await userWith("rearm", 1000);
    await addAlert(user.id, "balance_below", 500);
    await spend(accountId, 600);
    await checkUsageAlerts();
    await grant(accountId, 50); // 450: still below, no re-arm
    await checkUsageAlerts();
    expect((await listAlerts(user.id))[0]!.fired).toBe(true);
    await grant(accountId, 50); // 500: back at the threshold
    await checkUsageAlerts();
    expect((await listAlerts(user.id))[0]!.fired).toBe(false);
    expect(await noticesOf(user.id)).toHaveLength(1);
    await spend(accountId, 1);
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toHaveLength(2);
    expect(await mailsTo(user.email)).toHaveLength(2);
  });

  it("set below the balance already: no crossing, nothing fires until it is crossed", async () => {
    const { user, accountId } = await userWith("already", 100);
    expect(await addAlert(user.id, "balance_below", 500)).toEqual({ alreadyPast: true });
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toEqual([]);
    await grant(accountId, 500);
    await checkUsageAlerts();
    await spend(accountId, 200);
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toHaveLength(1);
  });

  it("with the \"Usage alerts\" switch off: the notice, no e-mail", async () => {
    const { user, accountId } = await userWith("quiet", 1000);
    await saveMailSwitches(user.id, { autoRefill: true, disputes: true, lowBalance: true, usageAlerts: false });
    await addAlert(user.id, "balance_below", 500);
    await spend(accountId, 600);
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toHaveLength(1);
    expect(await mailsTo(user.email)).toEqual([]);
  });
});

describe("spent more than N today", () => {
  it("fires once a day, and the day turns at midnight in the user's time zone, not UTC", async () => {
    const clock = manualClock("2026-03-10T20:00:00Z"); // 16:00 in New York (EDT, UTC−4)
    restoreClock = setClock(clock);
    const { user, accountId } = await userWith("daily", 5000);
    await db.update(users).set({ timeZone: "America/New_York" }).where(eq(users.id, user.id));
    await addAlert(user.id, "daily_spend_above", 100);
    await spend(accountId, 100); // exactly 100: not more than
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toEqual([]);
    await spend(accountId, 50);
    await checkUsageAlerts();
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toHaveLength(1);

    clock.set("2026-03-11T02:00:00Z"); // a new day in UTC, still March 10 (22:00) in New York
    await spend(accountId, 150);
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toHaveLength(1);

    clock.set("2026-03-11T05:00:00Z"); // 01:00 on March 11 in New York: the day has turned
    await checkUsageAlerts();
    expect(await noticesOf(user.id)).toHaveLength(1); // nothing spent yet today
    await spend(accountId, 101);
    await checkUsageAlerts();
    const notices = await noticesOf(user.id);
    expect(notices).toHaveLength(2);
    expect(notices.map((n) => n.body).some((b) => b.includes("You have used 101 credits today"))).toBe(true);
    expect(await mailsTo(user.email)).toHaveLength(2);
  });
});

/**
 * The harness: 20 debits in parallel take the balance from 1,000 across an alert at 500 while
 * three passes run beside them, then three passes at once. Given a round of passes to run.
 */
async function crossInParallel(label: string, round: (n: number) => Array<() => Promise<unknown>>) {
  const { user, accountId } = await userWith(label, 1000);
  await addAlert(user.id, "balance_below", 500);
  await Promise.all([...Array.from({ length: 20 }, () => spend(accountId, 30)), ...round(3).map((pass) => pass())]);
  await Promise.all(round(3).map((pass) => pass()));
  return user;
}

describe("under concurrency", () => {
  it("parallel debits crossing the threshold, with passes running at once: exactly one notice and one e-mail", async () => {
    const user = await crossInParallel("parallel", (n) => Array.from({ length: n }, () => checkUsageAlerts));
    expect(await noticesOf(user.id)).toHaveLength(1);
    expect(await mailsTo(user.email)).toHaveLength(1);
  });

  it("naive control: passes that read \"armed and below\", then notify, then mark, fire twice", async () => {
    const naiveRound = (n: number) => {
      // Every pass of a round reads before any writes: the check-then-act race the real pass closes.
      let arrived = 0;
      let release!: () => void;
      const allRead = new Promise<void>((resolve) => (release = resolve));
      return Array.from({ length: n }, () => () =>
        db.transaction(async (tx) => {
          const due = await tx.execute<{ id: number; user_id: string; email: string; threshold: string; balance: string }>(sql`
            select al.id, al.user_id, u.email, al.threshold, a.balance from usage_alerts al
              join credit_accounts a on a.user_id = al.user_id join users u on u.id = al.user_id
             where al.kind = 'balance_below' and al.fired_at is null and a.balance < al.threshold`);
          if (++arrived === n) release();
          await allRead;
          for (const row of due) {
            const notice = balanceAlertNotice({ threshold: Number(row.threshold), balance: Number(row.balance) });
            await tx.insert(notifications).values({ userId: row.user_id, ...notice, createdAt: new Date() });
            await queueMail(tx, noticeMail({ to: row.email, title: notice.title, body: notice.body, href: "http://localhost/settings/billing" }));
            await tx.update(usageAlerts).set({ firedAt: new Date() }).where(eq(usageAlerts.id, row.id));
          }
        }),
      );
    };
    const user = await crossInParallel("naive", naiveRound);
    // The assertion the real pass meets ("exactly one") catches it.
    expect((await noticesOf(user.id)).length).toBeGreaterThan(1);
    expect((await mailsTo(user.email)).length).toBeGreaterThan(1);
  });
});

describe("the actions", () => {
  it("add and remove the session's own alerts; another user's alert id is not found and stays", async () => {
    const { user } = await userWith("owner", 100);
    const { user: other } = await userWith("other", 100);
    session.user = other;
    expect(((await addUsageAlertAction(idle, form({ kind: "daily_spend_above", threshold: "1,000" }))) as FormState).status).toBe("ok");
    const [theirs] = await listAlerts(other.id);
    expect(theirs).toMatchObject({ kind: "daily_spend_above", threshold: 1000, fired: false });

    session.user = user;
    const removed = asError(await removeUsageAlertAction(idle, form({ id: String(theirs!.id) })));
    expect(removed.status).toBe("error");
    expect(removed.code).toBe("not_found");
    expect(await listAlerts(other.id)).toHaveLength(1);

    session.user = other;
    expect(((await removeUsageAlertAction(idle, form({ id: String(theirs!.id) }))) as FormState).status).toBe("ok");
    expect(await listAlerts(other.id)).toEqual([]);
  });

  it("refuses bad values, a duplicate and an eleventh alert, keeping what was typed", async () => {
    const { user } = await userWith("limits", 100);
    session.user = user;
    for (const threshold of ["0", "-5", "1.5", "abc", "", "100000001"]) {
      const state = asError(await addUsageAlertAction(idle, form({ kind: "balance_below", threshold })));
      expect(state.status, threshold).toBe("error");
      expect(state.fieldErrors?.threshold, threshold).toBeTruthy();
      expect(state.values?.threshold).toBe(threshold);
    }
    const badKind = asError(await addUsageAlertAction(idle, form({ kind: "weekly", threshold: "10" })));
    expect(badKind.fieldErrors?.kind).toBe("Choose what to be told about.");
    for (let i = 1; i <= 10; i++) {
      expect(((await addUsageAlertAction(idle, form({ kind: "balance_below", threshold: String(i * 10) }))) as FormState).status).toBe("ok");
    }
    const duplicate = asError(await addUsageAlertAction(idle, form({ kind: "balance_below", threshold: "10" })));
    expect(duplicate.message).toBe("You already have this alert.");
    const eleventh = asError(await addUsageAlertAction(idle, form({ kind: "balance_below", threshold: "999" })));
    expect(eleventh.message).toBe("You can have at most 10 alerts. Remove one to add another.");
    expect(await listAlerts(user.id)).toHaveLength(10);
  });
});
