import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { stripeCustomers } from "@/db/schema";
import { recordCard } from "../cards/cards";
import { stripe } from "../stripe";

/** Mirrors a card that Stripe says is attached to one of our customers. */
export async function recordStripeCard(paymentMethodId: string) {
  // The event may be older than the card's current state: read the card as it is now.
  const pm = await stripe().paymentMethods.retrieve(paymentMethodId);
  const customerId = typeof pm.customer === "string" ? pm.customer : pm.customer?.id;
  if (!customerId) return;
  const [owner] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.customerId, customerId));
  if (owner) await recordCard(owner.userId, pm);
}
