/**
 * Issue #20 item 10: the demo seed (`npm run db:seed`, lib/demo) writes what the
 * product would: every request priced by the rate card (lib/credits/pricing),
 * so the demo's request log agrees with the pricing page. Real PostgreSQL,
 * real ledger calls.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { usageRequests } from "@/db/schema";
import { priceRequest, type FeatureId, type ModelId } from "@/lib/credits/shared";
import { db } from "@/lib/db";
import { seedDemoUser } from "@/lib/demo";
import { ledgerProblems } from "./support/accounts";

describe("demo seed", () => {
  it("charges every request what the rate card says, holds included, and shows each status", async () => {
    const seeded = await seedDemoUser({ email: "demo-seed@example.com", password: "demo credits 2026" });
    expect(seeded.outcome).toBe("seeded");
    const rows = await db.select().from(usageRequests).where(eq(usageRequests.accountId, seeded.accountId));
    expect(rows.length).toBeGreaterThan(50);

    const offCard = rows
      .filter((r) => r.status === "captured")
      .map((r) => ({
        id: r.id,
        feature: r.feature,
        model: r.model,
        charged: r.credits,
        card: priceRequest({
          feature: r.feature as FeatureId,
          model: r.model as ModelId,
          inputTokens: r.inputTokens ?? undefined,
          outputTokens: r.outputTokens ?? undefined,
        }).credits,
      }))
      .filter((r) => r.charged !== r.card);
    expect(offCard).toEqual([]);
    // Pro agent requests in particular: 1 credit flat, whatever the model and size.
    expect(new Set(rows.filter((r) => r.feature === "agent_request" && r.status === "captured").map((r) => r.credits))).toEqual(new Set([1]));

    // A hold never charges more than it reserved; released and refused requests charge nothing.
    for (const r of rows.filter((r) => r.heldCredits !== null)) expect(r.credits).toBeLessThanOrEqual(r.heldCredits!);
    for (const r of rows.filter((r) => r.status !== "captured")) expect(r.credits).toBe(0);
    // The demo still shows every kind of row: charged, released and refused.
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["captured", "released", "refused"]));
    expect(await ledgerProblems()).toEqual([]);

    // Seeding again changes nothing.
    expect((await seedDemoUser({ email: "demo-seed@example.com", password: "demo credits 2026" })).outcome).toBe("exists");
    expect(await db.select().from(usageRequests).where(eq(usageRequests.accountId, seeded.accountId))).toHaveLength(rows.length);
  });
});
