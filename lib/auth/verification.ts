import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { users, type User } from "@/db/schema";
import { now } from "@/lib/credits";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { takeToken } from "@/lib/rate-limit";
import { welcomeNewUser } from "./sign-up";
import { authTokenOwner, consumeAuthToken } from "./tokens";
import { sendEmailChangeMail, sendVerificationMail } from "./verification-mail";

export type EmailLinkOutcome =
  | { kind: "verified" }
  | { kind: "changed"; email: string }
  /** The link was used before (a second click, another tab) and the address is verified: nothing to do. */
  | { kind: "already" }
  /** The new address got an account of its own since the change was asked for. */
  | { kind: "taken" }
  | { kind: "invalid" };

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return (error as { code?: string })?.code === "23505" || cause?.code === "23505";
}

/**
 * Marks `email` verified for the user if it is still their address and not yet verified, and
 * grants the welcome credits in the same transaction. The conditional update is what makes
 * it once: of two callers at once one updates the row, the other finds it verified.
 */
async function markVerified(tx: Parameters<Parameters<typeof db.transaction>[0]>[0], userId: string, email: string): Promise<boolean> {
  const [marked] = await tx
    .update(users)
    .set({ emailVerified: now() })
    // Case aside: a provider may spell the address with capitals the account row does not have.
    .where(and(eq(users.id, userId), sql`lower(${users.email}) = lower(${email})`, isNull(users.emailVerified)))
    .returning({ id: users.id });
  if (marked) await welcomeNewUser(marked.id, tx);
  return Boolean(marked);
}

/**
 * Opens a link from a verification or e-mail-change message. The token is used up in the
 * transaction that does what it is for, so a failure leaves it usable and two clicks at once
 * do it once.
 */
export async function useEmailLink(token: string): Promise<EmailLinkOutcome> {
  try {
    const outcome = await db.transaction(async (tx): Promise<EmailLinkOutcome | null> => {
      const verify = await consumeAuthToken(tx, token, "verify_email");
      if (verify) return (await markVerified(tx, verify.userId, verify.email)) ? { kind: "verified" } : { kind: "already" };
      const change = await consumeAuthToken(tx, token, "change_email");
      if (!change) return null;
      await tx.update(users).set({ email: change.email, emailVerified: now() }).where(eq(users.id, change.userId));
      // A user who never verified the old address has now verified one: the welcome is theirs (once).
      await welcomeNewUser(change.userId, tx);
      return { kind: "changed", email: change.email };
    });
    if (outcome) return outcome;
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: "taken" };
    throw error;
  }
  const owner = await authTokenOwner(db, token);
  if (owner) {
    const [user] = await db.select({ verified: users.emailVerified }).from(users).where(eq(users.id, owner)).limit(1);
    if (user?.verified) return { kind: "already" };
  }
  return { kind: "invalid" };
}

/** A GitHub or Google sign-in whose provider vouches for the address: verified, welcomed once. */
export async function markVerifiedByProvider(userId: string, email: string): Promise<void> {
  await db.transaction((tx) => markVerified(tx, userId, email));
}

// Three resends at once, then one every ten minutes: enough for a lost message, no mail cannon.
const RESEND_RULE = { capacity: 3, refillPerSecond: 1 / 600 };

/** "Resend" on the banner: a new verification link, rate-limited per user. */
export async function resendVerification(user: User): Promise<void> {
  if (user.emailVerified) throw new AppError("invalid_request", "Your e-mail address is already verified.");
  const limit = await takeToken(`verify-resend:${user.id}`, RESEND_RULE);
  if (!limit.allowed) {
    throw new AppError("rate_limited", "A verification e-mail was sent a moment ago. Check your inbox, or try again in a few minutes.", {
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
  await db.transaction((tx) => sendVerificationMail(tx, user));
}

/**
 * Asks to move the account to `newEmail`: a link goes to the new address, and the account
 * keeps its current one until it is opened. The same answer whether or not the new address
 * already has an account (which would tell who uses Credits); such a link then fails as "taken".
 */
export async function requestEmailChange(user: User, newEmail: string): Promise<void> {
  if (newEmail === user.email) throw new AppError("invalid_request", "That is already your e-mail address.", { param: "email" });
  const limit = await takeToken(`email-change:${user.id}`, RESEND_RULE);
  if (!limit.allowed) {
    throw new AppError("rate_limited", "A confirmation e-mail was sent a moment ago. Try again in a few minutes.", {
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
  await db.transaction((tx) => sendEmailChangeMail(tx, user, newEmail));
}
