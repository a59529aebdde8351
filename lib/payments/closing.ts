import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/lib/db";
import { autoRefillSettings, refills } from "@/db/schema";
import { accountIdForUser, setRefillThreshold } from "@/lib/credits";
import { listCards, removeCard } from "./cards/cards";
import { customerOf } from "./customers";
import { storeSubscription, currentPlan } from "./subscriptions/subscriptions";
import { stripe } from "./stripe";

/**
 * Everything that could charge a closing account, stopped at Stripe and here:
 * Pro is canceled now (not at the period's end), auto-refill is off with no
 * refill left queued, and every saved card is detached through the one
 * removal function the "Remove" button and the webhook use. Last, the Stripe
 * customer forgets the person's name and e-mail: the customer itself stays,
 * because its payments, refunds and disputes are Stripe's records. Safe to
 * run again after a failure part-way: each step skips what is already done.
 */
export async function closePayments(userId: string): Promise<void> {
  const accountId = await accountIdForUser(userId);
  await db.transaction(async (tx) => {
    await tx.update(autoRefillSettings).set({ enabled: false, updatedAt: new Date() }).where(eq(autoRefillSettings.accountId, accountId));
    await setRefillThreshold(accountId, null, tx);
    await tx
      .update(refills)
      .set({ status: "canceled", updatedAt: new Date() })
      .where(and(eq(refills.accountId, accountId), inArray(refills.status, ["queued"])));
  });

  const { subscription } = await currentPlan(userId);
  if (subscription) await storeSubscription(await stripe().subscriptions.cancel(subscription.id), userId);

  for (const card of await listCards(userId)) await removeCard(userId, card.id);

  const customer = await customerOf(userId);
  // Stripe clears a field set to an empty string.
  if (customer) await stripe().customers.update(customer.customerId, { email: "", name: "" });
}
