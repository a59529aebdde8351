import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { users, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { annotateLog } from "@/lib/log";
import { auth } from "./index";

/**
 * The user a session names, if that account still exists: a deleted account's
 * sessions (JWTs that are still validly signed) are refused here, on every
 * request, which is how deleting an account signs it out everywhere.
 */
export async function activeUser(id: string): Promise<User | null> {
  const [user] = await db.select().from(users).where(and(eq(users.id, id), isNull(users.deletedAt))).limit(1);
  return user ?? null;
}

/**
 * The signed-in user, read once per request; null when signed out, deleted, or when the
 * session was ended ("Sign out of all devices", a password change or reset raised the user's
 * session version past the token's). The version is checked on the user row this reads
 * anyway, so it costs no query; while the database is down this read fails as it always did
 * (the outage pages), and no session is ended for it.
 */
export const currentUser = cache(async (): Promise<User | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await activeUser(id);
  const tokenVersion = (session as { sessionVersion?: number }).sessionVersion ?? 0;
  if (user && user.sessionVersion !== tokenVersion) return null;
  // Log lines of this request name the user from here on (never the session token).
  if (user) annotateLog({ userId: user.id });
  return user ?? null;
});

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<User> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** For actions and route handlers: the signed-in user, or an `unauthenticated` error. */
export async function requireUserForAction(): Promise<User> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
  return user;
}
