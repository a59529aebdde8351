import "server-only";
import type { Answered, KeyLimitReached, Refused } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import { json } from "./respond";

/** The HTTP answer to an idempotent ledger write (DESIGN.md §5). */
export function answer<Body>(result: Answered<Body> | Refused): Response {
  switch (result.outcome) {
    case "created":
      return json(result.body, result.status);
    case "replay":
      return json(result.body, result.status, { "Idempotent-Replayed": "true" });
    case "idempotency_conflict":
      throw new AppError(
        "idempotency_conflict",
        "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
      );
    case "insufficient_credits":
      throw new AppError(
        "insufficient_credits",
        `Not enough credits: this request needs ${result.credits} and ${result.available} are available. Buy more credits or turn on auto-refill.`,
      );
    case "key_limit_reached":
      throw new AppError("key_limit_reached", keyLimitMessage(result));
  }
}

/** Says that the key's own limit is spent, by how much, and when it resets (in the user's zone). */
export function keyLimitMessage(result: KeyLimitReached): string {
  const resets = new Intl.DateTimeFormat("en-US", {
    timeZone: result.timeZone,
    dateStyle: "long",
    timeStyle: "short",
    hourCycle: "h23",
  }).format(new Date(result.resetsAt));
  const n = (value: number) => value.toLocaleString("en-US");
  return (
    `This API key's monthly limit is spent: ${n(result.used)} of its ${n(result.limit)} credits are used this month ` +
    `and this request needs ${n(result.credits)}. The limit resets on ${resets} (${result.timeZone}). ` +
    `Raise or clear it in Settings › API keys, or use another key.`
  );
}
