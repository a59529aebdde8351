import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { helpFeedback } from "@/db/schema";
import { now } from "@/lib/credits";
import type { HelpAnswerId } from "./answers";

/** Records a user's "Was this helpful?" answer: one row per user and question; answering again changes it. */
export async function saveHelpFeedback(userId: string, answerId: HelpAnswerId, helpful: boolean): Promise<void> {
  const at = now();
  await db
    .insert(helpFeedback)
    .values({ userId, answerId, helpful, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [helpFeedback.userId, helpFeedback.answerId],
      set: { helpful, updatedAt: sql`excluded.updated_at` },
    });
}

/** The user's answers so far, by question. */
export async function helpFeedbackOf(userId: string): Promise<Partial<Record<string, boolean>>> {
  const rows = await db
    .select({ answerId: helpFeedback.answerId, helpful: helpFeedback.helpful })
    .from(helpFeedback)
    .where(eq(helpFeedback.userId, userId));
  return Object.fromEntries(rows.map((r) => [r.answerId, r.helpful]));
}
