import type { NextAuthConfig } from "next-auth";
import { authLogger } from "./logger";

// Sections whose pages need a signed-in user (app/robots.ts keeps crawlers out of
// them too). /admin is not here: it answers 404 to everyone who is not an admin,
// signed in or not, so its existence stays private.
export const protectedSections = ["dashboard", "usage", "settings", "features", "reports", "help"] as const;
const PROTECTED = new RegExp(`^/(${protectedSections.join("|")})(/|$)`);

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED.test(pathname);
}

/**
 * The part of the Auth.js configuration that needs no database, shared by the
 * full configuration (lib/auth/index.ts) and proxy.ts.
 */
export const authConfig = {
  pages: { signIn: "/sign-in" },
  logger: authLogger,
  // The Credentials provider works only with JWT sessions.
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      // The session version the token was signed in at (lib/auth/session.ts compares it with the user's).
      return Object.assign(session, { sessionVersion: typeof token.sv === "number" ? token.sv : 0 });
    },
  },
} satisfies NextAuthConfig;
