import { handle, json } from "@/lib/api/respond";
import { handleEvent, verifyEvent } from "@/lib/payments/webhooks";

export const dynamic = "force-dynamic";

/** Stripe's signed events: verified over the raw body, each handled exactly once. */
export function POST(request: Request) {
  return handle(async () => {
    const event = verifyEvent(await request.text(), request.headers.get("stripe-signature"));
    const outcome = await handleEvent(event);
    return json({ received: true, outcome });
  });
}
