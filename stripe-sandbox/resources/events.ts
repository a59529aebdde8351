/** Events: built on every state change, listed and retrieved like Stripe's. */
import type Stripe from "stripe";
import type { Route } from "../context";
import { resourceMissing } from "../errors";
import { newId } from "../ids";
import { listObjects } from "../list";

/** The API version events are rendered in: the one the pinned stripe SDK speaks. */
export const SANDBOX_API_VERSION = "2026-10-28.endive";

export function buildEvent(input: {
  type: Stripe.Event.Type;
  object: object;
  previousAttributes?: object;
  created: number;
  pendingWebhooks: number;
  request: { id: string | null; idempotency_key: string | null };
}): Stripe.EventBase {
  return {
    id: newId("evt"),
    object: "event",
    api_version: SANDBOX_API_VERSION,
    created: input.created,
    // A snapshot: later changes to the object must not rewrite history.
    data: {
      object: structuredClone(input.object),
      ...(input.previousAttributes ? { previous_attributes: structuredClone(input.previousAttributes) } : {}),
    },
    livemode: false,
    pending_webhooks: input.pendingWebhooks,
    request: input.request,
    type: input.type,
  } satisfies Stripe.EventBase;
}

export const eventRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/events",
    handler: (ctx, { params }) => {
      const type = params.string("type");
      const types = params.strings("types");
      params.ignore("delivery_success");
      const matches = (t: string) => {
        const accepted = types ?? (type ? [type] : undefined);
        if (!accepted) return true;
        // Stripe accepts `*` wildcards: `payment_intent.*`.
        return accepted.some((a) => (a.endsWith("*") ? t.startsWith(a.slice(0, -1)) : t === a));
      };
      const list = listObjects({
        url: "/v1/events",
        items: Object.values(ctx.state.data.events),
        params,
        filter: (e) => matches(e.type),
      });
      params.done();
      return list;
    },
  },
  {
    method: "GET",
    path: "/v1/events/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      const event = ctx.state.data.events[path.id ?? ""];
      if (!event) throw resourceMissing("event", path.id ?? "");
      return event;
    },
  },
];
