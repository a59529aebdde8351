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
import { welcomeNewUser } from "./sign-up";

export class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

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
          return right && user ? { id: user.id, email: user.email, name: user.name } : null;
        });
        if (outcome === "limited") throw new TooManyAttempts();
        return outcome;
      },
    }),
    ...(oauthProviders.github ? [GitHub] : []),
    ...(oauthProviders.google ? [Google] : []),
  ],
  events: {
    // An account made by a GitHub or Google sign-in is welcomed as the sign-up form's are.
    async createUser({ user }) {
      if (user.id) await welcomeNewUser(user.id);
    },
  },
});
