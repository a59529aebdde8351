import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { usageRequests } from "@/db/schema";

/**
 * Writes the token counts of a held request into the request log once they
 * are known (a hold is placed before the model has counted anything). Scoped
 * by account like every write; the credits themselves are the ledger's.
 */
export async function recordRequestTokens(
  accountId: number,
  requestId: string,
  tokens: { inputTokens: number; outputTokens: number },
): Promise<void> {
  await db
    .update(usageRequests)
    .set({ inputTokens: tokens.inputTokens, outputTokens: tokens.outputTokens })
    .where(and(eq(usageRequests.accountId, accountId), eq(usageRequests.id, requestId)));
}
