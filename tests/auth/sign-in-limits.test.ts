/**
 * Issue #19 item 8: sign-in and sign-up limits that hold. The actions run
 * in-process through Auth.js, as a posted form would; what differs between
 * "clients" is only the request they send: the address the launcher's server
 * saw on the socket (scripts/next-server.ts puts it in a header only it may
 * set) and whatever X-Forwarded-For a client chooses to send.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { FormState } from "@/lib/form-state";
import { idle } from "@/lib/form-state";

process.env.AUTH_SECRET ??= randomUUID();
process.env.AUTH_TRUST_HOST ??= "true";
// Small enough to reach in a test; read once when lib/env.ts is imported below.
process.env.SIGNUP_BURST_PER_ADDRESS = "2";
delete process.env.TRUST_PROXY;
// As scripts/next-server.mjs says in its own process: it stamps every request with the socket's address.
process.env.CLIENT_ADDRESS_FROM_LAUNCHER = "1";

const scope = vi.hoisted(() => ({ headers: {} as Record<string, string> }));
// Next's request scope exists only inside a running server: this is the request a client sent.
vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({ host: "localhost:3000", origin: "http://localhost:3000", referer: "http://localhost:3000/sign-in", ...scope.headers }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { signInAction, signUpAction } = await import("@/lib/auth/actions");
const { CLIENT_ADDRESS_HEADER } = await import("@/lib/auth/client-address");
const { db } = await import("@/lib/db");
const { rateLimitBuckets, users } = await import("@/db/schema");
const { hashPassword } = await import("@/lib/auth/password");

const PASSWORD = "correct horse battery 9";

/** What the client at `address` (the socket's) sees, optionally sending its own X-Forwarded-For. */
function from(address: string, forwardedFor?: string) {
  scope.headers = { [CLIENT_ADDRESS_HEADER]: address, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) };
}

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

/** "signed-in" (Auth.js redirected), "wrong", "limited", or another message. */
async function attempt(run: () => Promise<FormState>): Promise<string> {
  try {
    const state = await run();
    if (state.status !== "error") return state.status;
    if (state.code === "rate_limited") return "limited";
    if (state.code === "unauthenticated") return "wrong";
    return state.message;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return "signed-in";
    throw error;
  }
}

const signIn = (email: string, password: string) =>
  attempt(() => signInAction(idle, form({ email, password, callbackUrl: "/dashboard" })));
const signUp = (email: string) => attempt(() => signUpAction(idle, form({ email, password: PASSWORD, callbackUrl: "/dashboard" })));

async function userWithPassword() {
  const email = `guess-${randomUUID()}@example.com`;
  await db.insert(users).values({ email, passwordHash: await hashPassword(PASSWORD) });
  return email;
}

async function tokensLeft(key: string): Promise<number | undefined> {
  const [row] = await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, key));
  return row ? Math.floor(Number(row.tokens)) : undefined;
}

describe("sign-in throttle", () => {
  it("20 parallel wrong passwords: one is checked and counted, the other 19 are refused with rate_limited", async () => {
    from("10.0.0.1");
    const email = await userWithPassword();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => signIn(email, "wrong password 1")));
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "limited")).toHaveLength(19);
    // Five failures per e-mail: one was used.
    expect(await tokensLeft(`signin:email:${email}`)).toBe(4);
    // After the pause a wrong password takes (3 s), the account opens with its password, at no cost.
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await signIn(email, PASSWORD)).toBe("signed-in");
    expect(await tokensLeft(`signin:email:${email}`)).toBe(4);
  });

  it("after a wrong password the e-mail waits a moment, then may try again", async () => {
    from("10.0.0.5");
    const email = await userWithPassword();
    expect(await signIn(email, "wrong password 1")).toBe("wrong");
    expect(await signIn(email, "wrong password 2")).toBe("limited");
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await signIn(email, PASSWORD)).toBe("signed-in");
  });

  it("the right password never uses up the failure allowance", async () => {
    from("10.0.0.2");
    const email = await userWithPassword();
    for (let i = 0; i < 8; i++) expect(await signIn(email, PASSWORD)).toBe("signed-in");
  });

  it("one client's failed sign-ins do not throttle another client's (no shared 'local' address)", async () => {
    from("10.0.0.3");
    // Failures from one address, each on its own e-mail, until the address's allowance (30) is spent.
    const outcomes: string[] = [];
    while (outcomes.length < 60 && outcomes.at(-1) !== "limited") outcomes.push(await signIn(`nobody-${randomUUID()}@example.com`, "wrong password 1"));
    expect(outcomes.at(-1)).toBe("limited");
    expect(outcomes.filter((o) => o === "wrong").length).toBeGreaterThanOrEqual(30);
    from("10.0.0.4");
    expect(await signIn(`nobody-${randomUUID()}@example.com`, "wrong password 1")).toBe("wrong");
  });

  it("a spoofed X-Forwarded-For changes nothing without TRUST_PROXY", async () => {
    from("10.0.0.3", "198.51.100.7");
    expect(await signIn(`nobody-${randomUUID()}@example.com`, "wrong password 1")).toBe("limited");
  });
});

describe("sign-up limit per address", () => {
  it("a spoofed X-Forwarded-For does not open a fresh bucket", async () => {
    from("10.0.1.1");
    expect(await signUp(`new-${randomUUID()}@example.com`)).toBe("signed-in");
    expect(await signUp(`new-${randomUUID()}@example.com`)).toBe("signed-in");
    expect(await signUp(`new-${randomUUID()}@example.com`)).toBe("limited");
    from("10.0.1.1", "203.0.113.9");
    expect(await signUp(`new-${randomUUID()}@example.com`)).toBe("limited");
    // Another client still signs up.
    from("10.0.1.2");
    expect(await signUp(`new-${randomUUID()}@example.com`)).toBe("signed-in");
  });
});
