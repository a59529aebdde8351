/**
 * Test-only: makes an e2e user an admin straight in the e2e server's
 * database, as `npm run admin -- grant <email>` would.
 */
import postgres from "postgres";

const port = Number(process.env.E2E_PG_PORT ?? 54339);

export async function setAdmin(email: string, isAdmin = true): Promise<void> {
  const sql = postgres({ host: "127.0.0.1", port, user: "postgres", password: "postgres", database: "postgres", max: 1, onnotice: () => {} });
  try {
    const rows = await sql`update users set is_admin = ${isAdmin} where email = ${email} returning id`;
    if (rows.length !== 1) throw new Error(`no user ${email}`);
  } finally {
    await sql.end();
  }
}
