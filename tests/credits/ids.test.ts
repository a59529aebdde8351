/**
 * Public ids (requests, holds): a prefix and 16 random bytes, drawn from a
 * pool that lib/credits refills 256 ids at a time (issue 22). No id may repeat,
 * also across refills of the pool.
 */
import { describe, expect, it } from "vitest";
import { debit, grantCredits } from "@/lib/credits";
import { createUser } from "../support/accounts";

describe("request ids", () => {
  it("are a prefix and 22 base64url characters, all different across several refills of the pool", async () => {
    const { accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 1000 });
    const results = await Promise.all(
      Array.from({ length: 700 }, () => debit({ accountId, credits: 1, feature: "agent_request", model: "claude-sonnet-4.5" })),
    );
    const ids = results.map((r) => (r.outcome === "created" ? r.body.requestId : r.outcome));
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
