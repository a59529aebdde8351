import "server-only";
import { z } from "zod";
import { sqlClient } from "@/db";
import { getBalance } from "@/lib/credits";

/**
 * Live balance (DESIGN.md §2): the ledger NOTIFYs `credit_balance` when a
 * transaction that changed an account's balance or held credits commits.
 * Each server process keeps one LISTEN connection (opened by the first
 * subscriber, never closed) and fans the notifications out in memory to the
 * subscribers of that account, so every open tab on every instance hears it.
 */
export const CHANNEL = "credit_balance";

const balanceEventSchema = z.object({
  accountId: z.number().int().positive(),
  balance: z.number().int(),
  available: z.number().int(),
  held: z.number().int(),
});

export type BalanceEvent = z.infer<typeof balanceEventSchema>;
export type BalanceListener = (event: BalanceEvent) => void;

interface State {
  subscribers: Map<number, Set<BalanceListener>>;
  /** Resolves once LISTEN is in place; null until the first subscriber. */
  listening: Promise<void> | null;
  /** How many times LISTEN has been (re)established. */
  listens: number;
}

// Kept on globalThis so that hot reloads in development share one LISTEN connection.
const globalForLive = globalThis as unknown as { creditsLiveBalance?: State };
const state = (globalForLive.creditsLiveBalance ??= { subscribers: new Map(), listening: null, listens: 0 });

/** Parses a notification payload; null for anything that is not the contract. */
export function parseBalanceEvent(payload: string): BalanceEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = balanceEventSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function publish(event: BalanceEvent) {
  const listeners = state.subscribers.get(event.accountId);
  if (!listeners) return;
  // A copy: a listener may unsubscribe while we iterate.
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      console.error("live balance listener failed", error);
    }
  }
}

function onNotify(payload: string) {
  const event = parseBalanceEvent(payload);
  if (event) publish(event);
}

/**
 * NOTIFYs sent while the LISTEN connection was down are gone, so after a
 * reconnect every account with subscribers gets its balance read afresh.
 */
async function resync() {
  await Promise.all(
    [...state.subscribers.keys()].map(async (accountId) => {
      try {
        const { balance, available, held } = await getBalance(accountId);
        publish({ accountId, balance, available, held });
      } catch (error) {
        console.error(`live balance: could not re-read account ${accountId}`, error);
      }
    }),
  );
}

function startListening(): Promise<void> {
  return new Promise<void>((resolve) => {
    // postgres.js keeps a dedicated connection for LISTEN, reconnects by itself
    // and calls onListen again after each reconnect.
    sqlClient
      .listen(CHANNEL, onNotify, () => {
        state.listens += 1;
        if (state.listens > 1) void resync();
        resolve();
      })
      .catch((error: unknown) => {
        // postgres.js retries when the connection comes back (onListen fires then).
        console.error("live balance: LISTEN failed; retrying when the database is back", error);
      });
  });
}

/** Resolves once LISTEN is in place (at most `timeoutMs` later, listening or not). */
export function whenListening(timeoutMs = 5000): Promise<void> {
  const listening = (state.listening ??= startListening());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return Promise.race([listening, timeout]).finally(() => clearTimeout(timer));
}

/** Calls `listener` with every balance change of `accountId`; returns the unsubscribe function. */
export function subscribe(accountId: number, listener: BalanceListener): () => void {
  state.listening ??= startListening();
  let listeners = state.subscribers.get(accountId);
  if (!listeners) state.subscribers.set(accountId, (listeners = new Set<BalanceListener>()));
  listeners.add(listener);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    const current = state.subscribers.get(accountId);
    if (!current) return;
    current.delete(listener);
    if (current.size === 0) state.subscribers.delete(accountId);
  };
}

/** Open subscriptions in this process (for tests and diagnostics). */
export function subscriberCount(accountId?: number): number {
  if (accountId !== undefined) return state.subscribers.get(accountId)?.size ?? 0;
  let total = 0;
  for (const listeners of state.subscribers.values()) total += listeners.size;
  return total;
}
