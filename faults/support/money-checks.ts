/**
 * What a crash must not break, checked from the outside after the fact: the
 * answers clients got against the ledger, and Stripe's (the sandbox's)
 * PaymentIntents against the grants. Each function returns a list of
 * problems in words; an empty list is a pass. Which broken implementation each
 * check catches is said beside it.
 */
import type postgres from "postgres";
import type Stripe from "stripe";

/** A metered write as the client saw it in the end (after any retries). */
export interface UsageAnswer {
  accountId: number;
  idempotencyKey: string;
  status: number;
  /** From a 201 body. */
  requestId?: string;
  credits?: number;
}

/** A hold as the client saw it: placed (or refused), then captured or released. */
export interface HoldAnswer {
  accountId: number;
  idempotencyKey: string;
  status: number;
  holdId?: string;
  resolution?: { action: "capture" | "release"; status: number; credits?: number };
}

/**
 * Every usage request answered 201 is one debit transfer with the answered
 * credits, logged as captured, and its key replays that same request; none
 * answered 4xx left a debit or used up its key.
 * Catches: a debit committed twice for one key after a retry (idempotency
 * lost in a crash window), a 201 sent before the debit was durable (answered
 * but missing), a refused request that still debited, a replay that answers
 * another request's result.
 */
export async function usageProblems(sql: postgres.Sql, answers: UsageAnswer[]): Promise<string[]> {
  const problems: string[] = [];
  const created = answers.filter((a) => a.status === 201);
  const rows = await sql<
    { key: string; request_id: string; credits: string; debits: string; debited: string; logged: string | null; logged_credits: string | null; key_request: string | null }[]
  >`
    select w.key, w.request_id, w.credits,
      (select count(*) from transfers t where t.request_id = w.request_id and t.kind = 'debit') as debits,
      (select coalesce(-sum(e.amount), 0) from transfers t join entries e on e.transfer_id = t.id and e.account_id = w.account_id
        where t.request_id = w.request_id and t.kind = 'debit') as debited,
      (select u.status from usage_requests u where u.id = w.request_id) as logged,
      (select u.credits from usage_requests u where u.id = w.request_id) as logged_credits,
      (select k.response_body->>'requestId' from idempotency_keys k where k.account_id = w.account_id and k.key = w.key) as key_request
    from jsonb_to_recordset(${sql.json(created.map((a) => ({ account_id: a.accountId, key: a.idempotencyKey, request_id: a.requestId, credits: a.credits })))})
      as w(account_id bigint, key text, request_id text, credits bigint)`;
  for (const r of rows) {
    if (Number(r.debits) !== 1) problems.push(`usage ${r.key} (${r.request_id}) answered 201 but has ${r.debits} debit transfers`);
    if (Number(r.debited) !== Number(r.credits)) problems.push(`usage ${r.key} answered ${r.credits} credits, the ledger debited ${r.debited}`);
    if (r.logged !== "captured" || Number(r.logged_credits) !== Number(r.credits)) {
      problems.push(`usage ${r.key} answered ${r.credits} credits, the request log says ${r.logged} ${r.logged_credits}`);
    }
    if (r.key_request !== r.request_id) problems.push(`usage ${r.key} answered ${r.request_id}, its key replays ${r.key_request}`);
  }

  return [...problems, ...(await refusedButSpent(sql, "usage", answers))];
}

/** A request answered 4xx must not have used up its key with a success (a refusal writes nothing). */
async function refusedButSpent(sql: postgres.Sql, label: string, answers: { accountId: number; idempotencyKey: string; status: number }[]) {
  const refused = answers.filter((a) => a.status >= 400 && a.status < 500);
  const spent = await sql<{ key: string }[]>`
    select w.key from jsonb_to_recordset(${sql.json(refused.map((a) => ({ account_id: a.accountId, key: a.idempotencyKey })))})
      as w(account_id bigint, key text)
    join idempotency_keys k on k.account_id = w.account_id and k.key = w.key and k.response_status between 200 and 299`;
  return spent.map((r) => `${label} ${r.key} was refused, yet its key holds a success`);
}

/**
 * Every hold answered 201 exists once; a capture answered 200 left the hold
 * captured with those credits and one capture transfer; a release answered
 * 200 left it released; a refused hold reserved nothing.
 * Catches: a capture applied twice or lost across a crash, a hold left pending
 * (credits locked forever), a refused hold that still reserved credits.
 */
export async function holdProblems(sql: postgres.Sql, answers: HoldAnswer[]): Promise<string[]> {
  const problems: string[] = [];
  const placed = answers.filter((a) => a.status === 201);
  const rows = await sql<{ hold_id: string; status: string | null; captured: string | null; captures: string }[]>`
    select w.hold_id, h.status, h.captured,
      (select count(*) from transfers t where t.hold_id = w.hold_id and t.kind = 'capture') as captures
    from jsonb_to_recordset(${sql.json(placed.map((a) => ({ hold_id: a.holdId })))}) as w(hold_id text)
    left join holds h on h.id = w.hold_id`;
  const byId = new Map(rows.map((r) => [r.hold_id, r]));
  for (const a of placed) {
    const row = byId.get(a.holdId!);
    const res = a.resolution;
    if (!row?.status) {
      problems.push(`hold ${a.holdId} answered 201 but is not in the ledger`);
    } else if (res?.action === "capture" && res.status === 200) {
      if (row.status !== "captured" || Number(row.captured) !== res.credits || Number(row.captures) !== 1) {
        problems.push(`hold ${a.holdId} capture answered ${res.credits} credits; the ledger has ${row.status}, ${row.captured}, ${row.captures} capture transfers`);
      }
    } else if (res?.action === "release" && res.status === 200) {
      if (row.status !== "released" || Number(row.captures) !== 0) problems.push(`hold ${a.holdId} release answered 200; the ledger has ${row.status}`);
    } else {
      problems.push(`hold ${a.holdId} was never resolved (${res?.action} answered ${res?.status})`);
    }
  }
  return [...problems, ...(await refusedButSpent(sql, "hold", answers))];
}

/**
 * Each account's balance is exactly what its clients were told: the credits
 * granted to it, minus every debit and capture answered as done; nothing held.
 * Catches whatever the per-request checks might let through in sum: a debit
 * nobody was answered for (a write done twice under a fresh id), a lost one.
 */
export async function balanceProblems(
  sql: postgres.Sql,
  accounts: { accountId: number; expectedSpent: number }[],
): Promise<string[]> {
  const rows = await sql<{ id: string; balance: string; held: string; granted: string }[]>`
    select a.id, a.balance, a.held, coalesce((select sum(g.amount) from grants g where g.account_id = a.id), 0) as granted
    from credit_accounts a where a.id = any(${accounts.map((a) => a.accountId)}::bigint[])`;
  const problems: string[] = [];
  for (const a of accounts) {
    const row = rows.find((r) => Number(r.id) === a.accountId);
    if (!row) {
      problems.push(`account ${a.accountId} is missing`);
      continue;
    }
    const expected = Number(row.granted) - a.expectedSpent;
    if (Number(row.balance) !== expected || Number(row.held) !== 0) {
      problems.push(`account ${a.accountId}: balance ${row.balance} held ${row.held}, expected ${expected} held 0 (granted ${row.granted}, answered spent ${a.expectedSpent})`);
    }
  }
  return problems;
}

/**
 * Every succeeded PaymentIntent is credited exactly once, with its credits, to
 * its account; none that did not succeed is; and no purchase or refill grant
 * exists without a succeeded PaymentIntent behind it.
 * Catches: a webhook and the confirm path both crediting (no key on the
 * grant), a success lost when the server died between Stripe's answer and the
 * grant (not reconciled), a declined charge credited.
 */
export async function paymentProblems(sql: postgres.Sql, intents: Stripe.PaymentIntent[]): Promise<string[]> {
  const problems: string[] = [];
  type Grant = { external_ref: string; source: string; account_id: string; amount: string };
  const grants = await sql<Grant[]>`
    select external_ref, source, account_id, amount from grants where external_ref like 'pi_%' or source in ('purchase', 'refill')`;
  const byIntent = new Map<string, Grant[]>();
  for (const g of grants) byIntent.set(g.external_ref, [...(byIntent.get(g.external_ref) ?? []), g]);
  const succeeded = new Set<string>();
  for (const intent of intents) {
    const credited = byIntent.get(intent.id) ?? [];
    if (intent.status === "succeeded") {
      succeeded.add(intent.id);
      if (credited.length !== 1) {
        problems.push(`PaymentIntent ${intent.id} succeeded and is credited ${credited.length} times`);
      } else if (Number(credited[0]!.amount) !== Number(intent.metadata.credits) || credited[0]!.account_id !== intent.metadata.accountId) {
        problems.push(`PaymentIntent ${intent.id} (${intent.metadata.credits} credits for ${intent.metadata.accountId}) is credited ${credited[0]!.amount} to ${credited[0]!.account_id}`);
      }
    } else if (credited.length) {
      problems.push(`PaymentIntent ${intent.id} is ${intent.status} but credited`);
    }
  }
  for (const g of grants) {
    if ((g.source === "purchase" || g.source === "refill") && !succeeded.has(g.external_ref)) {
      problems.push(`a ${g.source} grant of ${g.amount} to account ${g.account_id} has no succeeded PaymentIntent (${g.external_ref})`);
    }
  }
  return problems;
}

/**
 * No refill is left queued or processing, none was charged twice, and every
 * succeeded refill has its succeeded PaymentIntent.
 * Catches: a refill claimed by a worker that died and never taken over, a
 * take-over that charges again (an idempotency key not derived from the refill).
 */
export async function refillProblems(sql: postgres.Sql, intents: Stripe.PaymentIntent[]): Promise<string[]> {
  const problems: string[] = [];
  const refills = await sql<{ id: string; status: string }[]>`select id, status from refills`;
  const charges = new Map<string, Stripe.PaymentIntent[]>();
  for (const intent of intents) {
    const id = intent.metadata.refillId;
    if (id) charges.set(id, [...(charges.get(id) ?? []), intent]);
  }
  for (const r of refills) {
    const mine = charges.get(r.id) ?? [];
    if (r.status === "queued" || r.status === "processing") problems.push(`refill ${r.id} is stuck ${r.status}`);
    if (mine.length > 1) problems.push(`refill ${r.id} was charged ${mine.length} times`);
    if (r.status === "succeeded" && !mine.some((i) => i.status === "succeeded")) problems.push(`refill ${r.id} says succeeded without a succeeded charge`);
  }
  return problems;
}
