import "server-only";
import { sql } from "drizzle-orm";
import { deleteInBatches } from "@/lib/db";

/** Sent mail is kept this long (to answer "did it go out?"), then housekeeping deletes it with its address. */
export const SENT_MAIL_RETENTION_DAYS = 7;
/** Mail given up is kept longer, for support to see why. */
const FAILED_MAIL_RETENTION_DAYS = 30;

/** Deletes sent mail past its retention at `at`; returns how many messages. */
export async function pruneSentMail(at: Date): Promise<number> {
  const iso = at.toISOString();
  return deleteInBatches(
    (limit) => sql`
      delete from mail_outbox where id in (
        select id from mail_outbox
        where sent_at < ${iso}::timestamptz - make_interval(days => ${SENT_MAIL_RETENTION_DAYS})
           or failed_at < ${iso}::timestamptz - make_interval(days => ${FAILED_MAIL_RETENTION_DAYS})
        limit ${limit})`,
  );
}
