import "server-only";
import { z } from "zod";
import { sqlClient } from "@/lib/db";
import { getBalance } from "@/lib/credits";
import { log } from "@/lib/log";

/**
 * Live balance (DESIGN.md §2): the ledger NOTIFYs `credit_balance` when a
 * transaction that changed a watched account's balance or held credits
 * commits. Each server process keeps one LISTEN connection (opened by the
 * first subscriber, never closed) and fans the notifications out in memory to
 * the subscribers of that account, so every open tab on every instance hears
 * it. An account is watched while some process has subscribers for it: the
 * process holds a lease on it in `balance_watches` and renews it (migration
 * 0012 says why the ledger does not NOTIFY everything).
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

interface Subscriber {
  listener: BalanceListener;
  /** Called when the account's watch could not be (re)opened: its changes may go unheard. */
  onLost?: () => void;
}

interface State {
  subscribers: Map<number, Set<Subscriber>>;
  /** Resolves once LISTEN is in place; null until the first subscriber. */
  listening: Promise<void> | null;
  /** How many times LISTEN has been (re)established. */
  listens: number;
  /** Watches being opened, by account (resolving to whether it opened): a subscriber's first read waits for its watch. */
  opening: Map<number, Promise<boolean>>;
  /** Accounts with subscribers whose watch is open; their leases are renewed. */
  watched: Set<number>;
  /** Renews the leases of the watched accounts every RENEW_EVERY_MS, from the first subscriber on. */
  renewal: ReturnType<typeof setInterval> | null;
  /** A renewal under way (the next one waits its turn rather than overlapping it). */
  renewing: Promise<void> | null;
  /** When the leases were last renewed (Date.now()). */
  renewedAt: number;
}

// Kept on globalThis so that hot reloads in development share one LISTEN connection.
const globalForLive = globalThis as unknown as { creditsLiveBalance?: State };
const state = (globalForLive.creditsLiveBalance ??= {
  subscribers: new Map(),
  listening: null,
  listens: 0,
  opening: new Map(),
  watched: new Set(),
  renewal: null,
  renewing: null,
  renewedAt: Date.now(),
});

/** A lease outlives a few missed renewals, and ends by itself when a server dies. */
const LEASE_MS = 120_000;
const LEASE = `${LEASE_MS} milliseconds`;
const RENEW_EVERY_MS = 30_000;

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
  const subscribers = state.subscribers.get(event.accountId);
  if (!subscribers) return;
  // A copy: a listener may unsubscribe while we iterate.
  for (const { listener } of [...subscribers]) {
    try {
      listener(event);
    } catch (error) {
      log.error({ err: error }, "live balance listener failed");
    }
  }
}

function onNotify(payload: string) {
  const event = parseBalanceEvent(payload);
  if (event) publish(event);
}

/**
 * Starts watching accounts, in one transaction. The share locks (taken in id
 * order) wait for the accounts' transactions in flight (they could not see
 * the watch, so they will not NOTIFY) and hold off new ones until the watch
 * commits (they will), so a balance read after this sees or hears every change.
 */
function openWatches(accountIds: number[]): Promise<boolean> {
  const ids = [...accountIds].sort((a, b) => a - b);
  const opening = sqlClient
    .begin(async (sql) => {
      await sql`select 1 from credit_accounts where id = any(${ids}::bigint[]) order by id for share`;
      await sql`
        insert into balance_watches (account_id, watched_until)
        select id, now() + ${LEASE}::interval from unnest(${ids}::bigint[]) as id
        on conflict (account_id) do update set watched_until = excluded.watched_until`;
    })
    .then(
      () => {
        for (const id of ids) if (state.subscribers.has(id)) state.watched.add(id);
        return true;
      },
      (error: unknown) => {
        // Not remembered as watched: their streams close, and the reconnects open the watches again.
        log.error({ err: error, accountIds: ids }, "live balance: could not watch accounts");
        for (const id of ids) state.watched.delete(id);
        return false;
      },
    )
    .finally(() => {
      for (const id of ids) if (state.opening.get(id) === opening) state.opening.delete(id);
    });
  for (const id of ids) state.opening.set(id, opening);
  return opening;
}

/** The account's changes may go unheard: its subscribers are told (a stream closes, and the browser reconnects). */
function lose(accountId: number) {
  for (const { onLost } of [...(state.subscribers.get(accountId) ?? [])]) onLost?.();
}

/**
 * Renews the leases of every account this process watches, in one statement,
 * in id order (so that two servers renewing the same accounts cannot deadlock).
 * A lease that ran out meanwhile let changes commit unheard, so those accounts
 * are watched afresh and re-read: the ones whose lease the statement finds
 * lapsed, and all of them when renewals failed for about a lease's length (in
 * an outage of the pool; another server may have renewed a lease in between).
 * Called every RENEW_EVERY_MS; exported for tests.
 */
export function renewWatches(): Promise<void> {
  state.renewing ??= renewOnce().finally(() => (state.renewing = null));
  return state.renewing;
}

async function renewOnce() {
  const accountIds = [...state.watched].sort((a, b) => a - b);
  if (accountIds.length === 0) return;
  let lapsed: number[];
  try {
    // The CTE reads the leases as they were before the upsert renews them.
    const rows = await sqlClient<{ id: string }[]>`
      with ids as (select unnest(${accountIds}::bigint[]) as id),
      lapsed as (
        select ids.id from ids left join balance_watches w on w.account_id = ids.id
        where w.account_id is null or w.watched_until <= now()
      ),
      renewed as (
        insert into balance_watches (account_id, watched_until)
        select id, now() + ${LEASE}::interval from ids
        on conflict (account_id) do update set watched_until = excluded.watched_until
      )
      select id from lapsed`;
    lapsed = rows.map((row) => Number(row.id));
  } catch (error) {
    log.error({ err: error }, "live balance: could not renew the watches");
    return;
  }
  // A few seconds short of the lease: the database's clock and ours may differ a little.
  const overdue = Date.now() - state.renewedAt > LEASE_MS - 5_000;
  state.renewedAt = Date.now();
  if (overdue) await resync(accountIds);
  else if (lapsed.length > 0) await resync(lapsed);
}

/** Re-reads after a reconnect are retried: right after an outage the first queries may still fail. */
const RESYNC_ATTEMPTS = 5;
const RESYNC_RETRY_MS = 500;

/**
 * Changes that committed unheard (NOTIFYs sent while the LISTEN connection
 * was down are gone; a lapsed lease sent none) are caught up with: the
 * accounts' watches are opened afresh (with their locks, like a first
 * subscriber's), then their balances read and published. By default every
 * subscribed account; those that still fail after the retries are lost.
 */
async function resync(accountIds: number[] = [...state.subscribers.keys()]) {
  let pending = accountIds;
  for (let attempt = 1; ; attempt++) {
    pending = pending.filter((id) => state.subscribers.has(id));
    if (pending.length === 0) return;
    const failed: number[] = [];
    if (await openWatches(pending)) {
      await Promise.all(
        pending.map(async (accountId) => {
          try {
            const { balance, available, held } = await getBalance(accountId);
            publish({ accountId, balance, available, held });
          } catch {
            failed.push(accountId);
          }
        }),
      );
    } else {
      failed.push(...pending);
    }
    pending = failed;
    if (pending.length === 0) return;
    if (attempt >= RESYNC_ATTEMPTS) {
      log.error({ accountIds: pending }, "live balance: could not re-read accounts");
      for (const id of pending) lose(id);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, RESYNC_RETRY_MS * attempt));
  }
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
        log.error({ err: error }, "live balance: LISTEN failed; retrying when the database is back");
      });
  });
}

/**
 * Resolves once LISTEN is in place and the watch of `accountId` (of every
 * account subscribed so far, without one) is open, at most `timeoutMs` later,
 * ready or not: read the balance after this, and no change can fall between
 * the read and the events. Rejects when the account's watch could not open.
 */
export function whenListening(timeoutMs = 5000, accountId?: number): Promise<void> {
  const watches = accountId === undefined ? [...state.opening.values()] : [state.opening.get(accountId) ?? true];
  const ready = Promise.all([(state.listening ??= startListening()), ...watches]).then(([, ...opened]) => {
    if (opened.includes(false)) throw new Error("live balance: the account's watch could not be opened");
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return Promise.race([ready, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Calls `listener` with every balance change of `accountId`, and `onLost`
 * if the account's watch cannot be opened (changes may then go unheard: a
 * stream closes, so that the browser reconnects); returns the unsubscribe function.
 */
export function subscribe(accountId: number, listener: BalanceListener, onLost?: () => void): () => void {
  state.listening ??= startListening();
  let subscribers = state.subscribers.get(accountId);
  if (!subscribers) state.subscribers.set(accountId, (subscribers = new Set<Subscriber>()));
  const subscriber: Subscriber = { listener, onLost };
  subscribers.add(subscriber);
  if (!state.watched.has(accountId) && !state.opening.has(accountId)) {
    void openWatches([accountId]).then((opened) => opened || lose(accountId));
  }
  if (!state.renewal) {
    state.renewal = setInterval(() => void renewWatches(), RENEW_EVERY_MS);
    state.renewal.unref();
  }
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    const current = state.subscribers.get(accountId);
    if (!current) return;
    current.delete(subscriber);
    // The lease is left to run out: another tab may open in a moment, and a few
    // NOTIFYs nobody hears cost less than a write per tab closed.
    // Once nobody here follows it, the next subscriber opens the watch afresh (with its lock).
    if (current.size === 0) {
      state.subscribers.delete(accountId);
      state.watched.delete(accountId);
    }
  };
}

/** Open subscriptions in this process (for tests and diagnostics). */
export function subscriberCount(accountId?: number): number {
  if (accountId !== undefined) return state.subscribers.get(accountId)?.size ?? 0;
  let total = 0;
  for (const listeners of state.subscribers.values()) total += listeners.size;
  return total;
}
