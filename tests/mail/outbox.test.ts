/**
 * The mail outbox (issue #19 item 1): messages queued in the caller's transaction, sent by the
 * jobs over real SMTP, each once even with several senders at once, retried with a growing wait
 * when the SMTP server fails, and logged without the address.
 */
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { mailOutbox } from "@/db/schema";
import { manualClock, setClock } from "@/lib/credits";
import { db } from "@/lib/db";
import { MAX_ATTEMPTS, pruneSentMail, queueMail, retryDelayMs, sendDueMail, type MailMessage } from "@/lib/mail";
import { freePort } from "@/db/embedded";
import { smtpServerForFile } from "../support/smtp";

const clock = manualClock(new Date());
const restoreClock = setClock(clock);
afterAll(() => restoreClock());

const smtp = smtpServerForFile();

const message = (to: string, subject = "Hello"): MailMessage => ({
  to,
  subject,
  text: `Plain ${subject}`,
  html: `<p>HTML ${subject}</p>`,
  category: "notice",
});

describe("mail outbox", () => {
  it("sends a queued message over SMTP with both parts, and marks it sent", async () => {
    await queueMail(db, message("first@example.com", "First"));
    const report = await sendDueMail({ smtpUrl: smtp.catcher.smtpUrl });
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    const got = await smtp.catcher.store.waitFor((m) => m.subject === "First");
    expect(got.to).toEqual(["first@example.com"]);
    expect(got.text.trim()).toBe("Plain First");
    expect(got.html).toContain("<p>HTML First</p>");
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, "first@example.com"));
    expect(row?.sentAt).not.toBeNull();
    // Sent once: another run finds nothing due.
    expect((await sendDueMail({ smtpUrl: smtp.catcher.smtpUrl })).sent).toBe(0);
  });

  it("queues nothing when the caller's transaction rolls back", async () => {
    await db
      .transaction(async (tx) => {
        await queueMail(tx, message("rolled-back@example.com"));
        throw new Error("the action failed");
      })
      .catch(() => {});
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, "rolled-back@example.com"))).toEqual([]);
  });

  it("sends each message once when several senders run at once", async () => {
    const before = smtp.catcher.store.list().length;
    for (let i = 0; i < 30; i++) await queueMail(db, message(`many-${i}@example.com`, `Many ${i}`));
    const reports = await Promise.all(Array.from({ length: 4 }, () => sendDueMail({ smtpUrl: smtp.catcher.smtpUrl })));
    // Batches of 20: what one round left is sent by the next.
    const again = await sendDueMail({ smtpUrl: smtp.catcher.smtpUrl });
    const sent = reports.reduce((n, r) => n + r.sent, again.sent);
    expect(sent).toBe(30);
    const received = smtp.catcher.store.list().slice(0, smtp.catcher.store.list().length - before);
    expect(received).toHaveLength(30);
    expect(new Set(received.map((m) => m.subject)).size).toBe(30);
  });

  it("control: senders that read due rows without claiming them send duplicates, which the count above catches", async () => {
    // The naive sender: select what is unsent, send it, mark it sent — no lock, no lease.
    for (let i = 0; i < 5; i++) await queueMail(db, message(`naive-${i}@example.com`, `Naive ${i}`));
    const transport = nodemailer.createTransport(smtp.catcher.smtpUrl);
    const naive = async () => {
      const due = await db.query.mailOutbox.findMany({ where: (m, { isNull, and, like }) => and(isNull(m.sentAt), like(m.to, "naive-%")) });
      for (const m of due) {
        await transport.sendMail({ from: "test@example.com", to: m.to, subject: m.subject, text: m.text });
        await db.update(mailOutbox).set({ sentAt: clock.now() }).where(eq(mailOutbox.id, m.id));
      }
    };
    await Promise.all([naive(), naive(), naive()]);
    const received = smtp.catcher.store.list().filter((m) => m.subject.startsWith("Naive "));
    expect(received.length).toBeGreaterThan(5);
  });

  it("retries a failure with a growing wait, logs no address, and gives up after the last attempt", async () => {
    const down = `smtp://127.0.0.1:${await freePort()}`;
    await queueMail(db, message("retry-me@example.com", "Retry"));
    const first = await sendDueMail({ smtpUrl: down });
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, "retry-me@example.com"));
    expect(row!.attempts).toBe(1);
    expect(row!.lastError).toBeTruthy();
    expect(row!.lastError).not.toContain("retry-me@example.com");
    expect(row!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(retryDelayMs(1));

    // Not due again before its wait is over.
    clock.advance(retryDelayMs(1) - 1_000);
    expect((await sendDueMail({ smtpUrl: down })).failed).toBe(0);
    clock.advance(1_000);
    expect((await sendDueMail({ smtpUrl: down })).failed).toBe(1);
    const [second] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, row!.id));
    expect(second!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(retryDelayMs(2));
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

    // Through to the last attempt, then given up.
    for (let attempt = 3; attempt <= MAX_ATTEMPTS; attempt++) {
      clock.advance(retryDelayMs(attempt - 1));
      await sendDueMail({ smtpUrl: down });
    }
    const [last] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, row!.id));
    expect(last!.attempts).toBe(MAX_ATTEMPTS);
    expect(last!.failedAt).not.toBeNull();
    clock.advance(retryDelayMs(MAX_ATTEMPTS));
    expect(await sendDueMail({ smtpUrl: down })).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
  });

  it("a message that failed is sent once the SMTP server answers", async () => {
    const down = `smtp://127.0.0.1:${await freePort()}`;
    await queueMail(db, message("later@example.com", "Later"));
    await sendDueMail({ smtpUrl: down });
    clock.advance(retryDelayMs(1));
    expect((await sendDueMail({ smtpUrl: smtp.catcher.smtpUrl })).sent).toBe(1);
    await smtp.catcher.store.waitFor((m) => m.subject === "Later");
  });

  it("housekeeping deletes sent mail after seven days", async () => {
    clock.advance(6 * 24 * 60 * 60_000);
    const early = await pruneSentMail(clock.now());
    expect(early).toBe(0);
    clock.advance(2 * 24 * 60 * 60_000);
    expect(await pruneSentMail(clock.now())).toBeGreaterThan(30);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, "first@example.com"))).toEqual([]);
  });
});
