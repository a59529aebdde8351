import "server-only";
import { db } from "@/lib/db";
import { users } from "@/db/schema";
import { grantWelcome } from "@/lib/payments";
import { hashPassword } from "./password";

/**
 * What every new account gets, whichever door made it (the sign-up form, or
 * a first GitHub or Google sign-in through Auth.js's createUser event): the
 * Free plan's welcome credits, once.
 */
export async function welcomeNewUser(userId: string): Promise<void> {
  await grantWelcome(userId);
}

/** Signs up with a password; null when the address already has an account. */
export async function createPasswordUser(input: { email: string; name?: string; password: string }): Promise<{ id: string } | null> {
  const [created] = await db
    .insert(users)
    .values({ email: input.email, name: input.name || null, passwordHash: await hashPassword(input.password) })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (created) await welcomeNewUser(created.id);
  return created ?? null;
}
