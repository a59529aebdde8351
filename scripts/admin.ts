/**
 * `npm run admin -- grant <email>` / `npm run admin -- revoke <email>`: the
 * only way to make someone support staff (never by signing up with a listed
 * address). Uses DATABASE_URL, or the embedded database of a running `npm run dev`.
 */
import "./app-env";

const usage = "usage: npm run admin -- grant <email> | revoke <email> | list";

async function main() {
  const [command, email] = process.argv.slice(2);
  const { sqlClient: sql } = await import("../lib/db");
  try {
    if (command === "list") {
      const rows = await sql<{ email: string }[]>`select email from users where is_admin order by email`;
      console.log(rows.length ? rows.map((r) => r.email).join("\n") : "no admins");
      return 0;
    }
    if ((command !== "grant" && command !== "revoke") || !email) {
      console.error(usage);
      return 2;
    }
    const grant = command === "grant";
    const rows = await sql<{ email: string }[]>`
      update users set is_admin = ${grant} where lower(email) = lower(${email.trim()}) returning email`;
    if (rows.length === 0) {
      console.error(`admin: no user with the e-mail ${email}. They must sign up first.`);
      return 1;
    }
    console.log(grant ? `${rows[0]!.email} is now an admin.` : `${rows[0]!.email} is no longer an admin.`);
    return 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    console.error(
      code === "ECONNREFUSED"
        ? "admin: cannot reach the database. Start `npm run dev` first, or set DATABASE_URL."
        : `admin: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main().then((code) => process.exit(code));
