import "server-only";
import { env } from "@/lib/env";
import { createLogger } from "./logger";

/**
 * The server's logger: JSON lines on stdout, level from LOG_LEVEL. Log an
 * error as `log.error({ err }, "what failed")`; request ids and job run ids
 * are added by the context (lib/log/context.ts), never passed by hand.
 */
export const log = createLogger({ level: env.LOG_LEVEL });

export { annotateLog, bindLogContext, logContext, withLogContext, type LogContext } from "./context";
export { REQUEST_ID_HEADER, newRequestId, requestIdFrom, saneRequestId } from "./request-id";
