import "server-only";
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { servedWithRequestLog } from "@/lib/log/access";
import { handlers } from "./index";

/**
 * Auth.js answers a `callbackUrl` query parameter that is not an http(s) URL
 * (`javascript:alert(1)`, `dashboard`) with a 500 "server configuration"
 * page. It is the caller's mistake, so it gets the 400 of DESIGN.md §5
 * before Auth.js sees it. Same test as Auth.js's own (a path is read against
 * this site).
 */
function hasInvalidCallbackUrl(request: NextRequest): boolean {
  const value = request.nextUrl.searchParams.get("callbackUrl");
  if (value === null || value === "") return false;
  try {
    return !/^https?:$/.test(new URL(value, value.startsWith("/") ? request.nextUrl.origin : undefined).protocol);
  } catch {
    return true;
  }
}

function guarded(handler: (request: NextRequest) => Promise<Response>) {
  // Each with a request id and an access line, like every route handler (lib/log/access.ts).
  return (request: NextRequest): Promise<Response> =>
    servedWithRequestLog(request, async () => {
      if (hasInvalidCallbackUrl(request)) {
        return errorResponse(new AppError("invalid_request", "callbackUrl must be a path on this site.", { param: "callbackUrl" }));
      }
      return handler(request);
    });
}

/** Auth.js's sign-in, callback and session routes, behind the check above. */
export const authRouteHandlers = { GET: guarded(handlers.GET), POST: guarded(handlers.POST) };
