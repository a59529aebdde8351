/**
 * Bounds of the live balance (DESIGN.md §5): at most 10 streams per user, an
 * 11th closing the oldest with an `evicted` event (the browser does not
 * reconnect on it, so two tabs cannot evict each other forever), and a
 * per-process cap answered with a clear 503. Through the real route handler,
 * in-process, with real subscriptions on the test's PostgreSQL.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createUser } from "./support/accounts";

// A small per-process cap, so the test reaches it; hoisted above the imports, as lib/env reads it once.
vi.hoisted(() => {
  process.env.LIVE_BALANCE_MAX_STREAMS = "12";
});

vi.mock("@/lib/auth/session", () => import("./support/session-double"));
const { session } = await import("./support/session-double");
const { GET } = await import("@/app/api/balance/stream/route");
const { subscriberCount } = await import("@/lib/live-balance");

interface Opened {
  status: number;
  body: string;
  abort: AbortController;
  /** Resolves with everything the stream sent once it ends. */
  ended: Promise<string>;
  /** Resolves once the stream has sent its first balance (or ended). */
  firstBalance: Promise<void>;
}

async function open(): Promise<Opened> {
  const abort = new AbortController();
  const response = await GET(new Request("http://localhost/api/balance/stream", { signal: abort.signal }));
  if (response.status !== 200 || !response.body) {
    return { status: response.status, body: await response.text(), abort, ended: Promise.resolve(""), firstBalance: Promise.resolve() };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let markFirst = () => {};
  const firstBalance = new Promise<void>((resolve) => (markFirst = resolve));
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.includes("event: balance")) markFirst();
    }
    markFirst();
    return text;
  })();
  return { status: 200, body: "", abort, ended, firstBalance };
}

const streams: Opened[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.abort.abort();
  await expect.poll(() => subscriberCount(), { timeout: 15_000 }).toBe(0);
});

describe("live balance stream bounds", () => {
  it("30 streams from one user: the 10 newest stay open, the 20 oldest are told `evicted` and end", async () => {
    const { user, accountId } = await createUser("streams");
    session.user = user;
    for (let i = 0; i < 30; i++) {
      const s = await open();
      streams.push(s);
      expect(s.status).toBe(200);
      await s.firstBalance;
    }
    await expect.poll(() => subscriberCount(accountId)).toBe(10);
    const endedEarly = await Promise.all(
      streams.map((s) => Promise.race([s.ended.then((text) => text), new Promise<null>((r) => setTimeout(() => r(null), 1000))])),
    );
    const evicted = endedEarly.filter((text): text is string => text !== null);
    console.log(`30 opened by one user: ${subscriberCount(accountId)} open, ${evicted.length} evicted`);
    expect(evicted).toHaveLength(20);
    // The oldest ones, each told why before the end, so its tab does not reconnect by itself.
    expect(endedEarly.slice(0, 20).every((text) => text !== null && /event: evicted\n/.test(text))).toBe(true);
    expect(endedEarly.slice(20).every((text) => text === null)).toBe(true);
  });

  it("the per-process cap: a new user's stream beyond it is a 503 with Retry-After; a user at their own limit still replaces their oldest", async () => {
    const a = await createUser("cap-a");
    const b = await createUser("cap-b");
    const c = await createUser("cap-c");
    session.user = a.user;
    for (let i = 0; i < 10; i++) streams.push(await open());
    session.user = b.user;
    for (let i = 0; i < 2; i++) streams.push(await open());
    expect(subscriberCount()).toBe(12);

    session.user = c.user;
    const abort = new AbortController();
    const refused = await GET(new Request("http://localhost/api/balance/stream", { signal: abort.signal }));
    streams.push({ status: refused.status, body: "", abort, ended: Promise.resolve(""), firstBalance: Promise.resolve() });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ error: { code: "service_unavailable", message: expect.stringMatching(/live/i) } });

    // A's 11th takes the place of A's oldest: the process stays at its cap.
    session.user = a.user;
    const replacing = await open();
    streams.push(replacing);
    expect(replacing.status).toBe(200);
    await replacing.firstBalance;
    expect(subscriberCount(a.accountId)).toBe(10);
    expect(subscriberCount()).toBe(12);
  });
});
