/**
 * Issue #12: every API request has a request id — the caller's when sane,
 * else a new one — returned in X-Request-Id and carried by the one access
 * line it gets (method, path, status, duration, account; never the key).
 * Real route handlers, real PostgreSQL; the app's logger is observed at its
 * output stream, after serialization and redaction.
 */
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { grantCredits } from "@/lib/credits";
import { log } from "@/lib/log";
import { apiClient, call } from "../support/api";

interface Line {
  msg: string;
  requestId?: string;
  [field: string]: unknown;
}

const stream = (log as unknown as Record<symbol, { write: (line: string) => unknown }>)[pino.symbols.streamSym]!;
const originalWrite = stream.write;
let written: string[] = [];

// Vitest runs at LOG_LEVEL=warn (vitest.config.ts); access lines are info.
const level = log.level;

beforeEach(() => {
  log.level = "info";
  written = [];
  stream.write = function (this: unknown, line: string) {
    written.push(line);
    return originalWrite.call(this, line);
  };
});
afterEach(() => {
  log.level = level;
  stream.write = originalWrite;
});

const lines = (): Line[] => written.flatMap((l) => l.trim().split("\n")).map((l) => JSON.parse(l) as Line);
const accessLines = () => lines().filter((l) => l.msg === "request");

describe("request ids and access lines of the metering API", () => {
  it("keeps a sane caller id, returns it, and writes one access line with the account and not the key", async () => {
    const { key, accountId } = await apiClient("trace");
    const res = await call("GET", "/api/v1/balance", { key, headers: { "x-request-id": "client-trace-0001" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("client-trace-0001");
    const access = accessLines();
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ requestId: "client-trace-0001", method: "GET", path: "/api/v1/balance", status: 200, accountId });
    expect(typeof access[0]!.durationMs).toBe("number");
    expect(access[0]!.keyId).toEqual(expect.any(String));
    expect(written.join("")).not.toContain(key);
  });

  it("replaces an unusable caller id with a fresh one, the same in the header and the log", async () => {
    const { key, accountId } = await apiClient("fresh");
    await grantCredits({ accountId, source: "purchase", amount: 10 });
    const res = await call("POST", "/api/v1/usage", {
      key,
      idempotencyKey: randomUUID(),
      body: { feature: "chat", model: "gpt-5-mini" },
      headers: { "x-request-id": "bad id\"} with spaces" },
    });
    expect(res.status).toBe(201);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(accessLines()).toEqual([expect.objectContaining({ requestId: id, method: "POST", path: "/api/v1/usage", status: 201, accountId })]);
  });

  it("logs refused requests too, with their status and without the key that was tried", async () => {
    const tried = `cr_${"Z".repeat(43)}`;
    const res = await call("GET", "/api/v1/balance", { key: tried });
    expect(res.status).toBe(401);
    const [access] = accessLines();
    expect(access).toMatchObject({ status: 401, requestId: res.headers.get("x-request-id") });
    expect(access).not.toHaveProperty("accountId");
    expect(written.join("")).not.toContain(tried);
  });

  it("never lends one request's id or account to another served at the same time", async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, (_, i) => apiClient(`concurrent-${i}`)));
    const responses = await Promise.all(
      clients.map((c, i) => call("GET", "/api/v1/balance", { key: c.key, headers: { "x-request-id": `concurrent-request-${i}` } })),
    );
    responses.forEach((res, i) => expect(res.headers.get("x-request-id")).toBe(`concurrent-request-${i}`));
    const byId = new Map(accessLines().map((l) => [l.requestId, l.accountId]));
    expect(byId.size).toBe(clients.length);
    clients.forEach((c, i) => expect(byId.get(`concurrent-request-${i}`)).toBe(c.accountId));
  });
});
