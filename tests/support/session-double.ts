/**
 * The accepted test double of `@/lib/auth/session`: server actions and
 * session routes read the signed-in user from Auth.js's request cookies,
 * which do not exist when a test calls them in-process. A test file installs
 * it with
 *   vi.mock("@/lib/auth/session", () => import("./support/session-double"));
 * and says who is signed in through `session.user` (null: signed out).
 */
import { redirect } from "next/navigation";
import type { User } from "@/db/schema";
import { AppError } from "@/lib/errors";

export const session: { user: User | null } = { user: null };

export async function currentUser(): Promise<User | null> {
  return session.user;
}

export async function requireUser(): Promise<User> {
  if (!session.user) redirect("/sign-in");
  return session.user;
}

export async function requireUserForAction(): Promise<User> {
  if (!session.user) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
  return session.user;
}
