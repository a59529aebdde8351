import type { NextRequest } from "next/server";
import { currentUser } from "@/lib/auth/session";
import { TIME_ZONE_COOKIE, accountIdForUser, monthOf, monthlyStatement, now, parseStatementMonth, safeTimeZone, statementCsv } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import { errorResponse, handle } from "@/lib/api/respond";

export const dynamic = "force-dynamic";

/** The statements page's "Download CSV": the same figures, for the signed-in user's own account. */
export function GET(request: NextRequest) {
  return handle(request, () => statementDownload(request));
}

async function statementDownload(request: NextRequest) {
  const user = await currentUser();
  if (!user) return errorResponse(new AppError("unauthenticated", "Sign in to download your statement."));
  const accountId = await accountIdForUser(user.id);
  const timeZone = safeTimeZone(request.cookies.get(TIME_ZONE_COOKIE)?.value);
  // A month that is not valid gets the current month, as on the page the link came from.
  const { month } = parseStatementMonth(request.nextUrl.searchParams.get("month"), monthOf(now(), timeZone));
  const statement = await monthlyStatement(accountId, month, timeZone);
  return new Response(statementCsv(statement), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="statement-${month}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
