/**
 * A signed-in browser session against a running server, obtained the way a
 * browser gets one: Auth.js's CSRF token, then the credentials callback, and
 * the session cookie it sets. Any instance sharing the harness's AUTH_SECRET
 * accepts the cookie. Import after startFaultHarness() (lib/ reads configuration once).
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { createApiUser } from "./accounts";

/** `createApiUser`, plus a password to sign in with. */
export async function createSignInUser(label: string, credits = 0) {
  const created = await createApiUser(label, credits);
  const password = `pw-${randomBytes(12).toString("hex")}`;
  await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, created.user.id));
  return { ...created, email: created.user.email, password };
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]!);
}

/** Signs in over HTTP; returns the `Cookie` header value of the session. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/dashboard` }),
  });
  const session = cookiesOf(response).find((c) => /^(__Secure-)?authjs\.session-token=/.test(c));
  if (!session) throw new Error(`sign-in failed: ${response.status} ${response.headers.get("location")}`);
  return session;
}

/**
 * A sign-in that fails (an unknown address, or a wrong password), from `address` as the
 * client's X-Forwarded-For: what a password-guessing crowd sends. Resolves once answered.
 */
export async function failSignIn(baseUrl: string, email: string, address: string): Promise<number> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { "x-forwarded-for": address } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; "), "x-forwarded-for": address },
    body: new URLSearchParams({ csrfToken, email, password: "not-the-password", callbackUrl: `${baseUrl}/dashboard` }),
  });
  await response.arrayBuffer();
  if (cookiesOf(response).some((c) => /^(__Secure-)?authjs\.session-token=/.test(c))) throw new Error("a wrong password signed in");
  return response.status;
}
