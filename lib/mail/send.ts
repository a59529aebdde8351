import "server-only";
import { and, eq, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { mailOutbox, type MailOutboxRow } from "@/db/schema";
import { now } from "@/lib/credits";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/** Attempts before a message is given up (the last one about 4 hours after the first failure). */
export const MAX_ATTEMPTS = 8;
/** Messages one run claims; the rest wait for the next run (every few seconds). */
const BATCH = 20;

/**
 * The wait before attempt n+1 after attempt n began: 1 min, 2, 4 … 2 h (then capped). The
 * first wait is also the claim's lease, so it is longer than an attempt may take (the
 * transport's timeouts below), else a slow send could be claimed again by another instance.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 2 * 60 * 60_000);
}

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    // Bounded so that one attempt ends well within the first lease (retryDelayMs(1)).
    transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** An error's message with every e-mail address taken out: logs and last_error never hold an address. */
function withoutAddresses(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, "<address>").slice(0, 500);
}

/**
 * Claims due messages: moves their next attempt forward by the retry delay (the lease) and
 * counts the attempt, in one statement whose `for update skip locked` lets several instances
 * claim at once without taking the same row. A claimed message is sent by its claimer only.
 */
async function claimDue(at: Date): Promise<MailOutboxRow[]> {
  const iso = at.toISOString();
  const rows = await db.execute<{ id: string }>(sql`
    update mail_outbox m
    set attempts = m.attempts + 1,
        next_attempt_at = ${iso}::timestamptz + make_interval(secs => least(60 * power(2, m.attempts), 7200))
    from (
      select id from mail_outbox
      where sent_at is null and failed_at is null and next_attempt_at <= ${iso}::timestamptz
      order by next_attempt_at
      limit ${BATCH}
      for update skip locked
    ) due
    where m.id = due.id
    returning m.id`);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  return db.query.mailOutbox.findMany({ where: (m, { inArray }) => inArray(m.id, ids) });
}

export interface SendReport {
  sent: number;
  failed: number;
  gaveUp: number;
}

/**
 * One run of the mail job: sends what is due over SMTP (`smtpUrl`, from SMTP_URL by default;
 * tests pass their own SMTP server's). A failure is recorded and retried later with a growing
 * wait; after MAX_ATTEMPTS the message is given up. Failures are logged without the address.
 */
export async function sendDueMail(options: { smtpUrl?: string } = {}): Promise<SendReport> {
  const smtpUrl = options.smtpUrl ?? env.SMTP_URL;
  const report: SendReport = { sent: 0, failed: 0, gaveUp: 0 };
  // No SMTP server configured (a server started without scripts/serve.ts): messages wait in the queue.
  if (!smtpUrl) return report;
  const claimed = await claimDue(now());
  for (const message of claimed) {
    try {
      await transportFor(smtpUrl).sendMail({
        from: env.MAIL_FROM,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      await db.update(mailOutbox).set({ sentAt: now(), lastError: null }).where(eq(mailOutbox.id, message.id));
      report.sent++;
    } catch (error) {
      const reason = withoutAddresses(error);
      const givenUp = message.attempts >= MAX_ATTEMPTS;
      await db
        .update(mailOutbox)
        .set({ lastError: reason, ...(givenUp ? { failedAt: now() } : {}) })
        .where(and(eq(mailOutbox.id, message.id)));
      if (givenUp) report.gaveUp++;
      else report.failed++;
      log.warn({ mailId: message.id, category: message.category, attempts: message.attempts, givenUp, reason }, "mail: sending failed");
    }
  }
  return report;
}
