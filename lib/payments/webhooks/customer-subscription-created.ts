import type Stripe from "stripe";
import { syncSubscriptionEvent } from "../subscriptions/subscriptions";
import type { WebhookHandler } from "./types";

/** Mirrors the subscription's status, period and cancellation into `subscriptions`. */
export const customerSubscriptionCreated: WebhookHandler = async (event, tx) => {
  await syncSubscriptionEvent(event.data.object as Stripe.Subscription, tx);
};
