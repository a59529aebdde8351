import "server-only";
import { log } from "./index";
import { withLogContext } from "./context";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";

/** The response with the request id in its `X-Request-Id` header (copied when its headers are immutable). */
export function withRequestIdHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    // Response.redirect() and fetched responses have immutable headers.
    const copy = new Response(response.body, response);
    copy.headers.set(REQUEST_ID_HEADER, requestId);
    return copy;
  }
}

/**
 * Serves one route handler request under its request id: every line logged
 * while it runs carries the id (and the account, once lib/api/authenticate
 * or the session has named it), the response returns it in `X-Request-Id`,
 * and one access line records method, path, status and duration. A streamed
 * body (CSV, SSE, NDJSON) is timed to its first byte; the stream logs its own end.
 */
export function servedWithRequestLog(request: Request, run: () => Promise<Response>): Promise<Response> {
  const requestId = requestIdFrom(request.headers);
  const started = performance.now();
  return withLogContext({ requestId }, async () => {
    const line = { method: request.method, path: new URL(request.url).pathname };
    const durationMs = () => Math.round((performance.now() - started) * 10) / 10;
    let response: Response;
    try {
      response = await run();
    } catch (error) {
      // Reached only by what the route's own error handling let through; Next.js answers 500.
      log.error({ ...line, status: 500, durationMs: durationMs(), err: error }, "request failed");
      throw error;
    }
    log.info({ ...line, status: response.status, durationMs: durationMs() }, "request");
    return withRequestIdHeader(response, requestId);
  });
}
