import "server-only";
import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { users, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { annotateLog } from "@/lib/log";
import { auth } from "./index";

/** The signed-in user, read once per request; null when signed out or deleted. */
export const currentUser = cache(async (): Promise<User | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
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
