import "server-only";
import type { Answered, Refused } from "@/lib/credits";
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
  }
}
