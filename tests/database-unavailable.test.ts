/**
 * isDatabaseUnavailable must see a refused connection however it is wrapped:
 * Drizzle's Error cause chain, and Auth.js's CallbackRouteError (what
 * `authorize` throws, wrapped with a plain `{ err }` object as its cause),
 * which is how a sign-in during an outage reaches the form (issue #12).
 */
import { CallbackRouteError } from "@auth/core/errors";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/database-unavailable";

// Auth.js builds this shape from `new CallbackRouteError(thrown)`; its typings only allow the (message, options) form.
const authJsWrapped = (thrown: Error) => new CallbackRouteError("authorize failed", { cause: { err: thrown, provider: "credentials" } });
const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("isDatabaseUnavailable", () => {
  it("finds a refused connection through Drizzle's cause chain", () => {
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: refused() }))).toBe(true);
  });

  it("finds it inside Auth.js's wrapper of an authorize() failure", () => {
    const wrapped = authJsWrapped(new Error("Failed query", { cause: refused() }));
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it("does not call a wrong password or an ordinary bug an outage", () => {
    expect(isDatabaseUnavailable(authJsWrapped(new Error("boom")))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable({ code: "ECONNREFUSED" })).toBe(false);
  });
});
