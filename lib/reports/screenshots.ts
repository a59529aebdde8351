import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { db, deleteInBatches } from "@/lib/db";
import { reportScreenshots } from "@/db/schema";
import { now } from "@/lib/credits";
import { AppError } from "@/lib/errors";

export const MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024;
export const MAX_SCREENSHOTS_PER_REPORT = 5;
/**
 * Everything an account stores, claimed by reports or not: without it, "upload five, file a
 * report, repeat" grows the table without bound. Ten full-size screenshots; real ones are far
 * smaller. Unclaimed uploads are pruned after a day (lib/jobs housekeeping), freeing their room.
 */
export const SCREENSHOT_QUOTA_BYTES = 50 * 1024 * 1024;
/** Uploads not yet sent with a report, per account and day: enough for a few tries, not a file store. */
const MAX_PENDING_PER_DAY = 30;

export type ScreenshotType = "image/png" | "image/jpeg";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

/** The image type from the file's first bytes; the name and the browser's claim are not trusted. */
export function sniffImageType(bytes: Uint8Array): ScreenshotType | null {
  const starts = (magic: number[]) => bytes.length > magic.length && magic.every((b, i) => bytes[i] === b);
  if (starts(PNG)) return "image/png";
  if (starts(JPEG)) return "image/jpeg";
  return null;
}

function tooLarge() {
  return new AppError("payload_too_large", "This file is larger than 5 MB. Crop or compress the screenshot and try again.", {
    param: "screenshots",
  });
}

/**
 * Reads a request body, stopping as soon as it passes `max` bytes: a client
 * that lies about (or omits) Content-Length still cannot make us buffer more.
 */
export async function readLimited(body: ReadableStream<Uint8Array> | null, max = MAX_SCREENSHOT_BYTES): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** Checks an upload and keeps it for the account until a report claims it. */
export async function saveScreenshot(accountId: number, bytes: Buffer) {
  if (bytes.length === 0) throw new AppError("invalid_request", "The file is empty.", { param: "screenshots", status: 422 });
  if (bytes.length > MAX_SCREENSHOT_BYTES) throw tooLarge();
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    throw new AppError("invalid_request", "This file is not a PNG or JPEG image. Attach screenshots as PNG or JPEG.", {
      param: "screenshots",
      status: 415,
    });
  }
  const at = now();
  const since = new Date(at.getTime() - 24 * 3600 * 1000);
  // One upload of an account at a time (a lock of its own, not the ledger's account row), so the
  // sums below cannot be read by two uploads that both then insert: the quota holds under races.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('report_screenshots'), (${accountId}::bigint % 2147483647)::int)`);
    const [usage] = await tx
      .select({
        bytes: sql<string>`coalesce(sum(${reportScreenshots.byteSize}), 0)`,
        pendingToday: sql<number>`(count(*) filter (where ${reportScreenshots.reportId} is null and ${reportScreenshots.createdAt} > ${since.toISOString()}::timestamptz))::int`,
      })
      .from(reportScreenshots)
      .where(eq(reportScreenshots.accountId, accountId));
    if (Number(usage?.bytes ?? 0) + bytes.length > SCREENSHOT_QUOTA_BYTES) {
      throw new AppError(
        "payload_too_large",
        `Your screenshots already take up to ${SCREENSHOT_QUOTA_BYTES / 1024 / 1024} MB, the most one account keeps. Send your report without more screenshots, or ask support.`,
        { param: "screenshots" },
      );
    }
    if ((usage?.pendingToday ?? 0) >= MAX_PENDING_PER_DAY) {
      throw new AppError("rate_limited", "Too many screenshots uploaded today without a report. Send a report first.", {
        retryAfterSeconds: 3600,
      });
    }
    const [row] = await tx
      .insert(reportScreenshots)
      .values({ id: `shot_${randomBytes(16).toString("base64url")}`, accountId, contentType, byteSize: bytes.length, data: bytes, createdAt: at })
      .returning({ id: reportScreenshots.id, contentType: reportScreenshots.contentType, byteSize: reportScreenshots.byteSize });
    return row!;
  });
}

/**
 * A screenshot for its owner's account, or for an admin (`accountId` null);
 * anyone else gets null, the same answer as for an id that does not exist.
 */
export async function readScreenshot(id: string, viewer: { accountId: number } | { admin: true }) {
  if (!/^shot_[A-Za-z0-9_-]{10,40}$/.test(id)) return null;
  const [row] = await db
    .select()
    .from(reportScreenshots)
    .where("admin" in viewer ? eq(reportScreenshots.id, id) : and(eq(reportScreenshots.id, id), eq(reportScreenshots.accountId, viewer.accountId)));
  return row ?? null;
}

/** How long an upload waits for a report to claim it (the form uploads just before sending). */
export const UNCLAIMED_SCREENSHOT_HOURS = 24;

/** Deletes uploads no report claimed within UNCLAIMED_SCREENSHOT_HOURS of `at`; returns how many. */
export function pruneUnclaimedScreenshots(at: Date): Promise<number> {
  const before = new Date(at.getTime() - UNCLAIMED_SCREENSHOT_HOURS * 3_600_000).toISOString();
  // Small batches: each row holds up to 5 MB.
  return deleteInBatches(
    (limit) => sql`
      delete from report_screenshots where id in (
        select id from report_screenshots where report_id is null and created_at < ${before}::timestamptz limit ${limit})
        and report_id is null`,
    200,
  );
}
