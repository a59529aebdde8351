import { describe, expect, it } from "vitest";
import {
  answerEndsAttempt,
  attemptFor,
  autoRefillPossible,
  formatUsdExact,
  parseCustomAmount,
} from "@/lib/credits/shared";

describe("the purchase panel's rules", () => {
  it("reads a custom amount: whole credits from 125 to 250,000", () => {
    expect(parseCustomAmount("1000")).toEqual({ ok: true, credits: 1000, amountCents: 4000 });
    expect(parseCustomAmount("1,000")).toMatchObject({ ok: true, credits: 1000 });
    expect(parseCustomAmount("125")).toMatchObject({ ok: true, amountCents: 500 });
    expect(parseCustomAmount("250000")).toMatchObject({ ok: true, amountCents: 1_000_000 });
    expect(parseCustomAmount("")).toMatchObject({ ok: false, reason: "empty" });
    expect(parseCustomAmount("124")).toMatchObject({ ok: false, reason: "too_small" });
    expect(parseCustomAmount("250001")).toMatchObject({ ok: false, reason: "too_large" });
    expect(parseCustomAmount("99999999999999999999")).toMatchObject({ ok: false, reason: "too_large" });
    expect(parseCustomAmount("12.5")).toMatchObject({ ok: false, reason: "not_whole" });
    expect(parseCustomAmount("-500")).toMatchObject({ ok: false, reason: "not_whole" });
    expect(parseCustomAmount("1e3")).toMatchObject({ ok: false, reason: "not_whole" });
  });

  it("shows totals with cents", () => {
    expect(formatUsdExact(4000)).toBe("$40.00");
    expect(formatUsdExact(500)).toBe("$5.00");
  });

  it("allows auto-refill only with a card saved or being saved", () => {
    expect(autoRefillPossible({ hasSavedCard: false, payWith: "new", saveCard: false })).toBe(false);
    expect(autoRefillPossible({ hasSavedCard: false, payWith: "new", saveCard: true })).toBe(true);
    expect(autoRefillPossible({ hasSavedCard: true, payWith: "new", saveCard: false })).toBe(true);
    expect(autoRefillPossible({ hasSavedCard: true, payWith: "saved", saveCard: false })).toBe(true);
  });

  it("retries an uncertain purchase under its attempt id, and only that purchase", () => {
    let n = 0;
    const newId = () => `id${++n}`;
    const first = attemptFor(null, "package|0|pm_a", newId);
    expect(first.id).toBe("id1");
    // A double click or a retry of the same purchase: the same attempt, so one charge.
    expect(attemptFor(first, "package|0|pm_a", newId)).toBe(first);
    // Another package or another card is another purchase.
    expect(attemptFor(first, "package|1|pm_a", newId).id).toBe("id2");
    expect(attemptFor(first, "package|0|pm_b", newId).id).toBe("id3");

    // The charge may have gone through: keep the attempt for the retry.
    expect(answerEndsAttempt({ status: "error", code: "service_unavailable" })).toBe(false);
    expect(answerEndsAttempt({ status: "error", code: "internal_error" })).toBe(false);
    // Answers that say how it ended free it: bought, declined (a field error on the card, no code), refused.
    expect(answerEndsAttempt({ status: "ok" })).toBe(true);
    expect(answerEndsAttempt({ status: "error" })).toBe(true);
    expect(answerEndsAttempt({ status: "error", code: "invalid_request" })).toBe(true);
    expect(answerEndsAttempt({ status: "error", code: "idempotency_conflict" })).toBe(true);
  });
});
