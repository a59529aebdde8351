import "server-only";
import type { SettleResult } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import { json } from "./respond";

const HOLD_ID = /^hold_[A-Za-z0-9_-]{10,40}$/;

export function holdNotFound() {
  return new AppError("not_found", "No such hold.");
}

/** Hold ids from the URL: anything not shaped like one cannot exist. */
export function holdId(id: string): string {
  if (!HOLD_ID.test(id)) throw holdNotFound();
  return id;
}

/** The HTTP answer to a capture or release (DESIGN.md §5). */
export function settled(result: SettleResult): Response {
  switch (result.outcome) {
    case "settled":
    case "replay":
      return json(
        { requestId: result.requestId, holdId: result.holdId, status: result.status, credits: result.credits, balance: result.balance },
        200,
        result.outcome === "replay" ? { "Idempotent-Replayed": "true" } : {},
      );
    case "not_found":
      throw holdNotFound();
    case "hold_not_pending":
      throw new AppError("hold_not_pending", `This hold is already ${result.status}.`);
    case "hold_exceeded":
      throw new AppError("hold_exceeded", `credits must be at most the ${result.held} held.`, { param: "credits" });
  }
}
