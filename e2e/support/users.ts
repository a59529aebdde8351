/** Test-only reads of the e2e server's users table (its embedded PostgreSQL, as grant.ts). */
import postgres from "postgres";

const port = Number(process.env.E2E_PG_PORT ?? 54339);

/** The time zone stored for the user with this address (null until the browser reported one). */
export async function storedTimeZone(email: string): Promise<string | null> {
  const sql = postgres({ host: "127.0.0.1", port, user: "postgres", password: "postgres", database: "postgres", max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ time_zone: string | null }[]>`select time_zone from users where email = ${email}`;
    return row?.time_zone ?? null;
  } finally {
    await sql.end();
  }
}
