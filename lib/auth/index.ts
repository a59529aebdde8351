import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { z } from "zod";
import { db } from "@/lib/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { oauthProviders } from "@/lib/env";
import { peekToken, takeToken, type BucketRule } from "@/lib/rate-limit";
import { authConfig } from "./config";
import { verifyPassword } from "./password";
import { markVerifiedByProvider } from "./verification";

export class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

// Five failures per e-mail, then one more try a minute; an address (IP) gets more
// room because several people may share it.
const failuresPerEmail: BucketRule = { capacity: 5, refillPerSecond: 1 / 60 };
const failuresPerAddress: BucketRule = { capacity: 30, refillPerSecond: 1 / 10 };

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
}

/** Google says whether it verified the address; GitHub shows only verified addresses on a profile. */
function providerVerifiedEmail(provider: string, profile: Record<string, unknown> | undefined): boolean {
  if (provider === "google") return profile?.email_verified === true;
  return provider === "github";
}

async function sessionVersionAtSignIn(user: { id?: string; sessionVersion?: unknown }): Promise<number> {
  if (typeof user.sessionVersion === "number") return user.sessionVersion;
  const [row] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, user.id!)).limit(1);
  return row?.v ?? 0;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  adapter: DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }),
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const keys = [`signin:email:${email}`, `signin:ip:${clientAddress(request)}`];
        const rules = [failuresPerEmail, failuresPerAddress];

        const checks = await Promise.all(keys.map((key, i) => peekToken(key, rules[i]!)));
        if (checks.some((c) => !c.allowed)) throw new TooManyAttempts();

        const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
        if (await verifyPassword(password, user?.passwordHash)) {
          return { id: user!.id, email: user!.email, name: user!.name, sessionVersion: user!.sessionVersion };
        }
        await Promise.all(keys.map((key, i) => takeToken(key, rules[i]!)));
        return null;
      },
    }),
    ...(oauthProviders.github ? [GitHub] : []),
    ...(oauthProviders.google ? [Google] : []),
  ],
  callbacks: {
    ...authConfig.callbacks,
    /**
     * At sign-in the token takes the user's session version; raising it in the database
     * ("Sign out of all devices", a password change or reset) ends every token signed before
     * (checked on each request in lib/auth/session.ts, where the user row is read anyway).
     */
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sv = await sessionVersionAtSignIn(user);
      }
      return token;
    },
  },
  events: {
    // GitHub and Google vouch for the address: verified, and welcomed once, as a verification link does.
    async signIn({ user, account, profile }) {
      if (user.id && user.email && account && providerVerifiedEmail(account.provider, profile)) {
        await markVerifiedByProvider(user.id, user.email);
      }
    },
  },
});
