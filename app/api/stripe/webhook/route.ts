import { handle, json } from "@/lib/api/respond";
import { annotateLog, log } from "@/lib/log";
import { handleEvent, verifyEvent } from "@/lib/payments";

export const dynamic = "force-dynamic";

/** Stripe's signed events: verified over the raw body, each handled exactly once. */
export function POST(request: Request) {
  return handle(request, async () => {
    const event = verifyEvent(await request.text(), request.headers.get("stripe-signature"));
    // Every line about this delivery (a handler's error too) names the event.
    annotateLog({ stripeEventId: event.id, stripeEventType: event.type });
    const outcome = await handleEvent(event);
    log.info({ outcome }, "stripe event");
    return json({ received: true, outcome });
  });
}
