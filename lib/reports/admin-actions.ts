"use server";

// The support console: a report's status, a reply, and a credit adjustment (admins only; anyone else gets a 404).

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions";
import { adjustForReport, adjustmentSchema, replySchema, replyToReport, setReportStatus } from "@/lib/reports";

const reportId = z.string().min(1).max(100);

export const setReportStatusAction = adminAction(
  z.object({
    reportId,
    status: z.enum(["investigating", "resolved", "rejected"], { error: "Choose a status." }),
    note: z.string().trim().max(5000, "Use at most 5,000 characters.").optional(),
  }),
  async ({ reportId, status, note }, { admin }) => {
    const { changed } = await setReportStatus(admin, reportId, status, note);
    revalidatePath(`/admin/reports/${reportId}`);
    return { status: "ok", message: changed ? `Status set to ${status}; the user was notified.` : `The report is already ${status}.` };
  },
);

export const replyToReportAction = adminAction(z.object({ reportId, body: replySchema }), async ({ reportId, body }, { admin }) => {
  await replyToReport(admin, reportId, body);
  revalidatePath(`/admin/reports/${reportId}`);
  return { status: "ok", message: "Reply sent; the user was notified." };
});

export const adjustCreditsAction = adminAction(adjustmentSchema.extend({ reportId }), async ({ reportId, credits, reason }, { admin }) => {
  const result = await adjustForReport(admin, reportId, { credits, reason });
  revalidatePath(`/admin/reports/${reportId}`);
  return result.outcome === "created"
    ? { status: "ok", message: `Credited ${result.credits.toLocaleString("en-US")} credits; the report is resolved.` }
    : { status: "ok", message: `This report was already credited ${result.credits.toLocaleString("en-US")} credits; nothing more was added.` };
});
