/**
 * Test-only: credits for an e2e user while there is no purchase UI. Talks to
 * the e2e server's embedded PostgreSQL directly and calls the ledger's own
 * SQL function, so the grant is a real, balanced ledger entry.
 * Also runnable: `tsx e2e/support/grant.ts <email> <amount>`.
 */
import postgres from "postgres";

const port = Number(process.env.E2E_PG_PORT ?? 54339);

export async function grantPromo(email: string, amount: number): Promise<number> {
  const sql = postgres({ host: "127.0.0.1", port, user: "postgres", password: "postgres", database: "postgres", max: 1, onnotice: () => {} });
  try {
    const [account] = await sql<{ id: string }[]>`
      select a.id from credit_accounts a join users u on u.id = a.user_id where u.email = ${email}`;
    if (!account) throw new Error(`no credit account for ${email} (create an API key first)`);
    const [row] = await sql<{ r: { balance: number } }[]>`
      select credits_grant(${account.id}::bigint, 'promo', ${amount}::bigint, 20, null, null, null, now()) as r`;
    return row!.r.balance;
  } finally {
    await sql.end();
  }
}

if (process.argv[1]?.endsWith("grant.ts") && process.argv[2]) {
  grantPromo(process.argv[2], Number(process.argv[3] ?? 1000)).then(
    (balance) => console.log(`balance: ${balance}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
