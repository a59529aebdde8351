import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { revokeApiKey } from "@/lib/api-keys";
import { getBalance, grantCredits } from "@/lib/credits";
import { ledgerProblems } from "../support/accounts";
import { apiClient, call } from "../support/api";

const chat = { feature: "chat", model: "claude-sonnet-4.5" };
let keyCounter = 0;
const newKey = () => `test-key-${++keyCounter}-${Date.now()}`;

async function funded(credits = 100) {
  const client = await apiClient();
  await grantCredits({ accountId: client.accountId, source: "purchase", amount: credits });
  return client;
}

async function usageRows(accountId: number) {
  const [row] = await db.execute<{ count: string }>(sql`select count(*) from usage_requests where account_id = ${accountId}`);
  return Number(row!.count);
}

describe("authentication", () => {
  it("answers 401 without a key, with a wrong key and with a revoked key", async () => {
    const { key, user } = await funded();
    for (const k of [null, "cr_not-a-real-key", `${key}x`]) {
      const res = await call("GET", "/api/v1/balance", { key: k });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthenticated");
    }
    const [row] = await db.execute<{ id: string }>(sql`select id from api_keys where user_id = ${user.id}`);
    await revokeApiKey(user.id, row!.id);
    expect((await call("GET", "/api/v1/balance", { key })).status).toBe(401);
  });

  it("answers 429 with Retry-After once the key's bucket is empty", async () => {
    const { key, user } = await funded();
    // Empty, and stamped ahead: at 100 tokens/s one is back every 10 ms, which a
    // loaded machine can take between this update and the call.
    await db.execute(
      sql`update api_keys set rate_tokens = 0, rate_refilled_at = clock_timestamp() + interval '10 seconds' where user_id = ${user.id}`,
    );
    const res = await call("GET", "/api/v1/balance", { key });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe("rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});

describe("POST /api/v1/usage", () => {
  it("prices the request from the rate card and spends the credits", async () => {
    const { key, accountId } = await funded(100);
    const res = await call("POST", "/api/v1/usage", {
      key,
      idempotencyKey: newKey(),
      body: { feature: "code_generation", model: "claude-opus-4.1", inputTokens: 40_000, outputTokens: 10_000 },
    });
    // 2 (code generation) × 3 (Opus) × 4 (large: 50,000 tokens)
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ requestId: expect.stringMatching(/^req_/), credits: 24, balance: 76 });
    const agent = await call("POST", "/api/v1/usage", {
      key,
      idempotencyKey: newKey(),
      body: { feature: "agent_request", model: "claude-opus-4.1", inputTokens: 500_000 },
    });
    expect(agent.body.credits).toBe(1);
    expect((await getBalance(accountId)).balance).toBe(75);
  });

  it("replays the same request, refuses another under the same key", async () => {
    const { key, accountId } = await funded(10);
    const idempotencyKey = newKey();
    const first = await call("POST", "/api/v1/usage", { key, idempotencyKey, body: chat });
    const replay = await call("POST", "/api/v1/usage", { key, idempotencyKey, body: { model: chat.model, feature: chat.feature } });
    expect(replay.status).toBe(first.status);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    const conflict = await call("POST", "/api/v1/usage", { key, idempotencyKey, body: { ...chat, inputTokens: 5 } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("idempotency_conflict");
    expect((await getBalance(accountId)).balance).toBe(9);
  });

  it("20 concurrent requests with one key debit once", async () => {
    const { key, accountId } = await funded(50);
    const idempotencyKey = newKey();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => call("POST", "/api/v1/usage", { key, idempotencyKey, body: chat })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.requestId)).size).toBe(1);
    expect(results.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(19);
    expect((await getBalance(accountId)).balance).toBe(49);
  });

  it("a 402 does not use up its key: the same key succeeds once credits arrive", async () => {
    const { key, accountId } = await funded(1);
    const idempotencyKey = newKey();
    const body = { feature: "code_generation", model: "claude-sonnet-4.5" };
    const refused = await call("POST", "/api/v1/usage", { key, idempotencyKey, body });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ code: "insufficient_credits", message: expect.stringContaining("needs 2") });
    await grantCredits({ accountId, source: "purchase", amount: 10 });
    const ok = await call("POST", "/api/v1/usage", { key, idempotencyKey, body });
    expect(ok.status).toBe(201);
    expect(ok.body.balance).toBe(9);
  });

  const bad: [string, { body?: unknown; rawBody?: string; headers?: Record<string, string>; noKey?: boolean }, number, string | undefined][] = [
    ["a negative token count", { body: { ...chat, inputTokens: -1 } }, 422, "inputTokens"],
    ["a fractional token count", { body: { ...chat, outputTokens: 1.5 } }, 422, "outputTokens"],
    ["a huge token count", { body: { ...chat, inputTokens: 1e12 } }, 422, "inputTokens"],
    ["a number too large for JSON", { rawBody: '{"feature":"chat","model":"claude-sonnet-4.5","inputTokens":1e309}' }, 422, "inputTokens"],
    ["a string for a number", { body: { ...chat, inputTokens: "12" } }, 400, "inputTokens"],
    ["a missing feature", { body: { model: chat.model } }, 400, "feature"],
    ["a missing model", { body: { feature: "chat" } }, 400, "model"],
    ["an unknown feature", { body: { ...chat, feature: "telepathy" } }, 422, "feature"],
    ["an unknown model", { body: { ...chat, model: "gpt-1" } }, 422, "model"],
    ["an unknown field", { body: { ...chat, price: 0 } }, 400, "price"],
    ["an array for the body", { body: [chat] }, 400, undefined],
    ["metadata that is not an object", { body: { ...chat, metadata: "x" } }, 400, "metadata"],
    ["malformed JSON", { rawBody: '{"feature": "chat",' }, 400, undefined],
    ["the wrong content type", { rawBody: "feature=chat", headers: { "content-type": "application/x-www-form-urlencoded" } }, 400, "Content-Type"],
    ["no Idempotency-Key", { body: chat, noKey: true }, 400, "Idempotency-Key"],
    ["an oversize body", { body: { ...chat, metadata: { blob: "x".repeat(70_000) } } }, 413, undefined],
  ];

  it.each(bad)("%s: a 4xx naming the field, ledger untouched", async (_name, input, status, param) => {
    const { key, accountId } = await funded(100);
    const res = await call("POST", "/api/v1/usage", {
      key,
      idempotencyKey: input.noKey ? undefined : newKey(),
      body: input.body,
      rawBody: input.rawBody,
      headers: input.rawBody && !input.headers ? { "content-type": "application/json" } : input.headers,
    });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(status === 413 ? "payload_too_large" : "invalid_request");
    expect(res.body.error.message).toEqual(expect.any(String));
    expect(res.body.error.param).toBe(param);
    expect((await getBalance(accountId)).balance).toBe(100);
    expect(await usageRows(accountId)).toBe(0);
  });
});

describe("holds over HTTP", () => {
  it("hold → capture → replayed capture; other operations on it are 409", async () => {
    const { key, accountId } = await funded(100);
    const hold = await call("POST", "/api/v1/holds", { key, idempotencyKey: newKey(), body: { ...chat, maxCredits: 30 } });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ holdId: expect.stringMatching(/^hold_/), credits: 30, expiresAt: expect.any(String) });
    expect(Date.parse(hold.body.expiresAt) - Date.now()).toBeGreaterThan(890_000);

    const path = `/api/v1/holds/${hold.body.holdId}`;
    const over = await call("POST", `${path}/capture`, { key, body: { credits: 31 } });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: "hold_exceeded", param: "credits" });

    const capture = await call("POST", `${path}/capture`, { key, body: { credits: 12 } });
    expect(capture.status).toBe(200);
    expect(capture.body).toMatchObject({ requestId: hold.body.requestId, credits: 12, balance: 88 });
    const again = await call("POST", `${path}/capture`, { key, body: { credits: 12 } });
    expect(again.body).toEqual(capture.body);
    for (const [op, body] of [["capture", { credits: 5 }], ["release", undefined]] as const) {
      const res = await call("POST", `${path}/${op}`, { key, body });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("hold_not_pending");
    }
    expect((await getBalance(accountId)).balance).toBe(88);
  });

  it("a hold larger than the available balance is 402; ttlSeconds over an hour is 422", async () => {
    const { key } = await funded(10);
    const big = await call("POST", "/api/v1/holds", { key, idempotencyKey: newKey(), body: { ...chat, maxCredits: 11 } });
    expect(big.status).toBe(402);
    const long = await call("POST", "/api/v1/holds", { key, idempotencyKey: newKey(), body: { ...chat, maxCredits: 1, ttlSeconds: 3601 } });
    expect(long.status).toBe(422);
    expect(long.body.error.param).toBe("ttlSeconds");
  });

  it("another account's hold, and an id that cannot exist, are 404 with nothing changed", async () => {
    const owner = await funded(50);
    const other = await funded(50);
    const hold = await call("POST", "/api/v1/holds", { key: owner.key, idempotencyKey: newKey(), body: { ...chat, maxCredits: 5 } });
    for (const op of ["capture", "release"]) {
      const res = await call("POST", `/api/v1/holds/${hold.body.holdId}/${op}`, { key: other.key, body: { credits: 1 } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await call("POST", "/api/v1/holds/hold_x'; drop table holds;--/release", { key: other.key })).status).toBe(404);
    expect(await getBalance(owner.accountId)).toMatchObject({ held: 5, available: 45 });
    expect(await ledgerProblems()).toEqual([]);
  });
});

describe("GET /api/v1/balance", () => {
  it("shows balance, available, held and the grants", async () => {
    const { key } = await funded(40);
    await call("POST", "/api/v1/holds", { key, idempotencyKey: newKey(), body: { ...chat, maxCredits: 15 } });
    const res = await call("GET", "/api/v1/balance", { key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ balance: 40, available: 25, held: 15, autoRefill: { enabled: false } });
    expect(res.body.grants).toEqual([expect.objectContaining({ source: "purchase", amount: 40, remaining: 25 })]);
  });
});
