import "server-only";
import { sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { db } from "@/lib/db";
import { now } from "./clock";

/**
 * Group commit for the ledger's hot calls (issue 22): debits, holds, and the
 * captures and releases of holds. A call's cost was mostly its own
 * transaction: a round trip, a commit that waits for the WAL flush, and the
 * hot account's row lock held across both. Calls of one kind that arrive in
 * the same turn of this process's event loop go to PostgreSQL together, as
 * one call of a batch function in one transaction: one round trip and one
 * commit for the batch, each item with its own outcome.
 *
 * Correctness never depends on the batching: every batch function locks its
 * accounts in id order and decides each item by the same rules as a single
 * call, so other instances (each batching their own) and single calls
 * interleave safely. A batch that fails (an unknown account, a lost
 * connection) is retried item by item, so one bad item fails only itself.
 *
 * One queue per kind for the process. Debit batches used to form per lane
 * (account id modulo 4) so that PostgreSQL worked on several at once; since a
 * debit batch is written set-based (db/migrations/0032), a bigger batch is the
 * cheaper one: one lane spent ~200 µs of PostgreSQL CPU per debit over 1,000
 * accounts where four spent ~350, at the same throughput.
 *
 * The first call of a batch waits for company only until the event loop has
 * handled what had already arrived (setImmediate): the callers answered by
 * one batch, and the requests read in one poll of the sockets, meet in the
 * next. It used to wait 1 ms, which at 16 clients on one hot account was most
 * of a debit's latency (4,300 → 6,900 debits/s without it). Batches are not
 * held back while another is in flight (PostgreSQL's own group commit does
 * that): measured, it saved ~20% of PostgreSQL's CPU on the HTTP path, but one
 * batch waiting on a lock (an account in a refund's transaction) would stall
 * every call of the process behind it.
 */

/** A full batch goes at once; larger batches hold their locks longer. */
const MAX_BATCH = 64;

export interface DebitItem {
  accountId: number;
  credits: number;
  requestId: string;
  feature: string;
  model: string;
  inputTokens: number | null;
  outputTokens: number | null;
  metadata: Record<string, unknown> | null;
  key: string | null;
  hash: string | null;
  /** The API key whose monthly limit applies (null: none, or not from the API). */
  apiKeyId: string | null;
}

export interface HoldItem {
  accountId: number;
  credits: number;
  holdId: string;
  requestId: string;
  feature: string;
  model: string;
  metadata: Record<string, unknown> | null;
  expiresAt: string;
  key: string | null;
  hash: string | null;
  /** The clock when the hold was asked for (its expiry counts from it). */
  now: string;
  apiKeyId: string | null;
}

export interface SettleItem {
  accountId: number;
  holdId: string;
  /** What to capture; null releases the hold. */
  captured: number | null;
  now: string;
}

interface Waiting<Item> {
  item: Item;
  resolve: (outcome: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * A queue whose batches go to PostgreSQL as `statement(items)`, a select of
 * one batch function answering a JSON array with one outcome per item.
 */
function batcher<Item>(name: string, statement: (itemsJson: string) => SQL) {
  let queue: Waiting<Item>[] = [];
  let pending: ReturnType<typeof setImmediate> | null = null;

  function flush() {
    if (pending) clearImmediate(pending);
    pending = null;
    const batch = queue;
    queue = [];
    if (batch.length) void apply(batch);
  }

  async function apply(batch: Waiting<Item>[]) {
    let outcomes: unknown[];
    try {
      const rows = await db.execute<{ r: unknown[] }>(statement(JSON.stringify(batch.map((w) => w.item))));
      outcomes = rows[0]!.r;
      if (!Array.isArray(outcomes) || outcomes.length !== batch.length) {
        throw new Error(`${name} answered ${outcomes?.length} outcomes for ${batch.length} items`);
      }
    } catch (error) {
      // Only a statement that PostgreSQL refused is surely rolled back: then each
      // item goes again on its own, with its own answer or error. After a lost
      // connection the batch may have committed, and an item without an
      // idempotency key must not be applied twice: those callers get the error.
      if (batch.length === 1 || !refusedByDatabase(error)) return batch.forEach((waiting) => waiting.reject(error));
      for (const waiting of batch) void apply([waiting]);
      return;
    }
    batch.forEach((waiting, i) => waiting.resolve(outcomes[i]));
  }

  /** Queues one item for the next batch; resolves with its own outcome (its element of the batch's answer). */
  return function inBatch<T>(item: Item): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ item, resolve: resolve as (outcome: unknown) => void, reject });
      if (queue.length >= MAX_BATCH) flush();
      else pending ??= setImmediate(flush);
    });
  };
}

function refusedByDatabase(error: unknown): boolean {
  // Drizzle wraps the driver's error; PostgreSQL's own answer is its cause.
  const cause = error instanceof Error && error.cause ? error.cause : error;
  return cause instanceof postgres.PostgresError;
}

/** One clock for a debit batch: the moment it is written, as for a single debit. */
export const debitInBatch = batcher<DebitItem>(
  "credits_debit_batch",
  (items) => sql`select credits_debit_batch(${items}::jsonb, ${now().toISOString()}::timestamptz) as r`,
);

/** Holds keep the clock of their own call: their expiry was computed from it. */
export const holdInBatch = batcher<HoldItem>("credits_hold_batch", (items) => sql`select credits_hold_batch(${items}::jsonb) as r`);

export const settleInBatch = batcher<SettleItem>(
  "credits_settle_batch",
  (items) => sql`select credits_settle_batch(${items}::jsonb) as r`,
);
