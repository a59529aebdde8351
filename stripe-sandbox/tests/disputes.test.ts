/** Disputes as Stripe test mode has them: opened on a 0259 card's charge, decided by test evidence. */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startReceiver, startSandbox } from "./helpers";

let s: Awaited<ReturnType<typeof startSandbox>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
  s = await startSandbox({ webhookUrl: receiver.url });
});
afterAll(async () => {
  await s.sandbox.close();
  await receiver.close();
});

/** A paid charge on the 0259 card, and the dispute the sandbox opens on it. */
async function disputed(amount = 4_000) {
  const pi = await s.stripe.paymentIntents.create({ allowed_payment_method_types: ["card"], amount, currency: "usd", payment_method: "pm_card_createDispute", confirm: true });
  const dispute = await eventually(async () => {
    const list = await s.stripe.disputes.list({ payment_intent: pi.id });
    expect(list.data).toHaveLength(1);
    return list.data[0]!;
  });
  return { pi, dispute };
}

function eventsFor(disputeId: string) {
  return receiver
    .events()
    .filter((e) => e.type.startsWith("charge.dispute.") && (e.data.object as Stripe.Dispute).id === disputeId)
    .map((e) => [e.type, (e.data.object as Stripe.Dispute).status]);
}

describe("disputes", () => {
  it("opens with funds withdrawn; lists and retrieves it", async () => {
    const { pi, dispute } = await disputed();
    expect(dispute).toMatchObject({ object: "dispute", amount: 4_000, payment_intent: pi.id, status: "needs_response" });
    expect(await s.stripe.disputes.retrieve(dispute.id)).toMatchObject({ id: dispute.id });
    expect((await s.stripe.disputes.list({ charge: String(pi.latest_charge) })).data.map((d) => d.id)).toEqual([dispute.id]);
    expect((await s.stripe.disputes.list({ limit: 100 })).data.map((d) => d.id)).toContain(dispute.id);
    await s.sandbox.webhooksIdle();
    expect(eventsFor(dispute.id)).toEqual([
      ["charge.dispute.created", "needs_response"],
      ["charge.dispute.funds_withdrawn", "needs_response"],
    ]);
  });

  it("winning_evidence submitted: won, funds reinstated, closed", async () => {
    const { dispute } = await disputed();
    const updated = await s.stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: "winning_evidence" },
      submit: true,
      metadata: { case: "1" },
    });
    expect(updated).toMatchObject({ status: "won", metadata: { case: "1" }, evidence: { uncategorized_text: "winning_evidence" } });
    expect(updated.evidence_details).toMatchObject({ has_evidence: true, submission_count: 1 });
    await s.sandbox.webhooksIdle();
    expect(eventsFor(dispute.id).slice(2)).toEqual([
      ["charge.dispute.updated", "under_review"],
      ["charge.dispute.funds_reinstated", "won"],
      ["charge.dispute.closed", "won"],
    ]);
  });

  it("losing_evidence submitted: lost and closed; evidence saved without submit only updates", async () => {
    const { dispute } = await disputed();
    const saved = await s.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: "losing_evidence" }, submit: false });
    expect(saved.status).toBe("needs_response");
    const submitted = await s.stripe.disputes.update(dispute.id, { submit: true });
    expect(submitted.status).toBe("lost");
    await s.sandbox.webhooksIdle();
    expect(eventsFor(dispute.id).slice(2)).toEqual([
      ["charge.dispute.updated", "needs_response"],
      ["charge.dispute.updated", "under_review"],
      ["charge.dispute.closed", "lost"],
    ]);
  });

  it("close accepts the dispute: lost; a closed dispute refuses changes", async () => {
    const { dispute } = await disputed();
    expect(await s.stripe.disputes.close(dispute.id)).toMatchObject({ status: "lost" });
    await expect(s.stripe.disputes.close(dispute.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(s.stripe.disputes.update(dispute.id, { submit: true })).rejects.toMatchObject({ statusCode: 400 });
    await expect(s.stripe.disputes.retrieve("dp_missing")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    await s.sandbox.webhooksIdle();
    expect(eventsFor(dispute.id).slice(2)).toEqual([["charge.dispute.closed", "lost"]]);
  });
});
