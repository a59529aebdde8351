import "server-only";
import type { Executor } from "@/db/client";
import { users } from "@/db/schema";
import { db } from "@/lib/db";
import { grantWelcome } from "@/lib/payments";
import { hashPassword } from "./password";
import { sendVerificationMail } from "./verification-mail";

/**
 * What every account gets once its address is verified, whichever door proved it (the link
 * in the verification e-mail, or a GitHub or Google sign-in whose provider vouches for the
 * address): the Free plan's welcome credits, once. Keyed by the user (welcome:<userId>), so a
 * replayed link or two tabs at once grant once; pass the transaction that marks the address
 * verified, so the two commit together.
 */
export async function welcomeNewUser(userId: string, tx?: Executor): Promise<void> {
  await grantWelcome(userId, tx);
}

/**
 * Signs up with a password; null when the address already has an account. The verification
 * e-mail is queued in the same transaction; the welcome credits wait for the address to be
 * verified (lib/auth/verification.ts), so an address nobody reads earns nothing.
 */
export async function createPasswordUser(input: { email: string; name?: string; password: string }): Promise<{ id: string } | null> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name || null, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!created) return null;
    await sendVerificationMail(tx, created);
    return { id: created.id };
  });
}
