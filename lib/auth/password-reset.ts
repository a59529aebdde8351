import "server-only";
import { eq, sql } from "drizzle-orm";
import { users, type User } from "@/db/schema";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appUrl, mailLayout, queueMail } from "@/lib/mail";
import { takeToken } from "@/lib/rate-limit";
import { hashPassword, verifyPassword } from "./password";
import { consumeAuthToken, issueAuthToken } from "./tokens";

// Per address: a few requests, then one every five minutes, so nobody's inbox is flooded.
const RESET_PER_EMAIL = { capacity: 3, refillPerSecond: 1 / 300 };

/**
 * "Forgot password?": queues a single-use reset link (valid one hour) when the address has an
 * account. The caller answers the same either way, and the work done is the same — a rate
 * limit step, a lookup, a bcrypt hash (of the token's link in place of a password) — so
 * the time taken does not tell either.
 */
export async function requestPasswordReset(email: string): Promise<void> {
  const limit = await takeToken(`reset:email:${email}`, RESET_PER_EMAIL);
  // Over the limit: nothing is sent, and the answer is still the same.
  if (!limit.allowed) return;
  const [user] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email)).limit(1);
  // Similar timing either way: the bcrypt of a sign-in's failure, which dominates the work.
  await verifyPassword(email, null);
  if (!user) return;
  await db.transaction(async (tx) => {
    const token = await issueAuthToken(tx, { userId: user.id, purpose: "reset_password", email: user.email });
    const link = appUrl(`/reset-password?token=${token}`);
    await queueMail(tx, {
      to: user.email,
      category: "security",
      subject: "Reset your Credits password",
      text: `Hi,

Someone (we hope you) asked to reset the password of the Credits account for this address. Open this link to choose a new one (it works once, for one hour):

${link}

Setting a new password signs you out on every other device. If you did not ask for this, ignore this message: your password stays as it is.`,
      html: mailLayout({
        paragraphs: [
          "Hi,",
          "Someone (we hope you) asked to reset the password of the Credits account for this address. The link works once, for one hour.",
          "Setting a new password signs you out on every other device. If you did not ask for this, ignore this message: your password stays as it is.",
        ],
        action: { label: "Choose a new password", href: link },
      }),
    });
  });
}

/**
 * Sets a new password from a reset link, once: the token is used in the same transaction, and
 * the session version goes up, so every session signed in before ends. Returns the account's address (to sign in with), or null for a link that
 * is used, expired or unknown.
 */
export async function resetPassword(token: string, password: string): Promise<{ email: string } | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const used = await consumeAuthToken(tx, token, "reset_password");
    if (!used) return null;
    const [user] = await tx
      .update(users)
      .set({
        passwordHash,
        sessionVersion: sql`${users.sessionVersion} + 1`,
      })
      .where(eq(users.id, used.userId))
      .returning({ email: users.email });
    return user ?? null;
  });
}

/**
 * Settings › Account asks for the current password before changing the password or the
 * address. A token is taken before the check, so parallel guesses with a stolen session get
 * five tries, then one a minute.
 */
export async function confirmCurrentPassword(user: User, current: string): Promise<void> {
  const limit = await takeToken(`password-check:${user.id}`, { capacity: 5, refillPerSecond: 1 / 60 });
  if (!limit.allowed) {
    throw new AppError("rate_limited", "Too many attempts. Wait a minute, then try again.", { retryAfterSeconds: limit.retryAfterSeconds });
  }
  if (!(await verifyPassword(current, user.passwordHash))) {
    throw new AppError("invalid_request", "Your current password is not right.", { param: "currentPassword" });
  }
}

/** Change password: every other session ends (the version goes up; the caller signs this browser in again). */
export async function changePassword(user: User, current: string, next: string): Promise<void> {
  await confirmCurrentPassword(user, current);
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(next), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, user.id));
}

/** "Sign out of all devices": every session of this user, this one included, ends on its next request. */
export async function endAllSessions(userId: string): Promise<void> {
  await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
}
