/**
 * Issue #19 item 6: the low-balance warning e-mail, once per crossing (DESIGN.md §5 "Low
 * balance"), sent by a job that reads the balances after the debits. Real PostgreSQL, real
 * debits through lib/credits, and the mail jobs sending over SMTP to a real SMTP server.
 */
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox } from "@/db/schema";
import { debit, grantCredits, setRefillThreshold } from "@/lib/credits";
import { db } from "@/lib/db";
import { queueMail, sendDueMail } from "@/lib/mail";
import { lowBalanceMail, saveMailSwitches, warnLowBalances } from "@/lib/notifications";
import { createUser } from "../support/accounts";
import { smtpServerForFile } from "../support/smtp";

const smtp = smtpServerForFile();

async function userWith(label: string, credits: number) {
  const { user, accountId } = await createUser(label);
  if (credits > 0) await grantCredits({ accountId, source: "promo", amount: credits });
  return { user, accountId };
}

const spend = (accountId: number, credits: number) => debit({ accountId, credits, feature: "chat", model: "gpt-5-mini" });
const grant = (accountId: number, credits: number) => grantCredits({ accountId, source: "promo", amount: credits });

/** The low-balance warnings queued for an address (notices of the job, not receipts). */
async function warningsTo(email: string) {
  return db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.to, email), eq(mailOutbox.category, "notice")));
}

describe("low-balance warning e-mail", () => {
  it("a crossing is mailed once over SMTP, however often and however many passes run", async () => {
    const { user, accountId } = await userWith("crossing", 100);
    await warnLowBalances(); // sees it at 100: the next fall below 50 is a crossing
    await spend(accountId, 70);
    const parallel = await Promise.all([warnLowBalances(), warnLowBalances()]);
    await warnLowBalances();
    expect(parallel.some((r) => r.ran)).toBe(true);
    expect(await warningsTo(user.email)).toHaveLength(1);

    await sendDueMail({ smtpUrl: smtp.catcher.smtpUrl });
    const mail = await smtp.catcher.store.waitFor((m) => m.to.includes(user.email));
    expect(mail.subject).toBe("Your credit balance is low");
    expect(mail.text).toContain("Your credit balance is 30 credits, below your low-balance threshold of 50 credits.");
    expect(mail.text).toContain("/settings/billing");
    expect(mail.html).toContain("Settings › Billing");
    expect(smtp.catcher.store.list().filter((m) => m.to.includes(user.email))).toHaveLength(1);
  });

  it("naive control: two passes that read, then mail, then mark, both mail the same crossing", async () => {
    const { user, accountId } = await userWith("naive", 100);
    await warnLowBalances();
    await spend(accountId, 70);
    // Both passes have read "armed and below" before either marks: the check-then-act race
    // the real pass closes (a pass-wide lock and a mark conditional on "not yet warned").
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const naivePass = () =>
      db.transaction(async (tx) => {
        const due = await tx.execute<{ balance: string }>(sql`
          select a.balance from low_balance_warnings w join credit_accounts a on a.id = w.account_id
           where w.account_id = ${accountId} and w.warned_at is null and a.balance < 50`);
        if (++arrived === 2) release();
        await bothRead;
        for (const row of due) {
          await queueMail(tx, lowBalanceMail({ to: user.email, balance: Number(row.balance), threshold: 50, href: "http://localhost/settings/billing" }));
          await tx.execute(sql`update low_balance_warnings set warned_at = now() where account_id = ${accountId}`);
        }
      });
    await Promise.all([naivePass(), naivePass()]);
    // The assertion the real pass meets ("exactly one") catches it.
    expect(await warningsTo(user.email)).toHaveLength(2);
  });

  it("back at or above the threshold starts a new episode: the next crossing is mailed again", async () => {
    const { user, accountId } = await userWith("again", 100);
    await warnLowBalances();
    await spend(accountId, 60);
    await warnLowBalances();
    await grant(accountId, 10); // 50: back at the threshold
    await warnLowBalances();
    await warnLowBalances();
    expect(await warningsTo(user.email)).toHaveLength(1);
    await spend(accountId, 5);
    await warnLowBalances();
    await warnLowBalances();
    const mails = await warningsTo(user.email);
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.text).some((t) => t.includes("Your credit balance is 45 credits"))).toBe(true);
  });

  it("with the \"Low balance\" switch off: no e-mail", async () => {
    const { user, accountId } = await userWith("quiet", 100);
    await saveMailSwitches(user.id, { autoRefill: true, disputes: true, lowBalance: false, usageAlerts: true });
    await warnLowBalances();
    await spend(accountId, 70);
    await warnLowBalances();
    expect(await warningsTo(user.email)).toEqual([]);
  });

  it("a new account that never reached its threshold is not warned (no crossing)", async () => {
    const { user } = await userWith("new", 25);
    await warnLowBalances();
    await warnLowBalances();
    expect(await warningsTo(user.email)).toEqual([]);
  });

  it("while auto-refill is on and will refill, no e-mail below its threshold; at zero, one", async () => {
    const { user, accountId } = await userWith("refill", 150);
    await setRefillThreshold(accountId, 100);
    await warnLowBalances();
    await spend(accountId, 90); // 60: below the refill threshold, a refill is on its way
    await warnLowBalances();
    expect(await warningsTo(user.email)).toEqual([]);
    await spend(accountId, 60); // 0
    await warnLowBalances();
    await warnLowBalances();
    const mails = await warningsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("You are out of credits");
  });
});
