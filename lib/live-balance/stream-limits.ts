import "server-only";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";

/**
 * Bounds of the live-balance streams in this process (DESIGN.md §5): each holds a socket, a
 * heartbeat timer and a subscription. A user keeps at most PER_USER open — a new one closes
 * their oldest, which is told why (`evicted`) so its tab waits to be looked at again instead
 * of reconnecting and evicting the next one, round and round. The process holds at most
 * LIVE_BALANCE_MAX_STREAMS in all; a stream beyond that is refused with a 503, which the
 * browser retries later (a user at their own limit still replaces their oldest: no growth).
 *
 * Per process: a user's tabs spread over several instances may hold PER_USER on each.
 */
export const STREAMS_PER_USER = 10;

/** Seconds a refused browser waits before trying again. */
const RETRY_AFTER_SECONDS = 15;

interface Registry {
  /** By account, oldest first: each entry closes its stream with an `evicted` event. */
  byAccount: Map<number, (() => void)[]>;
  total: number;
}

// On globalThis, like the subscriptions (lib/live-balance/index.ts), so hot reloads share one count.
const globalForLimits = globalThis as unknown as { creditsStreamLimits?: Registry };
const registry = (globalForLimits.creditsStreamLimits ??= { byAccount: new Map(), total: 0 });

/**
 * Takes a place for a new stream of `accountId`, evicting the account's oldest when it has
 * PER_USER already; throws a 503 AppError when the process is full. Synchronous, so that
 * concurrent requests cannot both pass the check. Returns the release function.
 */
export function claimStreamSlot(accountId: number, evict: () => void): () => void {
  const mine = registry.byAccount.get(accountId) ?? [];
  if (mine.length >= STREAMS_PER_USER) {
    // Its release (below) runs inside evict and frees the place this stream takes.
    mine[0]?.();
  } else if (registry.total >= env.LIVE_BALANCE_MAX_STREAMS) {
    throw new AppError("service_unavailable", "This server has too many live balance connections open; it will try again shortly.", {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
  }
  const list = registry.byAccount.get(accountId) ?? [];
  registry.byAccount.set(accountId, list);
  list.push(evict);
  registry.total += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const index = list.indexOf(evict);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0 && registry.byAccount.get(accountId) === list) registry.byAccount.delete(accountId);
    registry.total -= 1;
  };
}
