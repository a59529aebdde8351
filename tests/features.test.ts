import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { holds, usageRequests, type User } from "@/db/schema";
import { getBalance, grantCredits } from "@/lib/credits";
import { priceRequest, type ModelId } from "@/lib/credits/shared";
import { AppError } from "@/lib/errors";
import { aiFeatures, estimateTokens, maxCredits, startFeatureRun, type Responder, type RunEvent } from "@/lib/features";
import { ledgerProblems } from "./support/accounts";
import { createUser } from "./support/accounts";

// The route handler's session, for the HTTP tests at the end.
const session = vi.hoisted(() => ({ user: null as User | null }));
vi.mock("@/lib/auth/session", () => ({
  requireUserForAction: async () => {
    if (!session.user) throw new Error("no session in this test");
    return session.user;
  },
}));

const messages = [{ role: "user" as const, content: "Write a function that reverses a string." }];

async function funded(credits: number) {
  const { user, accountId } = await createUser("features");
  if (credits > 0) await grantCredits({ accountId, source: "purchase", amount: credits });
  return { user, accountId };
}

/** Streams the given pieces, then reports the token counts. */
function fakeResponder(pieces: string[], usage?: { inputTokens: number; outputTokens: number }): Responder {
  return async function* () {
    for (const text of pieces) yield { type: "text", text };
    if (usage) yield { type: "usage", ...usage };
  };
}

async function collect(events: AsyncIterable<RunEvent>) {
  const all: RunEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** What a run that streamed `text` before it ended costs: the rate card's price of its input and that output. */
function streamedCost(feature: "chat" | "code_generation", model: ModelId, text: string) {
  const spec = aiFeatures[feature];
  const inputTokens = estimateTokens(spec.system) + messages.reduce((n, m) => n + estimateTokens(m.content), 0);
  return priceRequest({ feature, model, inputTokens, outputTokens: estimateTokens(text) }).credits;
}

async function logged(requestId: string) {
  const [row] = await db.select().from(usageRequests).where(eq(usageRequests.id, requestId));
  const [hold] = await db.select().from(holds).where(eq(holds.requestId, requestId));
  return { row: row!, hold: hold! };
}

describe("feature runner: hold → capture or release", () => {
  it("holds the most the request could cost, then captures the rate-card cost of the tokens used", async () => {
    const { accountId } = await funded(100);
    const long = [{ role: "user" as const, content: "x".repeat(9_000) }];
    const held = maxCredits("code_generation", "claude-opus-4.1", long);
    // 9,000 characters + 2,048 output tokens is a medium request at most: 2 × 3 × 2.
    expect(held).toBe(12);

    const run = await startFeatureRun({
      accountId,
      feature: "code_generation",
      model: "claude-opus-4.1",
      messages: long,
      responder: fakeResponder(["const ", "x = 1;"], { inputTokens: 2_300, outputTokens: 40 }),
    });
    expect(run.heldCredits).toBe(12);
    expect((await getBalance(accountId)).held).toBe(12);

    const events = await collect(run.events);
    const expected = priceRequest({ feature: "code_generation", model: "claude-opus-4.1", inputTokens: 2_300, outputTokens: 40 });
    expect(expected.credits).toBe(6);
    expect(events.map((e) => e.type)).toEqual(["start", "text", "text", "done"]);
    expect(events.at(-1)).toMatchObject({ type: "done", requestId: run.requestId, credits: 6, inputTokens: 2_300, outputTokens: 40, balance: 94 });

    expect(await getBalance(accountId)).toMatchObject({ balance: 94, available: 94, held: 0 });
    const { row, hold } = await logged(run.requestId);
    expect(row).toMatchObject({ status: "captured", credits: 6, heldCredits: 12, feature: "code_generation", model: "claude-opus-4.1", inputTokens: 2_300, outputTokens: 40 });
    expect(hold).toMatchObject({ status: "captured", captured: 6 });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("estimates the tokens when the endpoint reports none", async () => {
    const { accountId } = await funded(10);
    const run = await startFeatureRun({ accountId, feature: "chat", model: "gpt-5-mini", messages, responder: fakeResponder(["Hello ", "there."]) });
    const done = (await collect(run.events)).at(-1);
    // "Hello there." is 12 characters: 3 tokens at about 4 characters a token.
    expect(done).toMatchObject({ type: "done", credits: 1, outputTokens: 3 });
    expect((await logged(run.requestId)).row).toMatchObject({ status: "captured", credits: 1, outputTokens: 3 });
    expect((await getBalance(accountId)).balance).toBe(9);
  });

  // DESIGN.md §4.10, "output is paid for": a run that streamed output is charged for it, whatever ends it.
  it("charges what was streamed when the model fails mid-stream (input + output so far, at most the hold)", async () => {
    const { accountId } = await funded(20);
    const failing: Responder = async function* () {
      yield { type: "text", text: "partial" };
      throw new Error("connection reset by the endpoint");
    };
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const run = await startFeatureRun({ accountId, feature: "chat", model: "claude-sonnet-4.5", messages, responder: failing });
    const events = await collect(run.events);
    error.mockRestore();
    const cost = streamedCost("chat", "claude-sonnet-4.5", "partial");
    expect(cost).toBeGreaterThan(0);
    expect(events.map((e) => e.type)).toEqual(["start", "text", "error"]);
    expect(events.at(-1)).toMatchObject({ type: "error", requestId: run.requestId, credits: cost, message: expect.stringMatching(/charged only for the part/) });
    expect(await getBalance(accountId)).toMatchObject({ balance: 20 - cost, available: 20 - cost, held: 0 });
    expect((await logged(run.requestId)).row).toMatchObject({ status: "captured", credits: cost });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("is free when the model fails before any output", async () => {
    const { accountId } = await funded(20);
    const failing: Responder = async function* () {
      yield* [];
      throw new Error("connection refused");
    };
    const run = await startFeatureRun({ accountId, feature: "chat", model: "claude-sonnet-4.5", messages, responder: failing });
    const events = await collect(run.events);
    expect(events.at(-1)).toMatchObject({ type: "error", credits: 0, message: expect.stringMatching(/not charged/) });
    expect(await getBalance(accountId)).toMatchObject({ balance: 20, held: 0 });
    expect((await logged(run.requestId)).row).toMatchObject({ status: "released", credits: 0 });
  });

  it("charges what was streamed when the client aborts, even while the model is still writing", async () => {
    const { accountId } = await funded(20);
    const client = new AbortController();
    const slow: Responder = async function* ({ signal }) {
      yield { type: "text", text: "first ".repeat(400) };
      // Waits until aborted, as a real stream does.
      await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
      yield { type: "text", text: "never" };
    };
    const run = await startFeatureRun({ accountId, feature: "code_generation", model: "claude-sonnet-4.5", messages, responder: slow, signal: client.signal });
    const seen: RunEvent[] = [];
    for await (const event of run.events) {
      seen.push(event);
      if (event.type === "text") client.abort();
    }
    const cost = Math.min(run.heldCredits, streamedCost("code_generation", "claude-sonnet-4.5", "first ".repeat(400)));
    expect(cost).toBeGreaterThan(0);
    expect(seen.map((e) => e.type)).toEqual(["start", "text"]);
    expect(await getBalance(accountId)).toMatchObject({ balance: 20 - cost, held: 0 });
    expect((await logged(run.requestId)).row).toMatchObject({ status: "captured", credits: cost });
    expect(await ledgerProblems()).toEqual([]);
  });

  it("releases the hold when the consumer stops reading before any output; charges once it has read some", async () => {
    const { accountId } = await funded(20);
    const never = await startFeatureRun({ accountId, feature: "chat", model: "claude-opus-4.1", messages, responder: fakeResponder(["a"]) });
    expect((await getBalance(accountId)).held).toBe(3);
    await never.events.return();
    expect((await logged(never.requestId)).row.status).toBe("released");

    const started = await startFeatureRun({ accountId, feature: "chat", model: "claude-opus-4.1", messages, responder: fakeResponder(["a", "b"]) });
    await started.events.next();
    await started.events.return();
    expect((await logged(started.requestId)).row.status).toBe("released");
    expect(await getBalance(accountId)).toMatchObject({ balance: 20, held: 0 });

    const read = await startFeatureRun({ accountId, feature: "chat", model: "claude-opus-4.1", messages, responder: fakeResponder(["a", "b"]) });
    await read.events.next(); // start
    await read.events.next(); // "a"
    await read.events.return();
    const cost = streamedCost("chat", "claude-opus-4.1", "a");
    expect((await logged(read.requestId)).row).toMatchObject({ status: "captured", credits: cost });
    expect(await getBalance(accountId)).toMatchObject({ balance: 20 - cost, held: 0 });
  });

  it("refuses with insufficient_credits (402) at zero and when the hold does not fit, without streaming", async () => {
    const responder = vi.fn(fakeResponder(["a"]));
    const empty = await funded(0);
    const refused = startFeatureRun({ accountId: empty.accountId, feature: "chat", model: "gpt-5-mini", messages, responder });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: "insufficient_credits", status: 402, message: expect.stringMatching(/no credits left/) });

    const short = await funded(2);
    await expect(
      startFeatureRun({ accountId: short.accountId, feature: "code_generation", model: "claude-opus-4.1", messages, responder }),
    ).rejects.toMatchObject({ status: 402, message: expect.stringMatching(/up to 6 and 2 are available/) });
    expect(responder).not.toHaveBeenCalled();
    expect(await getBalance(short.accountId)).toMatchObject({ balance: 2, held: 0 });
  });
});

describe("POST /api/features/[feature]", () => {
  async function post(feature: string, body: unknown, signal?: AbortSignal) {
    const { POST } = await import("@/app/api/features/[feature]/route");
    const request = new Request(`http://localhost/api/features/${feature}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
    return POST(request, { params: Promise.resolve({ feature }) });
  }

  it("answers 402 insufficient_credits at zero, 404 for an unknown feature, 400/422 for a bad body", async () => {
    session.user = (await funded(0)).user;
    const res = await post("chat", { model: "gpt-5-mini", messages });
    expect(res.status).toBe(402);
    expect((await res.json()).error.code).toBe("insufficient_credits");
    expect((await post("agent_request", { model: "gpt-5-mini", messages })).status).toBe(404);
    expect((await post("chat", { model: "gpt-5-mini", messages: [] })).status).toBe(422);
    expect((await post("chat", { model: "gpt-5-mini", prompt: "hi" })).status).toBe(400);
  });

  it("streams the offline demo answer as NDJSON and charges the rate-card cost", async () => {
    const { user, accountId } = await funded(10);
    session.user = user;
    const res = await post("chat", { model: "claude-sonnet-4.5", messages });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const events = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as RunEvent);
    expect(events[0]).toMatchObject({ type: "start", requestId: res.headers.get("x-usage-request-id") });
    // The log's request id is another id than the usage log's (issue #12).
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const text = events.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("");
    expect(text).toMatch(/Demo answer/);
    expect(events.at(-1)).toMatchObject({ type: "done", credits: 1 });
    expect((await getBalance(accountId)).balance).toBe(9);
  });

  it("releases the hold when the response stream is cancelled", async () => {
    const { user, accountId } = await funded(10);
    session.user = user;
    const res = await post("code_generation", { model: "claude-sonnet-4.5", messages });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await vi.waitFor(async () => expect(await getBalance(accountId)).toMatchObject({ balance: 10, held: 0 }));
    expect((await logged(res.headers.get("x-usage-request-id")!)).row.status).toBe("released");
  });
});
