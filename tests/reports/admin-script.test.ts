import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { users } from "@/db/schema";
import { createUser } from "../support/accounts";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

function admin(...args: string[]) {
  return run(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/admin.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}

describe("npm run admin", () => {
  it("grants and revokes admin rights by e-mail, and names an unknown address", async () => {
    const { user } = await createUser("staff");
    const isAdmin = async () => (await db.select({ a: users.isAdmin }).from(users).where(eq(users.id, user.id)))[0]!.a;
    expect(await isAdmin()).toBe(false);

    const granted = await admin("grant", user.email.toUpperCase());
    expect(granted).toMatchObject({ code: 0 });
    expect(granted.out).toContain(`${user.email} is now an admin.`);
    expect(await isAdmin()).toBe(true);

    expect((await admin("revoke", user.email)).code).toBe(0);
    expect(await isAdmin()).toBe(false);

    const unknown = await admin("grant", "nobody@example.com");
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain("no user with the e-mail nobody@example.com");
    expect((await admin("promote", "x")).code).toBe(2);
  });
});
