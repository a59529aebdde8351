import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { promoCodes, promoRedemptions, type User } from "@/db/schema";
import { PROMO_CODE_REF_PREFIX, accountIdForUser, grantCredits, now } from "@/lib/credits";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { refundToken, takeToken, type BucketRule } from "@/lib/rate-limit";
import { UNKNOWN_CODE, normaliseCode } from "./schemas";

/**
 * Failed attempts a user may make before waiting: 10 at once, then one a minute.
 * Enough for typos; far too few to guess codes. A successful redemption gives its token back.
 */
export const REDEEM_ATTEMPTS: BucketRule = { capacity: 10, refillPerSecond: 1 / 60 };

export type Redeemed = { credits: number; expiresAt: Date; grantId: number; balance: number };

export const promoGrantRef = (codeId: number, accountId: number) => `${PROMO_CODE_REF_PREFIX}${codeId}:${accountId}`;

function refused(message: string): AppError {
  return new AppError("invalid_request", message, { param: "code", status: 422 });
}

/**
 * Redeems a code for the user's account: one transaction locks the code row
 * (so its last use goes to exactly one of two users at once), checks it, and
 * writes the grant (through lib/credits) and the redemption row together.
 * Anything refused throws an AppError and changes no ledger table.
 */
export async function redeemPromoCode(user: Pick<User, "id">, rawCode: string): Promise<Redeemed> {
  const code = normaliseCode(rawCode);
  const limitKey = `promo:${user.id}`;
  const limit = await takeToken(limitKey, REDEEM_ATTEMPTS);
  if (!limit.allowed) {
    throw new AppError("rate_limited", `Too many tries. Wait ${limit.retryAfterSeconds} seconds and try again.`, {
      retryAfterSeconds: limit.retryAfterSeconds,
      param: "code",
    });
  }
  const accountId = await accountIdForUser(user.id);
  const result = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(promoCodes).where(eq(promoCodes.code, code)).for("update");
    if (!row) throw refused(UNKNOWN_CODE);
    const [mine] = await tx
      .select({ codeId: promoRedemptions.codeId })
      .from(promoRedemptions)
      .where(and(eq(promoRedemptions.codeId, row.id), eq(promoRedemptions.accountId, accountId)));
    if (mine) throw refused("You have already redeemed this code.");
    const at = now();
    if (row.disabledAt) throw refused("This code is no longer active.");
    if (row.expiresAt && row.expiresAt <= at) throw refused("This code has expired.");
    if (row.redemptions >= row.maxRedemptions) throw refused("This code has been used up.");
    const expiresAt = new Date(at.getTime() + row.creditsValidDays * 86_400_000);
    const grant = await grantCredits(
      { accountId, source: "promo", amount: row.credits, expiresAt, externalRef: promoGrantRef(row.id, accountId), metadata: { promoCode: row.code } },
      tx,
    );
    // The ref is unique per code and account: "exists" is a redemption this check did not see.
    if (grant.outcome === "exists") throw refused("You have already redeemed this code.");
    await tx.insert(promoRedemptions).values({ codeId: row.id, accountId, grantId: grant.grantId, createdAt: at });
    await tx.update(promoCodes).set({ redemptions: sql`${promoCodes.redemptions} + 1` }).where(eq(promoCodes.id, row.id));
    return { credits: row.credits, expiresAt, grantId: grant.grantId, balance: grant.balance };
  });
  await refundToken(limitKey, REDEEM_ATTEMPTS);
  return result;
}
