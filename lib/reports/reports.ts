import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/lib/db";
import {
  creditAdjustments,
  problemReportRequests,
  problemReports,
  reportEvents,
  reportScreenshots,
  usageRequests,
  type ProblemReport,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { takeToken, type BucketRule } from "@/lib/rate-limit";
import { MAX_SCREENSHOTS_PER_REPORT } from "./screenshots";

export const MAX_REQUESTS_PER_REPORT = 50;

/** Request ids as people paste them: separated by spaces, commas or lines. */
export function parseIdList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

export const reportInputSchema = z.object({
  description: z
    .string()
    .trim()
    .min(10, "Describe the problem in at least 10 characters.")
    .max(5000, "Use at most 5,000 characters."),
  requestIds: z
    .array(z.string().min(1).max(100))
    .max(MAX_REQUESTS_PER_REPORT, `Report at most ${MAX_REQUESTS_PER_REPORT} requests at a time.`),
  screenshotIds: z
    .array(z.string().min(1).max(100))
    .max(MAX_SCREENSHOTS_PER_REPORT, `Attach at most ${MAX_SCREENSHOTS_PER_REPORT} screenshots.`),
});
export type ReportInput = z.infer<typeof reportInputSchema>;

/** Reports each account may file at once, then ten an hour: each notifies support and holds screenshots. */
export const REPORTS_PER_ACCOUNT: BucketRule = { capacity: 10, refillPerSecond: 10 / 3600 };

/**
 * Files a report for the user's account. Every request id and screenshot id
 * must be the account's own: anything else is `not_found`, the same answer as
 * for an id that does not exist, and nothing is written.
 */
export async function createReport(owner: { userId: string; accountId: number }, input: ReportInput): Promise<ProblemReport> {
  const parsed = reportInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("invalid_request", issue?.message ?? "Check the report.", { param: String(issue?.path[0] ?? "description"), status: 422 });
  }
  const { description, requestIds, screenshotIds } = parsed.data;
  // After validation, so a form sent back with a mistake does not use up a report.
  const decision = await takeToken(`report:${owner.accountId}`, REPORTS_PER_ACCOUNT);
  if (!decision.allowed) {
    throw new AppError("rate_limited", "You have sent many reports in a short time. Wait a little, or add to a report you sent.", {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
  const ids = [...new Set(requestIds)];
  const shots = [...new Set(screenshotIds)];

  return db.transaction(async (tx) => {
    if (ids.length > 0) {
      const found = await tx
        .select({ id: usageRequests.id })
        .from(usageRequests)
        .where(and(eq(usageRequests.accountId, owner.accountId), inArray(usageRequests.id, ids)));
      const known = new Set(found.map((r) => r.id));
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length > 0) {
        throw new AppError("not_found", `No request ${missing.join(", ")} in your request log. Copy ids from the Usage page.`, {
          param: "requestIds",
        });
      }
    }
    const at = new Date();
    const [report] = await tx
      .insert(problemReports)
      .values({ id: `rpt_${randomBytes(12).toString("base64url")}`, userId: owner.userId, accountId: owner.accountId, description, status: "open", createdAt: at, updatedAt: at })
      .returning();
    if (ids.length > 0) await tx.insert(problemReportRequests).values(ids.map((requestId) => ({ reportId: report!.id, requestId })));
    if (shots.length > 0) {
      // Claims only the account's own uploads that no report has claimed yet.
      const claimed = await tx
        .update(reportScreenshots)
        .set({ reportId: report!.id })
        .where(and(inArray(reportScreenshots.id, shots), eq(reportScreenshots.accountId, owner.accountId), isNull(reportScreenshots.reportId)))
        .returning({ id: reportScreenshots.id });
      if (claimed.length !== shots.length) {
        throw new AppError("not_found", "A screenshot was not found. Upload it again.", { param: "screenshots" });
      }
    }
    await tx.insert(reportEvents).values({ reportId: report!.id, kind: "created", actorUserId: owner.userId, status: "open", createdAt: at });
    return report!;
  });
}

/** The account's reports, newest first. */
export function listReports(accountId: number) {
  return db
    .select({
      id: problemReports.id,
      description: problemReports.description,
      status: problemReports.status,
      createdAt: problemReports.createdAt,
      updatedAt: problemReports.updatedAt,
      requests: sql<number>`(select count(*)::int from ${problemReportRequests} r where r.report_id = ${problemReports.id})`,
    })
    .from(problemReports)
    .where(eq(problemReports.accountId, accountId))
    .orderBy(desc(problemReports.createdAt))
    .limit(200);
}

/** A report with its requests, screenshots, history and adjustment. */
export async function reportDetails(report: ProblemReport) {
  const [requests, screenshots, events, [adjustment]] = await Promise.all([
    db
      .select({ request: usageRequests })
      .from(problemReportRequests)
      .innerJoin(usageRequests, eq(usageRequests.id, problemReportRequests.requestId))
      .where(eq(problemReportRequests.reportId, report.id))
      .orderBy(asc(usageRequests.createdAt), asc(usageRequests.id)),
    db
      .select({ id: reportScreenshots.id, contentType: reportScreenshots.contentType, byteSize: reportScreenshots.byteSize })
      .from(reportScreenshots)
      .where(eq(reportScreenshots.reportId, report.id))
      .orderBy(asc(reportScreenshots.createdAt)),
    db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id)).orderBy(asc(reportEvents.createdAt), asc(reportEvents.id)),
    db.select().from(creditAdjustments).where(eq(creditAdjustments.reportId, report.id)),
  ]);
  return { report, requests: requests.map((r) => r.request), screenshots, events, adjustment: adjustment ?? null };
}
export type ReportDetails = Awaited<ReturnType<typeof reportDetails>>;

/** One of the account's reports, or null (also for another account's report). */
export async function reportForAccount(accountId: number, id: string) {
  if (!/^rpt_[A-Za-z0-9_-]{8,40}$/.test(id)) return null;
  const [report] = await db
    .select()
    .from(problemReports)
    .where(and(eq(problemReports.id, id), eq(problemReports.accountId, accountId)));
  return report ? reportDetails(report) : null;
}
