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
import { clientAddress } from "./address";
import { authConfig } from "./config";
import { verifyPassword } from "./password";
import { throttledSignIn } from "./sign-in-throttle";
import { markVerifiedByProvider } from "./verification";

export class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

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
        const outcome = await throttledSignIn({ email, address: clientAddress(request.headers) }, async () => {
          const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
          // Checked against a dummy hash when the e-mail is unknown, so both take as long.
          const right = await verifyPassword(password, user?.passwordHash);
          return right && user ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null;
        });
        if (outcome === "limited") throw new TooManyAttempts();
        return outcome;
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
