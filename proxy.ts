import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig, isProtectedPath } from "@/lib/auth/config";
import { contentSecurityPolicy } from "@/lib/security/headers";

const { auth } = NextAuth(authConfig);

/**
 * Every page: the Content-Security-Policy (built per request, as the sandbox's
 * port is known only at run time). App pages: signed-out visitors go to
 * sign-in and come back after. This only redirects — every page, action and
 * route handler still checks the session itself.
 */
export default auth((request) => {
  if (isProtectedPath(request.nextUrl.pathname) && !request.auth?.user) {
    const signIn = new URL("/sign-in", request.nextUrl);
    signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    return NextResponse.redirect(signIn);
  }
  const response = NextResponse.next();
  response.headers.set("Content-Security-Policy", contentSecurityPolicy());
  return response;
});

export const config = {
  // Pages only: API routes authenticate themselves, and static files need no policy.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
