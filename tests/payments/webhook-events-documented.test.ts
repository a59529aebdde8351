/**
 * The events the README tells an operator to enable on the live webhook
 * endpoint (and to forward with the Stripe CLI) are exactly those the app
 * handles: an event left off the list is never sent by Stripe in live mode,
 * and what it should do (a won dispute giving credits back, say) silently
 * never happens.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { handledEventTypes } from "@/lib/payments";

const readme = readFileSync("README.md", "utf8");

describe("the webhook events in the README", () => {
  it("the endpoint's list is every event the app handles, and only those", () => {
    const block = /enable exactly these events[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(block!.trim().split("\n").sort()).toEqual([...handledEventTypes].sort());
  });

  it("the Stripe CLI's --events forwards the same list", () => {
    const list = /--events ([a-z_.,]+)/.exec(readme)?.[1];
    expect(list).toBeDefined();
    expect(list!.split(",").sort()).toEqual([...handledEventTypes].sort());
  });
});
