import "server-only";
import { and, asc, desc, eq, ilike, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Transaction } from "@/db/client";
import { db } from "@/lib/db";
import {
  creditAdjustments,
  problemReports,
  reportEvents,
  users,
  type ProblemReport,
  type ReportStatus,
  type User,
} from "@/db/schema";
import { existingAccountId, getBalance, grantCredits, listUsage, recentTransfers, requestsAround } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import { notify } from "@/lib/notifications";
import { purchasesForSupport } from "@/lib/payments";
import { isStorableText } from "@/lib/storable-text";
import { reportDetails } from "./reports";

export const supportFilterSchema = z.object({
  status: z.enum(["open", "investigating", "resolved", "rejected"]).optional().catch(undefined),
  // Text PostgreSQL cannot compare (a NUL) is no filter at all, as is any other malformed value.
  email: z.string().trim().max(200).refine(isStorableText).optional().catch(undefined),
});

function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Reports for the console, most recently changed first. */
export function supportReports(filter: z.infer<typeof supportFilterSchema>) {
  const where = [];
  if (filter.status) where.push(eq(problemReports.status, filter.status));
  if (filter.email) where.push(ilike(users.email, likePattern(filter.email)));
  return db
    .select({
      id: problemReports.id,
      status: problemReports.status,
      description: problemReports.description,
      createdAt: problemReports.createdAt,
      updatedAt: problemReports.updatedAt,
      email: users.email,
      userId: users.id,
    })
    .from(problemReports)
    .innerJoin(users, eq(users.id, problemReports.userId))
    .where(and(...where))
    .orderBy(desc(problemReports.updatedAt))
    .limit(200);
}

async function reportById(id: string): Promise<ProblemReport | null> {
  if (!/^rpt_[A-Za-z0-9_-]{8,40}$/.test(id)) return null;
  const [report] = await db.select().from(problemReports).where(eq(problemReports.id, id));
  return report ?? null;
}

/** Everything the console shows about a report: the user, the requests and the ones around them. */
export async function supportReport(id: string) {
  const report = await reportById(id);
  if (!report) return null;
  const details = await reportDetails(report);
  const actorIds = [...new Set(details.events.map((e) => e.actorUserId).filter((id): id is string => Boolean(id)))];
  const [[user], around, actors] = await Promise.all([
    db.select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt }).from(users).where(eq(users.id, report.userId)),
    requestsAround(report.accountId, details.requests, report.createdAt),
    actorIds.length ? db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, actorIds)) : Promise.resolve([]),
  ]);
  return { ...details, user: user!, around, actors: new Map(actors.map((a) => [a.id, a.email])) };
}


const statusTitles: Record<ReportStatus, string> = {
  open: "Your report is open",
  investigating: "We are looking into your report",
  resolved: "Your report is resolved",
  rejected: "Your report was declined",
};

async function lockedReport(tx: Transaction, id: string) {
  if (!/^rpt_[A-Za-z0-9_-]{8,40}$/.test(id)) throw new AppError("not_found", "No such report.");
  const [report] = await tx.select().from(problemReports).where(eq(problemReports.id, id)).for("update");
  if (!report) throw new AppError("not_found", "No such report.");
  return report;
}

/** Moves a report to a new status, in its history, and tells the user. A repeat changes nothing. */
export async function setReportStatus(admin: Pick<User, "id">, id: string, status: Exclude<ReportStatus, "open">, note?: string) {
  const result = await db.transaction(async (tx) => {
    const report = await lockedReport(tx, id);
    if (report.status === status) return { report, changed: false };
    const at = new Date();
    await tx.update(problemReports).set({ status, updatedAt: at }).where(eq(problemReports.id, id));
    await tx.insert(reportEvents).values({ reportId: id, kind: "status", actorUserId: admin.id, status, body: note || null, createdAt: at });
    return { report, changed: true };
  });
  if (result.changed) {
    await notify(result.report.userId, {
      kind: "report",
      title: statusTitles[status],
      body: note || `Report ${id} is now ${status}.`,
      href: `/reports/${id}`,
    });
  }
  return result;
}

export const replySchema = z.string().trim().min(1, "Write a reply.").max(5000, "Use at most 5,000 characters.");

/** A message to the user, shown in the report's history. */
export async function replyToReport(admin: Pick<User, "id">, id: string, text: string) {
  const body = replySchema.parse(text);
  const report = await db.transaction(async (tx) => {
    const report = await lockedReport(tx, id);
    const at = new Date();
    await tx.update(problemReports).set({ updatedAt: at }).where(eq(problemReports.id, id));
    await tx.insert(reportEvents).values({ reportId: id, kind: "reply", actorUserId: admin.id, body, createdAt: at });
    return report;
  });
  await notify(report.userId, { kind: "report", title: "Support replied to your report", body: body.slice(0, 200), href: `/reports/${id}` });
}

export const adjustmentSchema = z.object({
  credits: z.coerce
    .number({ error: "Enter a whole number of credits." })
    .int("Enter a whole number of credits.")
    .min(1, "Credit at least 1 credit.")
    .max(100_000, "Credit at most 100,000 credits."),
  reason: z.string().trim().min(3, "Give a reason (at least 3 characters).").max(1000, "Use at most 1,000 characters."),
});

export type AdjustmentResult = { outcome: "created" | "exists"; credits: number; balance?: number };

/**
 * Credits a report back: one grant of source `adjustment` with external ref
 * `report:<id>`, its audit row and a history entry, in one transaction under
 * the report's row lock. A second try (a double click, two admins at once)
 * finds the first and credits nothing. The report is resolved by it.
 */
export async function adjustForReport(admin: Pick<User, "id">, id: string, input: { credits: number; reason: string }): Promise<AdjustmentResult> {
  const { credits, reason } = adjustmentSchema.parse(input);
  const result = await db.transaction(async (tx): Promise<AdjustmentResult & { report: ProblemReport }> => {
    const report = await lockedReport(tx, id);
    const [existing] = await tx.select().from(creditAdjustments).where(eq(creditAdjustments.reportId, id));
    if (existing) return { outcome: "exists", credits: existing.credits, report };
    const grant = await grantCredits(
      { accountId: report.accountId, source: "adjustment", amount: credits, externalRef: `report:${id}`, metadata: { reportId: id, adminUserId: admin.id, reason } },
      tx,
    );
    if (grant.outcome === "exists") return { outcome: "exists", credits, report };
    const at = new Date();
    await tx.insert(creditAdjustments).values({ reportId: id, accountId: report.accountId, adminUserId: admin.id, grantId: grant.grantId, credits, reason, createdAt: at });
    await tx.insert(reportEvents).values({ reportId: id, kind: "adjustment", actorUserId: admin.id, credits, body: reason, createdAt: at });
    if (report.status !== "resolved") {
      await tx.insert(reportEvents).values({ reportId: id, kind: "status", actorUserId: admin.id, status: "resolved", createdAt: at });
    }
    await tx.update(problemReports).set({ status: "resolved", updatedAt: at }).where(eq(problemReports.id, id));
    return { outcome: "created", credits, balance: grant.balance, report };
  });
  if (result.outcome === "created") {
    await notify(result.report.userId, {
      kind: "report",
      title: `${credits.toLocaleString("en-US")} credits added for your report`,
      body: reason,
      href: `/reports/${id}`,
    });
  }
  return { outcome: result.outcome, credits: result.credits, balance: result.balance };
}

/** Users whose e-mail contains the text, for the console's user search. */
export async function findUsers(email: string) {
  if (!isStorableText(email)) return [];
  return db
    .select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt, isAdmin: users.isAdmin })
    .from(users)
    .where(ilike(users.email, likePattern(email.trim())))
    .orderBy(asc(users.email))
    .limit(50);
}

/** A user's ledger, read-only: balance, grants, recent transfers and requests. */
export async function userLedger(userId: string) {
  if (userId.length > 100 || !isStorableText(userId)) return null;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const accountId = await existingAccountId(userId);
  if (!accountId) return { user, balance: null, transfers: [], usage: [], reports: [], purchases: [] };
  const [balance, transfers, usage, reports, purchases] = await Promise.all([
    getBalance(accountId),
    recentTransfers(accountId, 30),
    listUsage(accountId, {}, { limit: 20 }),
    db.select().from(problemReports).where(eq(problemReports.accountId, accountId)).orderBy(desc(problemReports.createdAt)).limit(20),
    purchasesForSupport(userId),
  ]);
  return { user, balance, transfers, usage: usage.data, reports, purchases };
}
