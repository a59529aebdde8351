import "server-only";
import { randomBytes } from "node:crypto";
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { db } from "@/lib/db";
import { reportScreenshots } from "@/db/schema";
import { AppError } from "@/lib/errors";

export const MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024;
export const MAX_SCREENSHOTS_PER_REPORT = 5;
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
  const since = new Date(Date.now() - 24 * 3600 * 1000);
  const [pending] = await db
    .select({ n: count() })
    .from(reportScreenshots)
    .where(and(eq(reportScreenshots.accountId, accountId), isNull(reportScreenshots.reportId), gt(reportScreenshots.createdAt, since)));
  if ((pending?.n ?? 0) >= MAX_PENDING_PER_DAY) {
    throw new AppError("rate_limited", "Too many screenshots uploaded today without a report. Send a report first.", {
      retryAfterSeconds: 3600,
    });
  }
  const [row] = await db
    .insert(reportScreenshots)
    .values({ id: `shot_${randomBytes(16).toString("base64url")}`, accountId, contentType, byteSize: bytes.length, data: bytes, createdAt: new Date() })
    .returning({ id: reportScreenshots.id, contentType: reportScreenshots.contentType, byteSize: reportScreenshots.byteSize });
  return row!;
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
