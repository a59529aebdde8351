import "server-only";
import type { NextAuthConfig } from "next-auth";
import { log } from "@/lib/log";

// Failed sign-ins are expected traffic (and rate limited), not faults of ours.
const EXPECTED = new Set(["CredentialsSignin", "JWTSessionError"]);

/**
 * Auth.js's own messages, through our logger instead of its console output:
 * one JSON line each, errors reduced by serializeError (its debug output,
 * which can include tokens, is never turned on).
 */
export const authLogger: NonNullable<NextAuthConfig["logger"]> = {
  error(error) {
    const type = (error as { type?: unknown }).type ?? error.name;
    if (typeof type === "string" && EXPECTED.has(type)) log.info({ authError: type }, "auth: sign-in refused or session unreadable");
    else log.error({ err: error }, "auth error");
  },
  warn(code) {
    log.warn({ code }, "auth warning");
  },
  debug() {},
};
