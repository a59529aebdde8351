/**
 * Test clocks, as Stripe's: a customer created with `test_clock` lives in
 * that clock's time, and advancing the clock runs every renewal (and
 * cancellation at period end) of its customers' subscriptions up to then.
 *   POST /v1/test_helpers/test_clocks                 frozen_time, name
 *   GET  /v1/test_helpers/test_clocks/:id
 *   POST /v1/test_helpers/test_clocks/:id/advance     frozen_time
 *   DELETE /v1/test_helpers/test_clocks/:id
 */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { invalidParam, resourceMissing } from "../errors";
import { newId } from "../ids";
import { listObjects } from "../list";
import { renewDue } from "./subscriptions";

function getClock(ctx: SandboxContext, id: string): Stripe.TestHelpers.TestClock {
  const clock = ctx.state.data.testClocks[id];
  if (!clock) throw resourceMissing("test_clock", id);
  return clock;
}

export const testClockRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/test_helpers/test_clocks",
    handler: (ctx, { params }) => {
      const frozenTime = params.int("frozen_time", { min: 0 });
      const name = params.string("name", { max: 300 });
      params.done();
      if (frozenTime === undefined) throw invalidParam("Missing required param: frozen_time.", "frozen_time", "parameter_missing");
      const clock = {
        id: newId("clock"),
        object: "test_helpers.test_clock",
        created: ctx.now(),
        deletes_after: ctx.now() + 30 * 86_400,
        frozen_time: frozenTime,
        livemode: false,
        name: name ?? null,
        status: "ready",
        status_details: {},
      } satisfies Stripe.TestHelpers.TestClock;
      ctx.state.data.testClocks[clock.id] = clock;
      ctx.emit("test_helpers.test_clock.created", clock);
      return clock;
    },
  },
  {
    method: "GET",
    path: "/v1/test_helpers/test_clocks/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      return getClock(ctx, path.id ?? "");
    },
  },
  {
    method: "GET",
    path: "/v1/test_helpers/test_clocks",
    handler: (ctx, { params }) => {
      const list = listObjects({ url: "/v1/test_helpers/test_clocks", items: Object.values(ctx.state.data.testClocks), params });
      params.done();
      return list;
    },
  },
  {
    method: "POST",
    path: "/v1/test_helpers/test_clocks/:id/advance",
    handler: (ctx, { params, path }) => {
      const clock = getClock(ctx, path.id ?? "");
      const frozenTime = params.int("frozen_time", { min: 0 });
      params.done();
      if (frozenTime === undefined) throw invalidParam("Missing required param: frozen_time.", "frozen_time", "parameter_missing");
      if (frozenTime < clock.frozen_time) {
        throw invalidParam("The test clock cannot be moved backwards in time.", "frozen_time");
      }
      // Stripe advances asynchronously (status "advancing"); here the work is done when the call returns.
      clock.frozen_time = frozenTime;
      renewDue(ctx, clock.id, frozenTime);
      clock.status = "ready";
      ctx.emit("test_helpers.test_clock.ready", clock);
      return clock;
    },
  },
  {
    method: "DELETE",
    path: "/v1/test_helpers/test_clocks/:id",
    handler: (ctx, { params, path }) => {
      const clock = getClock(ctx, path.id ?? "");
      params.done();
      delete ctx.state.data.testClocks[clock.id];
      return { id: clock.id, object: "test_helpers.test_clock", deleted: true };
    },
  },
];
