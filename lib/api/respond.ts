import "server-only";
import { isDatabaseUnavailable, serviceUnavailable } from "@/lib/database-unavailable";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { servedWithRequestLog } from "@/lib/log/access";

const noStore = { "Cache-Control": "no-store" };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { ...noStore, ...headers } });
}

export function errorResponse(error: AppError) {
  return json(
    error.toBody(),
    error.status,
    error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {},
  );
}

/**
 * Runs a route handler under its request id (lib/log/access.ts: one access
 * line, `X-Request-Id` on the response) and turns what it throws into the
 * error contract of DESIGN.md §5. Anything that is not an AppError is our
 * bug: logged, and answered 500 without details; a database that is down answers 503.
 */
export function handle(request: Request, run: () => Promise<Response>): Promise<Response> {
  return servedWithRequestLog(request, () => answerErrors(run));
}

async function answerErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    if (isDatabaseUnavailable(error)) {
      log.warn({ err: error }, "database unavailable");
      return errorResponse(serviceUnavailable("The service is briefly unavailable. Retry with the same Idempotency-Key."));
    }
    log.error({ err: error }, "unhandled API error");
    return json({ error: { code: "internal_error", message: "Something went wrong on our side." } }, 500);
  }
}
