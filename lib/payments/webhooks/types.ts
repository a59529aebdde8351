import type Stripe from "stripe";
import type { db } from "@/lib/db";

export type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/** One file per event type; runs inside the transaction that records the event. */
export type WebhookHandler = (event: Stripe.Event, tx: Tx) => Promise<void>;
