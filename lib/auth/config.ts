import type { NextAuthConfig } from "next-auth";

/**
 * The part of the Auth.js configuration that needs no database, shared by the
 * full configuration (lib/auth/index.ts) and proxy.ts.
 */
export const authConfig = {
  pages: { signIn: "/sign-in" },
  // The Credentials provider works only with JWT sessions.
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  providers: [],
  callbacks: {
    // Used by proxy.ts: signed-out visits to app pages go to sign-in and come back.
    authorized: ({ auth }) => Boolean(auth?.user),
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;
