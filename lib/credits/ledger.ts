import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { GrantSource } from "@/db/schema";
import { db } from "@/lib/db";
import { now } from "./clock";
import { debitInBatch, holdInBatch, settleInBatch } from "./group-commit";
import { newId } from "./ids";

/**
 * The one code path for money (DESIGN.md §2). Each function here is one call
 * of a ledger function in PostgreSQL (db/migrations/0002_ledger_functions.sql):
 * one round trip and one short transaction, so no lock is ever held while the
 * app waits on the network. Debits are group-committed (./group-commit.ts):
 * those that arrive together share one call and one transaction, each with its
 * own outcome. A caller that must tie a ledger change to its own
 * writes (a webhook recording its event) passes its transaction as `tx`.
 */

async function call<T>(query: SQL, tx?: Executor): Promise<T> {
  const rows = await (tx ?? db).execute<{ r: T }>(query);
  return rows[0]!.r;
}

/** Spent first when lower: the allowance goes before purchased credits. */
export const grantPriority: Record<GrantSource, number> = {
  allowance: 10,
  promo: 20,
  adjustment: 30,
  purchase: 50,
  refill: 50,
};

export interface GrantInput {
  accountId: number;
  source: GrantSource;
  amount: number;
  expiresAt?: Date | null;
  /** What the grant is for (PaymentIntent id, invoice id, report id): credited once per reference. */
  externalRef?: string | null;
  metadata?: Record<string, unknown>;
  priority?: number;
}

export interface GrantResult {
  outcome: "created" | "exists";
  grantId: number;
  balance: number;
}

export async function grantCredits(input: GrantInput, tx?: Executor): Promise<GrantResult> {
  assertPositiveInteger(input.amount, "amount");
  const at = now();
  if (input.expiresAt && input.expiresAt <= at) throw new RangeError("expiresAt must be in the future");
  return call<GrantResult>(
    sql`select credits_grant(
      ${input.accountId}::bigint, ${input.source}, ${input.amount}::bigint,
      ${input.priority ?? grantPriority[input.source]}::int, ${input.expiresAt?.toISOString() ?? null}::timestamptz,
      ${input.externalRef ?? null}, ${jsonParam(input.metadata)}::jsonb,
      ${at.toISOString()}::timestamptz) as r`,
    tx,
  );
}

export interface Idempotency {
  key: string;
  /** Hash of the request, so that the same key with another request is refused. */
  hash: string;
}

/** The stored or fresh answer of a write that carried an idempotency key. */
export type Answered<Body> =
  | { outcome: "created"; status: 201; body: Body }
  | { outcome: "replay"; status: number; body: Body }
  | { outcome: "idempotency_conflict" };

export type Refused =
  | {
      outcome: "insufficient_credits";
      requestId: string;
      credits: number;
      balance: number;
      available: number;
    }
  | KeyLimitReached;

/** The API key's own monthly limit is spent while the account could still pay (DESIGN.md §5). */
export type KeyLimitReached = {
  outcome: "key_limit_reached";
  requestId: string;
  credits: number;
  /** The key's monthly limit and what it has used of it this month (spent plus pending holds). */
  limit: number;
  used: number;
  /** When the month turns in the user's time zone (ISO 8601), and that zone. */
  resetsAt: string;
  timeZone: string;
};

export interface UsageInput {
  accountId: number;
  credits: number;
  feature: string;
  model: string;
  inputTokens?: number | null;
  outputTokens?: number | null;
  metadata?: Record<string, unknown> | null;
  idempotency?: Idempotency | null;
  /** The API key that made the request: its monthly limit, if it has one, applies. */
  apiKeyId?: string | null;
}

export type UsageBody = { requestId: string; credits: number; balance: number };

/**
 * Spends credits for one request; refused (and logged) when the available
 * balance is short. Concurrent debits in this process are group-committed
 * (./group-commit.ts): same rules, one transaction for the batch.
 */
export async function debit(input: UsageInput): Promise<Answered<UsageBody> | Refused> {
  assertPositiveInteger(input.credits, "credits");
  return debitInBatch<Answered<UsageBody> | Refused>({
    accountId: input.accountId,
    credits: input.credits,
    requestId: newId("req"),
    feature: input.feature,
    model: input.model,
    inputTokens: input.inputTokens ?? null,
    outputTokens: input.outputTokens ?? null,
    metadata: input.metadata ?? null,
    key: input.idempotency?.key ?? null,
    hash: input.idempotency?.hash ?? null,
    apiKeyId: input.apiKeyId ?? null,
  });
}

export interface HoldInput extends Omit<UsageInput, "inputTokens" | "outputTokens"> {
  ttlSeconds: number;
}

export type HoldBody = { holdId: string; requestId: string; credits: number; expiresAt: string };

/** Reserves credits for a request whose cost is known only afterwards. */
export async function placeHold(input: HoldInput): Promise<Answered<HoldBody> | Refused> {
  assertPositiveInteger(input.credits, "credits");
  const at = now();
  const expiresAt = new Date(at.getTime() + input.ttlSeconds * 1000);
  return holdInBatch<Answered<HoldBody> | Refused>({
    accountId: input.accountId,
    credits: input.credits,
    holdId: newId("hold"),
    requestId: newId("req"),
    feature: input.feature,
    model: input.model,
    metadata: input.metadata ?? null,
    expiresAt: expiresAt.toISOString(),
    key: input.idempotency?.key ?? null,
    hash: input.idempotency?.hash ?? null,
    now: at.toISOString(),
    apiKeyId: input.apiKeyId ?? null,
  });
}

export type Settled = {
  outcome: "settled" | "replay";
  requestId: string;
  holdId: string;
  credits: number;
  balance: number;
  status: "captured" | "released";
};

export type SettleResult =
  | Settled
  | { outcome: "not_found" }
  | { outcome: "hold_not_pending"; status: string }
  | { outcome: "hold_exceeded"; held: number };

function settle(accountId: number, holdId: string, captured: number | null): Promise<SettleResult> {
  return settleInBatch<SettleResult>({ accountId, holdId, captured, now: now().toISOString() });
}

/** Posts the actual cost (at most what was held) and frees the rest. */
export function captureHold(accountId: number, holdId: string, credits: number): Promise<SettleResult> {
  if (!Number.isSafeInteger(credits) || credits < 0) throw new RangeError("credits must be a whole number ≥ 0");
  return settle(accountId, holdId, credits);
}

export function releaseHold(accountId: number, holdId: string): Promise<SettleResult> {
  return settle(accountId, holdId, null);
}

export interface BalanceGrant {
  id: number;
  source: GrantSource;
  amount: number;
  remaining: number;
  priority: number;
  createdAt: string;
  expiresAt: string | null;
}

export interface Balance {
  /** Everything the account has that has not expired, held credits included. */
  balance: number;
  /** What can be spent now: balance − held. */
  available: number;
  held: number;
  grants: BalanceGrant[];
}

export async function getBalance(accountId: number): Promise<Balance> {
  const balance = await call<Balance | null>(
    sql`select credits_balance(${accountId}::bigint, ${now().toISOString()}::timestamptz) as r`,
  );
  if (!balance) throw new Error(`credit account ${accountId} not found`);
  return balance;
}

/** Writes off whatever of this account has expired (the same sweep every operation runs when due). */
export async function sweepExpired(accountId: number): Promise<void> {
  await db.execute(sql`select credits_lock(${accountId}::bigint, ${now().toISOString()}::timestamptz)`);
}

function assertPositiveInteger(value: number, name: string) {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a whole number > 0`);
}

/** jsonb parameters go as text: postgres.js cannot infer a type for an object here. */
function jsonParam(value: Record<string, unknown> | null | undefined): string | null {
  return value ? JSON.stringify(value) : null;
}

export interface ClawbackResult {
  outcome: "taken" | "exists";
  requested: number;
  /** What was taken back: the grant's unreserved remainder, then what pending holds reserved from it. */
  taken: number;
  /** Of `taken`, how much pending holds gave up (they shrink; a release returns none of it). */
  fromHolds?: number;
}

/**
 * Takes back up to `credits` from one grant (a refunded or disputed purchase),
 * wherever they are (DESIGN.md §4.9): unreserved first, then out of pending
 * holds on that grant. Never below zero: what was spent is `requested − taken`.
 * Once per `externalRef`, however often it comes.
 */
export function clawBack(
  input: { accountId: number; grantId: number; credits: number; externalRef: string },
  tx?: Executor,
): Promise<ClawbackResult> {
  if (!Number.isSafeInteger(input.credits) || input.credits < 0) throw new RangeError("credits must be a whole number ≥ 0");
  return call<ClawbackResult>(
    sql`select credits_clawback(${input.accountId}::bigint, ${input.grantId}::bigint, ${input.credits}::bigint,
      ${input.externalRef}, ${now().toISOString()}::timestamptz) as r`,
    tx,
  );
}

/**
 * Takes back what a refund owes in all (`owedCredits`, cumulative over the
 * purchase's refunds) from the grant credited for `grantRef`, less what
 * earlier refunds of that grant already asked for, so that a second partial
 * refund never takes the first one's share again. `returned` names grants that
 * gave some of it back (a won dispute's) and the clawback each one undid: that
 * clawback counts as asked no more, and what is owed is taken from those grants
 * after the grant itself. Null when nothing was granted for `grantRef`.
 */
export async function clawBackOwed(
  input: {
    accountId: number;
    grantRef: string;
    returned?: { grantRef: string; undid: string }[];
    owedCredits: number;
    externalRef: string;
  },
  tx?: Executor,
): Promise<ClawbackResult | null> {
  const executor = tx ?? db;
  const returned = input.returned ?? [];
  const refs = [input.grantRef, ...returned.map((r) => r.grantRef)];
  const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
  const rows = await executor.execute<{ id: string; ref: string; asked: string; available: string }>(
    sql`select g.id, g.external_ref as ref,
          coalesce((select sum(c.requested) from clawbacks c where c.grant_id = g.id), 0) as asked,
          g.remaining + coalesce((select sum(a.amount) from hold_allocations a join holds h on h.id = a.hold_id
                                  where a.grant_id = g.id and h.status = 'pending'), 0) as available
        from grants g where g.account_id = ${input.accountId}::bigint and g.external_ref in (${list(refs)})`,
  );
  const grants = refs.flatMap((ref) => rows.filter((r) => r.ref === ref));
  if (grants[0]?.ref !== input.grantRef) return null;
  const [undone] = returned.length
    ? await executor.execute<{ requested: string }>(
        sql`select coalesce(sum(requested), 0) as requested from clawbacks where external_ref in (${list(returned.map((r) => r.undid))})`,
      )
    : [{ requested: "0" }];
  const asked = grants.reduce((sum, g) => sum + Number(g.asked), 0) - Number(undone!.requested);
  let left = Math.max(0, input.owedCredits - asked);
  if (grants.length === 1) {
    return clawBack({ accountId: input.accountId, grantId: Number(grants[0].id), credits: left, externalRef: input.externalRef }, tx);
  }
  // Each grant is asked for what it can give, the last for the rest: the requests add up to what is
  // owed, so what was spent is counted once, as requested − taken.
  const results: ClawbackResult[] = [];
  for (const [i, g] of grants.entries()) {
    const last = i === grants.length - 1;
    const credits = last ? left : Math.min(left, Number(g.available));
    if (credits === 0 && !last && i > 0) continue;
    const externalRef = i === 0 ? input.externalRef : `${input.externalRef}:${g.id}`;
    results.push(await clawBack({ accountId: input.accountId, grantId: Number(g.id), credits, externalRef }, tx));
    left -= credits;
  }
  const taken = results.filter((r) => r.outcome === "taken");
  return {
    outcome: taken.length ? "taken" : "exists",
    requested: taken.reduce((sum, r) => sum + r.requested, 0),
    taken: taken.reduce((sum, r) => sum + r.taken, 0),
    fromHolds: taken.reduce((sum, r) => sum + (r.fromHolds ?? 0), 0),
  };
}

/**
 * Arms (threshold) or disarms (null) the account's auto-refill trigger: the
 * ledger queues a refill when a debit leaves the balance below it, and arming
 * it while already below queues one in the caller's transaction.
 */
export async function setRefillThreshold(accountId: number, threshold: number | null, tx?: Executor): Promise<void> {
  await (tx ?? db).execute(sql`update credit_accounts set refill_threshold = ${threshold}::bigint where id = ${accountId}::bigint`);
}
