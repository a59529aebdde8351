import pino, { type DestinationStream, type Level, type Logger } from "pino";
import { logContext } from "./context";
import { scrubText, scrubValues } from "./redact";
import { serializeRequest } from "./serializers";

export type LogLevel = Level | "silent";

/**
 * The one logger configuration: JSON lines, secrets censored by field name
 * and scrubbed out of messages, errors and requests reduced to what is safe,
 * and the request or job context added to every line. Written synchronously
 * to the destination (stdout in the app): no worker-thread transport, which
 * would not survive Next.js's server bundles and could lose lines on a crash.
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubValues(object) as Record<string, unknown>,
      },
      // Errors, wherever they sit, are already reduced by scrubValues (formatters.log runs
      // before serializers); pino's default `err` serializer would copy the result's fields again.
      serializers: { err: (reduced: unknown) => reduced, req: serializeRequest, request: serializeRequest },
      mixin: () => ({ ...logContext() }),
      hooks: {
        // Messages are text a developer wrote around a value; scrub them like error messages.
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubText(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}
