import type { NextRequest } from "next/server";
import { currentUser } from "@/lib/auth/session";
import { TIME_ZONE_COOKIE, accountIdForUser, dayOf, parseUsageSearch, safeTimeZone, usageCsvStream } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import { errorResponse, handle } from "@/lib/api/respond";

export const dynamic = "force-dynamic";

/**
 * The usage page's "Export CSV": the rows its filters select, in the same CSV
 * as `GET /api/v1/usage?format=csv`, for the signed-in user's own account.
 */
export function GET(request: NextRequest) {
  return handle(request, () => exportUsage(request));
}

async function exportUsage(request: NextRequest) {
  const user = await currentUser();
  if (!user) return errorResponse(new AppError("unauthenticated", "Sign in to export your usage."));
  const accountId = await accountIdForUser(user.id);
  const timeZone = safeTimeZone(request.cookies.get(TIME_ZONE_COOKIE)?.value);
  // Invalid filter values are dropped, as on the page the link came from.
  const { filter } = parseUsageSearch(Object.fromEntries(request.nextUrl.searchParams), timeZone);
  return new Response(usageCsvStream(accountId, filter), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="usage-${dayOf(new Date(), timeZone)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
