/**
 * `npm run bench`: throughput of the ledger and the metering API, each as a
 * ratio against a baseline measured in the same run, on the same database,
 * with the same pool size and concurrency, after a warm-up (DESIGN.md §7).
 * Absolute figures are printed beside the ratios; results go to
 * bench/results.json. Benchmarks are not tests: nothing here asserts a time.
 */
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort, startEmbeddedPostgres, withDatabase } from "../db/embedded";
import { applyMigrations } from "../db/migrate";

const CLIENTS = 16;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1500);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 5000);

interface Figure {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ops: number;
}

/**
 * Runs `op` from CLIENTS concurrent loops (or `loops`): a warm-up, then a
 * measured window. An op that does `perOp` operations counts as that many.
 */
async function measure(op: () => Promise<unknown>, { loops = CLIENTS, perOp = 1 } = {}): Promise<Figure> {
  const run = async (ms: number, latencies?: number[]) => {
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: loops }, async () => {
        while (performance.now() < until) {
          const start = performance.now();
          await op();
          latencies?.push(performance.now() - start);
        }
      }),
    );
  };
  await run(WARMUP_MS);
  const latencies: number[] = [];
  const start = performance.now();
  await run(MEASURE_MS, latencies);
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
  const ops = latencies.length * perOp;
  return { opsPerSecond: Math.round(ops / seconds), p50Ms: pct(0.5), p99Ms: pct(0.99), ops };
}

interface HttpFigure extends Figure {
  statuses: Record<string, number>;
}

interface LoadSpec {
  url: string;
  method: string;
  keys?: string[];
  body?: unknown;
}

/** Runs bench/load.mjs in its own process against the server: CLIENTS keep-alive connections. */
function loadGenerator(spec: LoadSpec, warmupMs: number, measureMs: number) {
  const input = JSON.stringify({ ...spec, connections: CLIENTS, warmupMs, measureMs });
  return new Promise<{ latencies: number[]; seconds: number; statuses: Record<string, number> }>((resolve, reject) => {
    const child = spawn(process.execPath, ["bench/load.mjs", input], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bench/load.mjs exited ${code}`))));
  });
}

/**
 * The HTTP figures, taking turns: ROUNDS short windows of each endpoint in
 * rotation, so that a machine that slows down during the run (this one is
 * shared) slows the baseline and the endpoints alike. Measured one after the
 * other, the same code gave usage/health ratios from 0.58 to 1.03.
 */
async function loadInTurns(specs: Record<string, LoadSpec>): Promise<Record<string, HttpFigure>> {
  const ROUNDS = 4;
  const runs: Record<string, { latencies: number[]; seconds: number; statuses: Record<string, number> }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, spec] of Object.entries(specs)) {
      // Each window is its own process, with its own connections: a short warm-up after the first.
      const run = await loadGenerator(spec, round === 0 ? WARMUP_MS : 300, MEASURE_MS / ROUNDS);
      const total = (runs[name] ??= { latencies: [], seconds: 0, statuses: {} });
      total.latencies.push(...run.latencies);
      total.seconds += run.seconds;
      for (const [status, n] of Object.entries(run.statuses)) total.statuses[status] = (total.statuses[status] ?? 0) + n;
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, { latencies, seconds, statuses }]) => {
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
      const figure = { opsPerSecond: Math.round(latencies.length / seconds), p50Ms: pct(0.5), p99Ms: pct(0.99), ops: latencies.length, statuses };
      return [name, figure];
    }),
  );
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main() {
  // ── A database of its own ────────────────────────────────────────────────
  let baseUrl = process.env.DATABASE_URL;
  let stopDatabase = async () => {};
  if (!baseUrl) {
    const dataDir = path.join(os.tmpdir(), `credits-bench-${process.pid}`);
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), maxConnections: 300 });
    baseUrl = server.url;
    stopDatabase = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const dbName = `credits_bench_${Date.now()}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  const url = withDatabase(baseUrl, dbName);
  await applyMigrations(url);
  Object.assign(process.env, { DATABASE_URL: url, DATABASE_POOL_SIZE: String(CLIENTS) });

  const { db, sqlClient: sql } = await import("../lib/db");
  const { users } = await import("../db/schema");
  const credits = await import("../lib/credits");
  const { createApiKey } = await import("../lib/api-keys");

  async function newAccount(i: number) {
    const [user] = await db.insert(users).values({ email: `bench-${i}@example.com` }).returning();
    const accountId = await credits.accountIdForUser(user!.id);
    await credits.grantCredits({ accountId, source: "purchase", amount: 10_000_000 });
    return { userId: user!.id, accountId };
  }

  // ── 1. One hot account ───────────────────────────────────────────────────
  await sql`create table bench_counters (id int primary key, balance bigint not null)`;
  await sql`insert into bench_counters select g, 10000000 from generate_series(1, 1000) g`;
  const bareDebit = (id: number) => sql`update bench_counters set balance = balance - 1 where id = ${id} and balance >= 1 returning balance`;
  const hot = await newAccount(0);
  const usage = { credits: 1, feature: "agent_request", model: "claude-sonnet-4.5" };

  console.log(`bench: ${CLIENTS} clients, ${MEASURE_MS} ms windows after ${WARMUP_MS} ms warm-up`);
  const hotBaseline = await measure(() => bareDebit(1));
  const hotLedger = await measure(() => credits.debit({ accountId: hot.accountId, ...usage }));

  // ── 2. Spread over 1,000 accounts ────────────────────────────────────────
  const spread: number[] = [];
  for (let i = 1; i <= 1000; i++) spread.push((await newAccount(i)).accountId);
  const pick = <T,>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const spreadBaseline = await measure(() => bareDebit(1 + Math.floor(Math.random() * 1000)));
  const spreadLedger = await measure(() => credits.debit({ accountId: pick(spread), ...usage }));
  // The floor under that: the rows a debit writes (request, transfer, two entries, idempotency
  // key, grant, account; the quarter hour by its trigger), 16 debits per plain statement from 2
  // loops, with none of the ledger's reads, locks or rules. No ledger can write them faster.
  const spreadGrants = await sql<{ account: number; grant: number }[]>`
    select account_id::int as account, id::int as grant from grants where account_id = any(${spread}::bigint[])`;
  const usageAccount = (await sql<{ id: number }[]>`select credits_system_account('usage')::int as id`)[0]!.id;
  let floorRow = 0;
  const sameRowsWithoutRules = () => {
    // 16 different accounts: a multi-row update changes a row once however often it is named.
    const chosen = new Map<number, { account: number; grant: number }>();
    while (chosen.size < 16) {
      const b = pick(spreadGrants);
      chosen.set(b.account, b);
    }
    const batch = [...chosen.values()];
    const accounts = batch.map((b) => b.account);
    const names = batch.map(() => `bench_floor_${++floorRow}`);
    return sql`
      with r as (
        insert into usage_requests (id, account_id, feature, model, credits, balance_after, status, created_at, resolved_at)
        select d.id, d.account, 'agent_request', 'claude-sonnet-4.5', 1, 0, 'captured', now(), now()
        from unnest(${names}::text[], ${accounts}::bigint[]) d(id, account) returning id, account_id),
      t as (insert into transfers (account_id, kind, request_id, created_at) select account_id, 'debit', id, now() from r returning id, account_id),
      e as (
        insert into entries (transfer_id, account_id, grant_id, amount, created_at)
        select t.id, t.account_id, g.id, -1, now() from t join grants g on g.account_id = t.account_id
        union all select t.id, ${usageAccount}::bigint, null, 1, now() from t),
      k as (
        insert into idempotency_keys (account_id, key, request_hash, response_status, response_body, created_at)
        select account_id, id, 'h', 201, '{}'::jsonb, now() from r),
      g as (update grants set remaining = remaining - 1 where id = any(${batch.map((b) => b.grant)}::bigint[]))
      update credit_accounts set balance = balance - 1 where id = any(${accounts}::bigint[])`;
  };
  const spreadFloor = await measure(sameRowsWithoutRules, { loops: 2, perOp: 16 });

  // ── 2a. Debit cost with a long history: an empty ledger vs 1M entries ─────
  // One account measured on its own, then given 500,000 past debits (1,000,000
  // entries, written in bulk and consistently: its grant and balance agree),
  // then measured again: the ledger's indexes grow, a debit should not slow down.
  const deep = await newAccount(300_000);
  // Each window starts right after a checkpoint: the 1M entries' WAL would otherwise start one
  // during the second window only, and its full-page writes would be charged to the history.
  const checkpoint = () => sql`checkpoint`.catch(() => {}); // needs a superuser (or pg_checkpoint) on DATABASE_URL
  await checkpoint();
  const deepEmpty = await measure(() => credits.debit({ accountId: deep.accountId, ...usage }));
  const [deepGrant] = await sql<{ id: string }[]>`select id from grants where account_id = ${deep.accountId}`;
  const HISTORY = 500_000;
  await sql.begin(async (tx) => {
    await tx`
      with t as (
        insert into transfers (account_id, kind, created_at)
        select ${deep.accountId}::bigint, 'debit', now() - g * interval '1 second' from generate_series(1, ${HISTORY}::int) g
        returning id, created_at)
      insert into entries (transfer_id, account_id, grant_id, amount, created_at)
      select id, ${deep.accountId}::bigint, ${deepGrant!.id}::bigint, -1::bigint, created_at from t
      union all
      select id, credits_system_account('usage'), null::bigint, 1::bigint, created_at from t`;
    await tx`update grants set remaining = remaining - ${HISTORY}::bigint where id = ${deepGrant!.id}::bigint`;
    await tx`update credit_accounts set balance = balance - ${HISTORY}::bigint where id = ${deep.accountId}::bigint`;
  });
  await sql`vacuum analyze entries`;
  await sql`vacuum analyze transfers`;
  const [counted] = await sql<{ n: string }[]>`select count(*) as n from entries`;
  const entryCount = Number(counted!.n);
  await checkpoint();
  const deepFull = await measure(() => credits.debit({ accountId: deep.accountId, ...usage }));

  // ── 2b. Live balance: a debit's commit to the subscriber hearing it ──────
  // In-process at the lib/live-balance level (the SSE route only forwards what it
  // hears): from debit() resolving to the listener firing, one debit at a time.
  // Beside it, the same path for a bare pg_notify, i.e. what LISTEN/NOTIFY costs.
  const live = await import("../lib/live-balance");
  const liveAccount = await newAccount(100_000);
  const delays = { ledger: [] as number[], notify: [] as number[] };
  let nextEvent: ((at: number) => void) | null = null;
  const unsubscribe = live.subscribe(liveAccount.accountId, () => nextEvent?.(performance.now()));
  await live.whenListening();
  const heard = () =>
    new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 2000);
      nextEvent = (at) => {
        clearTimeout(timer);
        nextEvent = null;
        resolve(at);
      };
    });
  const payload = JSON.stringify({ accountId: liveAccount.accountId, balance: 1, available: 1, held: 0 });
  for (let i = 0; i < 220; i++) {
    const warm = i < 20;
    let arrived = heard();
    await credits.debit({ accountId: liveAccount.accountId, ...usage });
    let done = performance.now();
    let at = await arrived;
    if (at === null) break; // the ledger does not NOTIFY (yet)
    // The NOTIFY may beat the query's own answer back: that is no delay at all.
    if (!warm) delays.ledger.push(Math.max(0, at - done));
    arrived = heard();
    await sql`select pg_notify(${live.CHANNEL}, ${payload})`;
    done = performance.now();
    at = await arrived;
    if (at !== null && !warm) delays.notify.push(Math.max(0, at - done));
  }
  unsubscribe();
  const percentiles = (list: number[]) => {
    if (!list.length) return null;
    const sorted = [...list].sort((a, b) => a - b);
    const pct = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!, 3);
    return { p50: pct(0.5), p99: pct(0.99), samples: sorted.length };
  };
  const liveBalanceDelayMs = percentiles(delays.ledger);
  const liveNotifyBaselineMs = percentiles(delays.notify);

  // ── 2c. The dashboard's aggregates over 100,000 requests in one account ──
  // All of them inside the 30-day window (the worst case: every row counts),
  // inserted in bulk, then the dashboard's own queries, as its page runs them.
  const big = await newAccount(200_000);
  await sql`
    insert into usage_requests (id, account_id, feature, model, input_tokens, output_tokens, credits, balance_after, status, created_at)
    select 'bench_req_' || g, ${big.accountId},
      (array['code_generation', 'chat', 'agent_request'])[1 + g % 3],
      (array['gpt-5-mini', 'claude-sonnet-4.5', 'claude-opus-4.1'])[1 + (g / 3) % 3],
      1000 + g % 5000, 200 + g % 700,
      case when g % 50 = 0 then 0 else 1 + g % 7 end, 10000000,
      case when g % 50 = 0 then 'refused' else 'captured' end,
      now() - g * interval '25 seconds'
    from generate_series(1, 100000) g`;
  // The bulk insert filled usage_quarter_hours through its trigger; autovacuum
  // would analyze both tables soon after such a load, the bench does it now.
  await sql`vacuum analyze usage_requests`;
  await sql`vacuum analyze usage_quarter_hours`;
  const dashboard = () =>
    Promise.all([
      credits.creditSummary(big.accountId),
      credits.dailyUsage(big.accountId, { days: 30, timeZone: "America/New_York" }),
      credits.recentSpend(big.accountId, 7),
      credits.recentRequests(big.accountId, 5),
    ]);
  const dashboardTimes: number[] = [];
  for (let i = 0; i < 8; i++) {
    const start = performance.now();
    await dashboard();
    if (i > 0) dashboardTimes.push(performance.now() - start); // the first run warms the caches
  }
  dashboardTimes.sort((a, b) => a - b);
  const dashboardAggregateMs = round(dashboardTimes[Math.floor(dashboardTimes.length / 2)]!);

  // ── 3. HTTP against a production server ──────────────────────────────────
  // Always the current code: a stale build would measure something else.
  if (!process.env.BENCH_SKIP_BUILD || !existsSync(".next/BUILD_ID")) {
    console.log("bench: building the app (next build)…");
    await new Promise<void>((resolve, reject) =>
      spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" }).on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`next build exited ${code}`)),
      ),
    );
  }
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "start"], {
    env: {
      ...process.env,
      PORT: String(port),
      AUTH_SECRET: "bench-only-secret-0000000000000000",
      DATABASE_POOL_SIZE: String(CLIENTS),
      DATA_DIR: path.join(os.tmpdir(), `credits-bench-app-${process.pid}`),
      SANDBOX_PAYMENTS: "1",
      STRIPE_SANDBOX_PORT: "0",
      // BENCH_CPU_PROF=<dir>: the server (and its launcher) write CPU profiles there on exit (bench/cpu-profile.mjs).
      ...(process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--import=${path.resolve("bench/cpu-profile.mjs")}` } : {}),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 300) throw new Error("the server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  // One key per connection: each key's own limit (100/s, bursts of 1,000) must not be what is measured.
  const keys: string[] = [];
  for (let i = 0; i < CLIENTS; i++) keys.push((await createApiKey(hot.userId, `bench ${i}`)).key);
  let http: Record<string, HttpFigure>;
  try {
    http = await loadInTurns({
      health: { url: `${base}/api/health`, method: "GET" },
      balance: { url: `${base}/api/v1/balance`, method: "GET", keys },
      usage: { url: `${base}/api/v1/usage`, method: "POST", keys, body: { feature: "agent_request", model: "claude-sonnet-4.5" } },
    });
  } finally {
    server.kill("SIGTERM");
    if (server.exitCode === null && server.signalCode === null) await new Promise((resolve) => server.once("exit", resolve));
  }
  const { health: httpBaseline, balance: httpBalance, usage: httpUsage } = http as Record<"health" | "balance" | "usage", HttpFigure>;
  for (const [name, figure, ok] of [["health", httpBaseline, "200"], ["balance", httpBalance, "200"], ["usage", httpUsage, "201"]] as const) {
    const other = Object.entries(figure.statuses).filter(([status]) => status !== ok);
    if (other.length) console.warn(`bench: ${name} also answered ${other.map(([s, n]) => `${n}× ${s}`).join(", ")}`);
  }

  // Which indexes the run used (the app's reads beyond the bench's are not in it: a hint, not a verdict).
  const unusedIndexes = (
    await sql<{ name: string }[]>`
      select relname || '.' || indexrelname as name from pg_stat_user_indexes
      where idx_scan = 0 and relname in ('entries', 'transfers', 'usage_requests', 'grants', 'holds', 'idempotency_keys', 'credit_accounts', 'api_keys')
      order by 1`
  ).map((r) => r.name);

  // ── 4. Nothing overdrawn, every cached balance equals its entries ───────
  const [check] = await sql<{ negative: string; mismatched: string; unbalanced: string }[]>`
    select
      (select count(*) from credit_accounts where balance < 0 or held < 0) as negative,
      (select count(*) from credit_accounts a
         left join (select account_id, sum(amount) as total from entries group by account_id) e on e.account_id = a.id
         where a.user_id is not null and a.balance <> coalesce(e.total, 0)) as mismatched,
      (select count(*) from (select 1 from entries group by transfer_id having sum(amount) <> 0) t) as unbalanced`;

  const results = {
    measuredAt: new Date().toISOString(),
    clients: CLIENTS,
    windowMs: MEASURE_MS,
    hotAccount: { baseline: hotBaseline, ledger: hotLedger },
    hotAccountRatio: round(hotLedger.opsPerSecond / hotBaseline.opsPerSecond),
    spread: { baseline: spreadBaseline, ledger: spreadLedger },
    spreadRatio: round(spreadLedger.opsPerSecond / spreadBaseline.opsPerSecond),
    /** The same rows written by plain statements, 16 debits each, without the ledger's rules. */
    spreadRowsFloor: spreadFloor,
    spreadRowsFloorRatio: round(spreadFloor.opsPerSecond / spreadBaseline.opsPerSecond),
    spreadVsRowsFloor: round(spreadLedger.opsPerSecond / spreadFloor.opsPerSecond),
    /** Measured by bench/load.mjs, a separate process, against a production server: 4 windows each, taking turns. */
    http: { health: httpBaseline, balance: httpBalance, usage: httpUsage },
    httpRatio: round(httpUsage.opsPerSecond / httpBaseline.opsPerSecond),
    httpBalanceRatio: round(httpBalance.opsPerSecond / httpBaseline.opsPerSecond),
    /** One account's debits with an empty history, then with 500,000 past debits (1M entries) more. */
    deepHistory: { entries: entryCount, empty: deepEmpty, full: deepFull },
    deepHistoryRatio: round(deepFull.opsPerSecond / deepEmpty.opsPerSecond),
    unusedIndexes,
    /** Median of 7 runs of the dashboard's queries for an account with 100,000 requests. */
    dashboardAggregateMs,
    // null when the ledger sends no NOTIFY (before migration 0005).
    liveBalanceDelayMs,
    liveNotifyBaselineMs,
    invariants: {
      negativeAccounts: Number(check!.negative),
      balancesNotMatchingEntries: Number(check!.mismatched),
      unbalancedTransfers: Number(check!.unbalanced),
    },
  };

  const row = (name: string, base: Figure, ours: Figure, ratio: number) =>
    `${name.padEnd(22)} ${String(ours.opsPerSecond).padStart(8)}/s  p50 ${String(ours.p50Ms).padStart(6)} ms  p99 ${String(ours.p99Ms).padStart(7)} ms   baseline ${String(base.opsPerSecond).padStart(8)}/s   ratio ${ratio.toFixed(2)}`;
  console.log("");
  console.log(row("hot account (ledger)", hotBaseline, hotLedger, results.hotAccountRatio));
  console.log(row("1,000 accounts", spreadBaseline, spreadLedger, results.spreadRatio));
  console.log(row("  its rows, no rules", spreadBaseline, spreadFloor, results.spreadRowsFloorRatio) + `   (ledger ${results.spreadVsRowsFloor.toFixed(2)}× this floor)`);
  console.log(row("GET /api/v1/balance", httpBaseline, httpBalance, results.httpBalanceRatio));
  console.log(row("POST /api/v1/usage", httpBaseline, httpUsage, results.httpRatio));
  console.log(row(`debit at ${Math.round(entryCount / 1e5) / 10}M entries`, deepEmpty, deepFull, results.deepHistoryRatio));
  console.log(`indexes unused in this run: ${unusedIndexes.join(", ") || "none"}`);
  console.log(`${"dashboard, 100k reqs".padEnd(22)} median ${dashboardAggregateMs} ms (balance, 30 days by day and feature, 7-day pace, recent)`);
  const delayRow = (name: string, d: typeof liveBalanceDelayMs) =>
    `${name.padEnd(22)} ${d ? `p50 ${String(d.p50).padStart(6)} ms  p99 ${String(d.p99).padStart(7)} ms   (${d.samples} samples)` : "no NOTIFY from the ledger"}`;
  console.log(delayRow("live balance delay", liveBalanceDelayMs));
  console.log(delayRow("bare NOTIFY delay", liveNotifyBaselineMs));
  console.log(
    `invariants: ${results.invariants.negativeAccounts} negative, ${results.invariants.balancesNotMatchingEntries} balances ≠ entries, ${results.invariants.unbalancedTransfers} unbalanced transfers`,
  );
  writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log("bench: wrote bench/results.json");

  await sql.end();
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
  await stopDatabase();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
