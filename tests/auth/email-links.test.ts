/**
 * Issue #19 items 3 and 4, against a real SMTP server (the mail catcher, started by this file):
 * sign-up mails a verification link and grants nothing; opening the link grants the welcome
 * credits once — replayed, or clicked in two tabs at once — with a naive grant as the control
 * the balance check catches; "Forgot password?" mails a single-use link valid one hour (the
 * clock), answers nothing for an unknown address, and a reset ends every session.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { mailOutbox, users } from "@/db/schema";
import { accountIdForUser, getBalance, grantCredits, manualClock, setClock } from "@/lib/credits";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sendDueMail } from "@/lib/mail";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { createPasswordUser } from "@/lib/auth/sign-up";
import { useEmailLink } from "@/lib/auth/verification";
import { verifyPassword } from "@/lib/auth/password";
import { ledgerProblems } from "../support/accounts";
import { smtpServerForFile } from "../support/smtp";

const clock = manualClock(new Date());
const restoreClock = setClock(clock);
afterAll(() => restoreClock());

const smtp = smtpServerForFile();
const MINUTE = 60_000;
const PASSWORD = "correct horse 9";

/** Sends what is queued over SMTP, and returns the link in the newest message to `to` whose subject matches. */
async function linkMailedTo(to: string, subject: RegExp): Promise<{ url: URL; token: string }> {
  await sendDueMail({ smtpUrl: smtp.catcher.smtpUrl });
  const message = await smtp.catcher.store.waitFor((m) => m.to.includes(to) && subject.test(m.subject));
  const href = /https?:\/\/\S+/.exec(message.text)?.[0];
  expect(href, "the plain-text part carries the link").toBeTruthy();
  expect(message.html).toContain(href!.replace(/&/g, "&amp;"));
  const url = new URL(href!);
  return { url, token: url.searchParams.get("token")! };
}

async function balanceOf(userId: string) {
  return (await getBalance(await accountIdForUser(userId))).balance;
}

let seq = 0;
const address = (label: string) => `${label}-${++seq}-${Date.now()}@example.com`;

describe("verification", () => {
  it("sign-up mails a link and grants nothing; the link verifies and grants the welcome credits once; a replay changes nothing", async () => {
    expect(env.WELCOME_CREDITS).toBeGreaterThan(0);
    const email = address("verify");
    const user = (await createPasswordUser({ email, password: PASSWORD }))!;
    expect(await balanceOf(user.id)).toBe(0);

    const { url, token } = await linkMailedTo(email, /verify your e-mail/i);
    expect(url.pathname).toBe("/verify-email");
    expect(await useEmailLink(token)).toEqual({ kind: "verified" });
    expect(await balanceOf(user.id)).toBe(env.WELCOME_CREDITS);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.emailVerified).not.toBeNull();

    // The same link again (the back button, a mail client's preview): nothing more.
    expect(await useEmailLink(token)).toEqual({ kind: "already" });
    expect(await balanceOf(user.id)).toBe(env.WELCOME_CREDITS);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("the same link clicked in two tabs at once, and two links at once: one grant", async () => {
    const email = address("two-tabs");
    const user = (await createPasswordUser({ email, password: PASSWORD }))!;
    const { token } = await linkMailedTo(email, /verify your e-mail/i);
    const outcomes = await Promise.all([useEmailLink(token), useEmailLink(token), useEmailLink(token)]);
    expect(outcomes.filter((o) => o.kind === "verified")).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "already")).toHaveLength(2);
    expect(await balanceOf(user.id)).toBe(env.WELCOME_CREDITS);

    // A resent link beside the first: both opened at once, still one grant.
    const other = address("two-links");
    const second = (await createPasswordUser({ email: other, password: PASSWORD }))!;
    const { resendVerification } = await import("@/lib/auth/verification");
    const [fresh] = await db.select().from(users).where(eq(users.id, second.id));
    await resendVerification(fresh!);
    await sendDueMail({ smtpUrl: smtp.catcher.smtpUrl });
    const links = smtp.catcher.store
      .list()
      .filter((m) => m.to.includes(other))
      .map((m) => new URL(/https?:\/\/\S+/.exec(m.text)![0]).searchParams.get("token")!);
    expect(links).toHaveLength(2);
    const both = await Promise.all(links.map((t) => useEmailLink(t)));
    expect(both.filter((o) => o.kind === "verified")).toHaveLength(1);
    expect(await balanceOf(second.id)).toBe(env.WELCOME_CREDITS);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("control: a naive verify (read the flag, then grant without a key) grants twice in two tabs, which the balance check catches", async () => {
    const email = address("naive");
    const user = (await createPasswordUser({ email, password: PASSWORD }))!;
    const naiveVerify = async () => {
      const [row] = await db.select().from(users).where(eq(users.id, user.id));
      if (row!.emailVerified) return;
      await new Promise((r) => setTimeout(r, 20));
      await grantCredits({ accountId: await accountIdForUser(user.id), source: "promo", amount: env.WELCOME_CREDITS });
      await db.update(users).set({ emailVerified: clock.now() }).where(eq(users.id, user.id));
    };
    await Promise.all([naiveVerify(), naiveVerify()]);
    expect(await balanceOf(user.id)).toBeGreaterThan(env.WELCOME_CREDITS);
  });

  it("a made-up or malformed token verifies nothing", async () => {
    expect(await useEmailLink("x".repeat(43))).toEqual({ kind: "invalid" });
    expect(await useEmailLink("' or 1=1 --")).toEqual({ kind: "invalid" });
  });

  it("a verification link expires after 48 hours", async () => {
    const email = address("late");
    const user = (await createPasswordUser({ email, password: PASSWORD }))!;
    const { token } = await linkMailedTo(email, /verify your e-mail/i);
    clock.advance(48 * 60 * MINUTE + 1_000);
    expect(await useEmailLink(token)).toEqual({ kind: "invalid" });
    expect(await balanceOf(user.id)).toBe(0);
  });
});

describe("password reset", () => {
  it("mails a link valid for one hour (by the clock), used once, that ends every session", async () => {
    const email = address("reset");
    const user = (await createPasswordUser({ email, password: PASSWORD }))!;
    const [before] = await db.select().from(users).where(eq(users.id, user.id));

    await requestPasswordReset(email);
    const { url, token } = await linkMailedTo(email, /reset your credits password/i);
    expect(url.pathname).toBe("/reset-password");

    clock.advance(59 * MINUTE);
    const done = await resetPassword(token, "a brand new pass 1");
    expect(done).toEqual({ email });
    const [after] = await db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword("a brand new pass 1", after!.passwordHash)).toBe(true);
    // Every token signed in at the old version is refused on its next request (lib/auth/session.ts).
    expect(after!.sessionVersion).toBe(before!.sessionVersion + 1);

    // Used once.
    expect(await resetPassword(token, "yet another pass 2")).toBeNull();
    const [still] = await db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword("a brand new pass 1", still!.passwordHash)).toBe(true);
  });

  it("a link opened after an hour does nothing", async () => {
    const email = address("reset-late");
    const user = (await createPasswordUser({ email, password: PASSWORD }))!;
    await requestPasswordReset(email);
    const { token } = await linkMailedTo(email, /reset your credits password/i);
    clock.advance(60 * MINUTE + 1_000);
    expect(await resetPassword(token, "too late pass 3")).toBeNull();
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(PASSWORD, row!.passwordHash)).toBe(true);
    expect(row!.sessionVersion).toBe(0);
  });

  it("a newer link replaces the older one", async () => {
    const email = address("reset-twice");
    await createPasswordUser({ email, password: PASSWORD });
    await requestPasswordReset(email);
    const first = await linkMailedTo(email, /reset your credits password/i);
    clock.advance(1_000);
    await requestPasswordReset(email);
    await sendDueMail({ smtpUrl: smtp.catcher.smtpUrl });
    const second = await linkMailedTo(email, /reset your credits password/i);
    expect(second.token).not.toBe(first.token);
    expect(await resetPassword(first.token, "old link pass 4")).toBeNull();
    expect(await resetPassword(second.token, "new link pass 5")).toEqual({ email });
  });

  it("an unknown address gets no mail and the same (empty) answer", async () => {
    const email = address("nobody");
    const queued = await db.select().from(mailOutbox);
    await expect(requestPasswordReset(email)).resolves.toBeUndefined();
    expect(await db.select().from(mailOutbox)).toHaveLength(queued.length);
  });
});

describe("other doors", () => {
  it("a GitHub or Google sign-in with a provider-verified address verifies it and welcomes once", async () => {
    const { markVerifiedByProvider } = await import("@/lib/auth/verification");
    const email = address("oauth");
    const [user] = await db.insert(users).values({ email }).returning();
    // Another address than the account's (the profile changed since): nothing.
    await markVerifiedByProvider(user!.id, address("elsewhere"));
    expect(await balanceOf(user!.id)).toBe(0);
    await Promise.all([markVerifiedByProvider(user!.id, email), markVerifiedByProvider(user!.id, email.toUpperCase())]);
    await markVerifiedByProvider(user!.id, email);
    expect(await balanceOf(user!.id)).toBe(env.WELCOME_CREDITS);
    const [row] = await db.select().from(users).where(eq(users.id, user!.id));
    expect(row!.emailVerified).not.toBeNull();
  });

  it("changing the e-mail address happens when the new address's link is opened, once", async () => {
    const { requestEmailChange } = await import("@/lib/auth/verification");
    const email = address("mover");
    const created = (await createPasswordUser({ email, password: PASSWORD }))!;
    const [user] = await db.select().from(users).where(eq(users.id, created.id));
    const next = address("moved");
    await requestEmailChange(user!, next);
    const { token } = await linkMailedTo(next, /confirm your new e-mail/i);
    // Until the link is opened, the account keeps its address.
    expect((await db.select().from(users).where(eq(users.id, created.id)))[0]!.email).toBe(email);
    expect(await useEmailLink(token)).toEqual({ kind: "changed", email: next });
    const [moved] = await db.select().from(users).where(eq(users.id, created.id));
    expect(moved!.email).toBe(next);
    expect(moved!.emailVerified).not.toBeNull();
    expect(await useEmailLink(token)).toEqual({ kind: "already" });
    expect(await balanceOf(created.id)).toBe(env.WELCOME_CREDITS);
  });
});
