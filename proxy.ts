import NextAuth, { type NextAuthRequest } from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { authConfig, isProtectedPath } from "@/lib/auth/config";
import { AppError } from "@/lib/errors";
import { REQUEST_ID_HEADER, log, requestIdFrom } from "@/lib/log";
import { contentSecurityPolicy } from "@/lib/security/headers";

const { auth } = NextAuth(authConfig);

/** Whether every segment of a path is valid percent-encoded UTF-8. */
function pathDecodes(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every page: a request id (the caller's X-Request-Id when sane, else a new
 * one), passed on as a request header — pages, server actions and
 * instrumentation's onRequestError read it there — and returned to the
 * browser; and the Content-Security-Policy (built per request, as the
 * sandbox's port is known only at run time). App pages: signed-out visitors
 * go to sign-in and come back after. This only redirects — every page,
 * action and route handler still checks the session itself.
 */
// Typed with the event, so that auth() returns a middleware (its other overload is a route handler's).
const pages = auth((request: NextAuthRequest, _event: NextFetchEvent) => {
  const requestId = requestIdFrom(request.headers);
  const api = request.nextUrl.pathname.startsWith("/api/");
  // Next.js answers a dynamic segment it cannot decode ("/reports/%FF") with a bare 500:
  // the API refuses it with the error contract, a page is "not found" like any other bad address.
  if (!pathDecodes(request.nextUrl.pathname)) {
    const refused = api
      ? errorResponse(new AppError("invalid_request", "The URL's path is not valid percent-encoded UTF-8."))
      : NextResponse.rewrite(new URL("/not-a-valid-path", request.url));
    if (!api) refused.headers.set("Content-Security-Policy", contentSecurityPolicy());
    refused.headers.set(REQUEST_ID_HEADER, requestId);
    return refused;
  }
  // API routes reach the proxy only with a "%" in their path (see the matcher), for the check above.
  if (api) return NextResponse.next();
  if (isProtectedPath(request.nextUrl.pathname) && !request.auth?.user) {
    const signIn = new URL("/sign-in", request.nextUrl);
    signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    log.debug({ requestId, path: request.nextUrl.pathname }, "signed out: redirected to sign-in");
    const redirect = NextResponse.redirect(signIn);
    redirect.headers.set(REQUEST_ID_HEADER, requestId);
    return redirect;
  }
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("Content-Security-Policy", contentSecurityPolicy());
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
});

/**
 * Auth.js re-signs the session cookie on every request it sees (a rolling
 * expiry). A request still in flight when the user signs out (a prefetch, a
 * client navigation) carries the old cookie, and its answer would set it
 * again: signed out, then signed back in behind the user's back. So only a
 * page load the browser navigates to renews the cookie; fetches (RSC,
 * prefetches, actions) never set it. Next.js hides its RSC headers from the
 * proxy, so the browser's own Sec-Fetch-Mode tells them apart.
 */
function keepsSessionCookieOut(request: NextRequest): boolean {
  return !(request.method === "GET" && request.headers.get("sec-fetch-mode") === "navigate");
}

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?=/;

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const response = await pages(request, event);
  if (!response || !keepsSessionCookieOut(request)) return response;
  const cookies = response.headers.getSetCookie();
  if (!cookies.some((cookie) => SESSION_COOKIE.test(cookie))) return response;
  response.headers.delete("set-cookie");
  for (const cookie of cookies) if (!SESSION_COOKIE.test(cookie)) response.headers.append("set-cookie", cookie);
  return response;
}

export const config = {
  matcher: [
    // Pages only: API routes authenticate themselves and take their request id in
    // lib/log/access.ts, and static files need no policy.
    "/((?!api/|_next/static|_next/image|favicon.ico).*)",
    // API paths with percent-encoding, for the path check alone (the metering API's hot path skips the proxy).
    "/api/(.*%.*)",
  ],
};
