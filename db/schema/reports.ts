import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { bytea } from "./columns";
import { creditAccounts, grants, usageRequests } from "./ledger";

// Problem reports: usage caused by a bug, with request ids and screenshots,
// answered by support, who may credit it back once per report.

export const reportStatuses = ["open", "investigating", "resolved", "rejected"] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const problemReports = pgTable(
  "problem_reports",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    description: text().notNull(),
    status: text({ enum: reportStatuses }).notNull().default("open"),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("problem_reports_account_idx").on(t.accountId, t.createdAt.desc().nullsFirst()),
    index("problem_reports_status_idx").on(t.status, t.updatedAt.desc().nullsFirst()),
  ],
);

/** The requests a report is about; each belongs to the report's account. */
export const problemReportRequests = pgTable(
  "problem_report_requests",
  {
    reportId: text()
      .notNull()
      .references(() => problemReports.id, { onDelete: "cascade" }),
    requestId: text()
      .notNull()
      .references(() => usageRequests.id),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.requestId] })],
);

/**
 * Screenshots, uploaded before the report is sent (report_id null until then)
 * and kept in the database, so every server instance can serve them.
 */
export const reportScreenshots = pgTable(
  "report_screenshots",
  {
    id: text().primaryKey(),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    reportId: text().references(() => problemReports.id, { onDelete: "cascade" }),
    /** Sniffed from the bytes, never taken from the file name or the browser. */
    contentType: text({ enum: ["image/png", "image/jpeg"] }).notNull(),
    byteSize: integer().notNull(),
    data: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("report_screenshots_report_idx").on(t.reportId),
    index("report_screenshots_account_idx").on(t.accountId, t.createdAt),
    // Unclaimed uploads, by age, for housekeeping (lib/reports/screenshots.ts).
    index("report_screenshots_unclaimed_idx").on(t.createdAt).where(sql`${t.reportId} is null`),
  ],
);

export const reportEventKinds = ["created", "status", "reply", "adjustment"] as const;

/** A report's history as the user sees it: status changes, replies, the credit adjustment. */
export const reportEvents = pgTable(
  "report_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: text()
      .notNull()
      .references(() => problemReports.id, { onDelete: "cascade" }),
    kind: text({ enum: reportEventKinds }).notNull(),
    /** Who did it: the user for "created", an admin otherwise. */
    actorUserId: text().references(() => users.id),
    status: text({ enum: reportStatuses }),
    body: text(),
    credits: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("report_events_report_idx").on(t.reportId, t.createdAt)],
);

/**
 * The audit of credit adjustments: at most one per report (the grant's
 * external ref is `report:<id>` too), with who gave how much and why.
 */
export const creditAdjustments = pgTable(
  "credit_adjustments",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: text()
      .notNull()
      .references(() => problemReports.id),
    accountId: bigint({ mode: "number" })
      .notNull()
      .references(() => creditAccounts.id),
    adminUserId: text()
      .notNull()
      .references(() => users.id),
    grantId: bigint({ mode: "number" })
      .notNull()
      .references(() => grants.id),
    credits: integer().notNull(),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("credit_adjustments_report_key").on(t.reportId),
    check("credit_adjustments_credits", sql`${t.credits} between 1 and 100000`),
  ],
);

export type ProblemReport = typeof problemReports.$inferSelect;
export type ReportEvent = typeof reportEvents.$inferSelect;
export type CreditAdjustment = typeof creditAdjustments.$inferSelect;
