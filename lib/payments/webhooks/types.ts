import type Stripe from "stripe";
import type { Transaction } from "@/db/client";

/** One file per event type; runs inside the transaction that records the event. */
export type WebhookHandler = (event: Stripe.Event, tx: Transaction) => Promise<void>;

/** A card event's mirror of Stripe's state: runs outside any transaction (see webhooks/index.ts). */
export type MirrorHandler = (event: Stripe.Event) => Promise<void>;
