import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { stripeCustomers, type User } from "@/db/schema";
import { stripe } from "./stripe";

/**
 * The user's Stripe customer, created on first need. The idempotency key is
 * the user's id, so two concurrent first purchases create one customer.
 */
export async function ensureCustomer(user: Pick<User, "id" | "email" | "name">) {
  const [existing] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, user.id));
  if (existing) return existing;
  const customer = await stripe().customers.create(
    { email: user.email, name: user.name ?? undefined, metadata: { userId: user.id } },
    { idempotencyKey: `customer-${user.id}` },
  );
  await db.insert(stripeCustomers).values({ userId: user.id, customerId: customer.id }).onConflictDoNothing();
  const [row] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, user.id));
  return row!;
}

export async function customerOf(userId: string) {
  const [row] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, userId));
  return row ?? null;
}
