/**
 * Test-only: how many auto-refills were ever queued for an e2e user. With
 * auto-refill on, the ledger queues one in the same transaction as the debit
 * that crosses the threshold, so zero right after such a debit means none
 * will come (no waiting on the worker needed to know).
 */
import postgres from "postgres";

const port = Number(process.env.E2E_PG_PORT ?? 54339);

export async function refillsQueued(email: string): Promise<number> {
  const sql = postgres({ host: "127.0.0.1", port, user: "postgres", password: "postgres", database: "postgres", max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from refills r
      join credit_accounts a on a.id = r.account_id join users u on u.id = a.user_id
      where u.email = ${email}`;
    return row!.n;
  } finally {
    await sql.end();
  }
}
