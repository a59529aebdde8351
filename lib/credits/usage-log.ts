import "server-only";
import { and, asc, desc, eq, gt, gte, lt, or, type SQL } from "drizzle-orm";
import { db } from "@/lib/db";
import { usageRequests, type UsageRequest } from "@/db/schema";

import type { UsageFilter } from "./shared/usage-filter";

export type { UsageFilter };

export interface UsagePage {
  data: UsageRequest[];
  nextCursor: string | null;
}

type Position = { createdAt: Date; id: string };

/** A position in the log: the (createdAt, id) of the last row seen, opaque to callers. */
export function encodeCursor(row: Pick<UsageRequest, "createdAt" | "id">): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

// A cursor is only ever one that encodeCursor made: an ISO date of this era and
// a request id. Anything else (a hand-made date PostgreSQL cannot hold, an id
// with a NUL) is refused here rather than failing inside the query.
const CURSOR_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CURSOR_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(decoded) || decoded.length !== 2) return null;
    const [createdAt, id] = decoded as unknown[];
    if (typeof createdAt !== "string" || typeof id !== "string" || !CURSOR_DATE.test(createdAt) || !CURSOR_ID.test(id)) return null;
    const date = new Date(createdAt);
    return Number.isNaN(date.getTime()) || date.toISOString() !== createdAt ? null : { createdAt: date, id };
  } catch {
    return null;
  }
}

function conditions(accountId: number, filter: UsageFilter, after?: Position, before?: Position) {
  const where: (SQL | undefined)[] = [eq(usageRequests.accountId, accountId)];
  if (filter.from) where.push(gte(usageRequests.createdAt, filter.from));
  if (filter.to) where.push(lt(usageRequests.createdAt, filter.to));
  if (filter.feature) where.push(eq(usageRequests.feature, filter.feature));
  if (filter.model) where.push(eq(usageRequests.model, filter.model));
  if (after) {
    // Keyset pagination: rows strictly older than the cursor, so that pages
    // neither skip nor repeat rows while new requests arrive at the top.
    where.push(
      or(
        lt(usageRequests.createdAt, after.createdAt),
        and(eq(usageRequests.createdAt, after.createdAt), lt(usageRequests.id, after.id)),
      ),
    );
  }
  if (before) {
    where.push(
      or(
        gt(usageRequests.createdAt, before.createdAt),
        and(eq(usageRequests.createdAt, before.createdAt), gt(usageRequests.id, before.id)),
      ),
    );
  }
  return and(...where);
}

/**
 * The query behind a page, newest first (one more row than the page, to know
 * whether another follows). Its order is usage_requests_log_idx's (or, with a
 * feature, usage_requests_feature_idx's), so a page reads its rows from the
 * index instead of sorting the account's whole log; tests/credits/log-plans
 * checks the plan.
 */
export function usagePageQuery(accountId: number, filter: UsageFilter, options: { limit: number; cursor?: Position }) {
  return db
    .select()
    .from(usageRequests)
    .where(conditions(accountId, filter, options.cursor))
    .orderBy(desc(usageRequests.createdAt), desc(usageRequests.id))
    .limit(options.limit + 1);
}

/** One page of an account's request log, newest first. */
export async function listUsage(
  accountId: number,
  filter: UsageFilter,
  options: { limit: number; cursor?: Position },
): Promise<UsagePage> {
  const rows = await usagePageQuery(accountId, filter, options);
  const data = rows.slice(0, options.limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null };
}

export interface UsageWindow {
  /** Newest first. */
  data: UsageRequest[];
  /** Where the page of newer rows ends (rows newer than this one's first), or null on the newest page. */
  newerCursor: string | null;
  /** Where the page of older rows starts, or null on the oldest page. */
  olderCursor: string | null;
}

/**
 * A page of the log for a screen that moves both ways: older than `after`, or
 * newer than `before` (read oldest first from the cursor, then shown newest
 * first). Keyset in both directions, so it stays as fast on page 1,000 as on page 1.
 */
export async function usageWindow(
  accountId: number,
  filter: UsageFilter,
  options: { limit: number; after?: Position; before?: Position },
): Promise<UsageWindow> {
  if (options.before) {
    const rows = await db
      .select()
      .from(usageRequests)
      .where(conditions(accountId, filter, undefined, options.before))
      .orderBy(asc(usageRequests.createdAt), asc(usageRequests.id))
      .limit(options.limit + 1);
    const data = rows.slice(0, options.limit).reverse();
    const first = data[0];
    const last = data.at(-1);
    return {
      data,
      newerCursor: rows.length > options.limit && first ? encodeCursor(first) : null,
      // The cursor's own row is older than this page, so an older page exists.
      olderCursor: last ? encodeCursor(last) : null,
    };
  }
  const page = await listUsage(accountId, filter, { limit: options.limit, cursor: options.after });
  const first = page.data[0];
  return {
    data: page.data,
    newerCursor: options.after && first ? encodeCursor(first) : null,
    olderCursor: page.nextCursor,
  };
}

/** Every matching row, newest first, fetched a page at a time (for CSV export). */
export async function* allUsage(accountId: number, filter: UsageFilter, pageSize = 1000) {
  let cursor: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const page = await listUsage(accountId, filter, { limit: pageSize, cursor });
    yield* page.data;
    const last = page.data.at(-1);
    if (!page.nextCursor || !last) return;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

/** The public shape of a request log row (API and CSV). */
export function usageRow(row: UsageRequest) {
  return {
    requestId: row.id,
    createdAt: row.createdAt.toISOString(),
    feature: row.feature,
    model: row.model,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    credits: row.credits,
    heldCredits: row.heldCredits,
    balanceAfter: row.balanceAfter,
    status: row.status,
    metadata: row.metadata,
  };
}

const csvColumns = [
  "requestId",
  "createdAt",
  "feature",
  "model",
  "inputTokens",
  "outputTokens",
  "credits",
  "balanceAfter",
  "status",
  "metadata",
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
 * A text cell that a spreadsheet would run as a formula is prefixed with a quote.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(): string {
  return `${csvColumns.join(",")}\r\n`;
}

export function csvLine(row: UsageRequest): string {
  const shaped = usageRow(row);
  return `${csvColumns.map((c) => csvField(shaped[c])).join(",")}\r\n`;
}

/** The whole filtered log as a CSV stream, a page at a time, so memory stays flat. */
export function usageCsvStream(accountId: number, filter: UsageFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = allUsage(accountId, filter);
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvHeader()));
      }
      let chunk = "";
      for (let i = 0; i < 200; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvLine(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

