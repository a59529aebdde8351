import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { authTokens } from "@/db/schema";
import { now } from "@/lib/credits";
import { deleteInBatches } from "@/lib/db";

export type TokenPurpose = "verify_email" | "reset_password" | "change_email";

/** How long each kind of e-mailed link works. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 48 * 60 * 60_000,
  reset_password: 60 * 60_000,
  change_email: 24 * 60 * 60_000,
};

/** Only the hash is stored: a copy of the table opens no account. */
function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A link token's shape (base64url of 32 random bytes), checked before any query. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Makes a one-time token for `email` and returns it (to put in a link; it is not kept). A new
 * reset or e-mail-change link replaces the user's earlier ones of that kind, so only the latest
 * works; verification links all stay valid until used (the first mail may be the one opened).
 */
export async function issueAuthToken(
  executor: Executor,
  input: { userId: string; purpose: TokenPurpose; email: string },
): Promise<string> {
  const at = now();
  if (input.purpose !== "verify_email") {
    await executor
      .update(authTokens)
      .set({ usedAt: at })
      .where(and(eq(authTokens.userId, input.userId), eq(authTokens.purpose, input.purpose), isNull(authTokens.usedAt)));
  }
  const token = randomBytes(32).toString("base64url");
  await executor.insert(authTokens).values({
    tokenHash: hashToken(token),
    userId: input.userId,
    purpose: input.purpose,
    email: input.email,
    expiresAt: new Date(at.getTime() + TOKEN_LIFETIME_MS[input.purpose]),
    createdAt: at,
  });
  return token;
}

/**
 * Uses a token: one conditional update marks it used if it is of this purpose, unused and
 * unexpired, so of two clicks at once exactly one gets it. Call it in the transaction that
 * does what the link is for, so a failure leaves the link usable. Null: no such usable token.
 */
export async function consumeAuthToken(
  executor: Executor,
  token: string,
  purpose: TokenPurpose,
): Promise<{ userId: string; email: string } | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const at = now();
  const [row] = await executor
    .update(authTokens)
    .set({ usedAt: at })
    .where(
      and(
        eq(authTokens.tokenHash, hashToken(token)),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, at),
      ),
    )
    .returning({ userId: authTokens.userId, email: authTokens.email });
  return row ?? null;
}

/** Whether a token would be accepted now (for a page that shows a form before using it). */
export async function authTokenIsUsable(executor: Executor, token: string, purpose: TokenPurpose): Promise<boolean> {
  if (!TOKEN_PATTERN.test(token)) return false;
  const [row] = await executor
    .select({ userId: authTokens.userId })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.tokenHash, hashToken(token)),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now()),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Housekeeping: tokens a day past their expiry say nothing any more. */
export async function pruneExpiredAuthTokens(at: Date): Promise<number> {
  const cutoff = new Date(at.getTime() - 24 * 60 * 60_000);
  return deleteInBatches(
    (limit) => sql`delete from auth_tokens where token_hash in (
      select token_hash from auth_tokens where ${lt(authTokens.expiresAt, cutoff)} limit ${limit})`,
  );
}

/** Whose token this is, used or not (to tell a replayed link "already done" rather than "invalid"). */
export async function authTokenOwner(executor: Executor, token: string): Promise<string | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [row] = await executor.select({ userId: authTokens.userId }).from(authTokens).where(eq(authTokens.tokenHash, hashToken(token))).limit(1);
  return row?.userId ?? null;
}
