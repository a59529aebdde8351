"use server";

// A user files a problem report.

import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/lib/actions";
import { accountIdForUser } from "@/lib/credits";
import { createReport, parseIdList } from "@/lib/reports";

const ids = z.string().max(10_000).default("").transform(parseIdList);

/** Files a report; its screenshots were uploaded beforehand through /api/reports/screenshots. */
export const createReportAction = userAction(
  z.object({ description: z.string().max(20_000).default(""), requestIds: ids, screenshotIds: ids }),
  async (input, { user }) => {
    const report = await createReport({ userId: user.id, accountId: await accountIdForUser(user.id) }, input);
    redirect(`/reports/${report.id}?sent=1`);
  },
);
