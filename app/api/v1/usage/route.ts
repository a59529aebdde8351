import { authenticate } from "@/lib/api/authenticate";
import { idempotencyKey, parse, readJson, requestHash } from "@/lib/api/request";
import { handle, json } from "@/lib/api/respond";
import { answer } from "@/lib/api/answer";
import { usageQuerySchema, usageSchema } from "@/lib/api/schemas";
import { debit, decodeCursor, listUsage, priceRequest, usageCsvStream, usageRow } from "@/lib/credits";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Meters one request: prices it from the rate card and spends the credits. */
export function POST(request: Request) {
  return handle(request, async () => {
    const caller = await authenticate(request);
    const key = idempotencyKey(request);
    const body = parse(usageSchema, await readJson(request));
    const { credits } = priceRequest(body);
    const result = await debit({
      accountId: caller.accountId,
      credits,
      ...body,
      idempotency: { key, hash: requestHash("usage", body) },
      apiKeyId: caller.keyId,
    });
    return answer(result);
  });
}

/** The request log, newest first, a page at a time; or all of it as CSV. */
export function GET(request: Request) {
  return handle(request, async () => {
    const caller = await authenticate(request);
    const query = parse(usageQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    const filter = { from: query.from, to: query.to, feature: query.feature, model: query.model };
    if (query.format === "csv") {
      return new Response(usageCsvStream(caller.accountId, filter), {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": 'attachment; filename="usage.csv"',
          "Cache-Control": "no-store",
        },
      });
    }
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (cursor === null) throw new AppError("invalid_request", "cursor is not valid.", { status: 422, param: "cursor" });
    const page = await listUsage(caller.accountId, filter, { limit: query.limit, cursor });
    return json({ data: page.data.map(usageRow), nextCursor: page.nextCursor });
  });
}
