import type { Instrumentation } from "next";

/**
 * Runs once when a server process starts: the background jobs live inside it.
 * NEXT_RUNTIME is a build-time constant that Next.js inlines, which is what
 * keeps the Node.js-only job code out of the edge bundle; it is not configuration.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerJobs } = await import("./lib/jobs/server");
    startServerJobs();
    // Pro's Stripe product and price exist before anyone upgrades (found by lookup key, else created once).
    const { proPriceId } = await import("./lib/payments/subscriptions/plans");
    const { log } = await import("./lib/log");
    proPriceId().catch((error: unknown) => log.error({ err: error }, "plans: could not set up the Pro price"));
  }
}

/**
 * An error no handler of ours caught while rendering a page or running a
 * route: logged as one structured line with the request id proxy.ts gave the
 * request (route handlers and actions answer their own errors and log them there).
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { log, saneRequestId } = await import("./lib/log");
  // proxy.ts has set a sane id on page requests; /api/* requests carry the caller's header as sent.
  const sent = request.headers["x-request-id"];
  const requestId = saneRequestId(typeof sent === "string" ? sent : undefined);
  log.error(
    {
      err: error,
      requestId,
      method: request.method,
      path: request.path.split("?")[0],
      routePath: context.routePath,
      routeType: context.routeType,
    },
    "request error",
  );
};
