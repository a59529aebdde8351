import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "./support/accounts";

const { CHANNEL, parseBalanceEvent, renewWatches, subscribe, subscriberCount, whenListening } = await import("@/lib/live-balance");
type BalanceEvent = import("@/lib/live-balance").BalanceEvent;

// Another connection, as another server instance or the ledger would NOTIFY from.
const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
afterAll(() => other.end({ timeout: 5 }));

const notify = (payload: unknown) =>
  other`select pg_notify(${CHANNEL}, ${typeof payload === "string" ? payload : JSON.stringify(payload)})`;

/** Collects what a subscription hears; `next()` waits for the next event. */
function collect(accountId: number) {
  const events: BalanceEvent[] = [];
  const waiting: ((e: BalanceEvent) => void)[] = [];
  const unsubscribe = subscribe(accountId, (event) => {
    events.push(event);
    waiting.shift()?.(event);
  });
  const next = (timeoutMs = 5000) =>
    new Promise<BalanceEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no event")), timeoutMs);
      waiting.push((e) => {
        clearTimeout(timer);
        resolve(e);
      });
    });
  return { events, next, unsubscribe };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe("lib/live-balance", () => {
  let a: number;
  let b: number;
  beforeAll(async () => {
    a = (await createUser("live-a")).accountId;
    b = (await createUser("live-b")).accountId;
  });

  it("delivers a NOTIFY from another connection to the account's subscriber, parsed", async () => {
    const sub = collect(a);
    await whenListening();
    const arrived = sub.next();
    await notify({ accountId: a, balance: 450, available: 400, held: 50 });
    expect(await arrived).toEqual({ accountId: a, balance: 450, available: 400, held: 50 });
    sub.unsubscribe();
  });

  it("fans one NOTIFY out to every subscriber of the account, and no other", async () => {
    const first = collect(a);
    const second = collect(a);
    const stranger = collect(b);
    await whenListening();
    const both = Promise.all([first.next(), second.next()]);
    await notify({ accountId: a, balance: 449, available: 449, held: 0 });
    const [x, y] = await both;
    expect(x).toEqual({ accountId: a, balance: 449, available: 449, held: 0 });
    expect(y).toEqual(x);
    await settle();
    expect(stranger.events).toEqual([]);
    for (const s of [first, second, stranger]) s.unsubscribe();
  });

  it("does not deliver another account's notification", async () => {
    const sub = collect(a);
    await whenListening();
    await notify({ accountId: b, balance: 1, available: 1, held: 0 });
    // A marker for our account afterwards: NOTIFYs arrive in order, so b's has been handled by then.
    const marker = sub.next();
    await notify({ accountId: a, balance: 2, available: 2, held: 0 });
    expect((await marker).balance).toBe(2);
    expect(sub.events.map((e) => e.accountId)).toEqual([a]);
    sub.unsubscribe();
  });

  it("stops delivering after unsubscribe, and leaves nothing behind", async () => {
    const sub = collect(a);
    const keep = collect(b);
    await whenListening();
    expect(subscriberCount(a)).toBe(1);
    sub.unsubscribe();
    sub.unsubscribe(); // twice is harmless
    expect(subscriberCount(a)).toBe(0);
    await notify({ accountId: a, balance: 3, available: 3, held: 0 });
    const marker = keep.next();
    await notify({ accountId: b, balance: 4, available: 4, held: 0 });
    await marker;
    expect(sub.events).toEqual([]);
    keep.unsubscribe();
    expect(subscriberCount()).toBe(0);
  });

  it("ignores malformed payloads and keeps listening", async () => {
    const sub = collect(a);
    await whenListening();
    for (const bad of [
      "not json",
      "",
      "null",
      "[]",
      JSON.stringify({ accountId: a }),
      JSON.stringify({ accountId: String(a), balance: 1, available: 1, held: 0 }),
      JSON.stringify({ accountId: a, balance: "1", available: 1, held: 0 }),
      JSON.stringify({ accountId: a, balance: 1.5, available: 1, held: 0 }),
      JSON.stringify({ accountId: -1, balance: 1, available: 1, held: 0 }),
    ]) {
      await notify(bad);
    }
    const marker = sub.next();
    await notify({ accountId: a, balance: 5, available: 5, held: 0 });
    await marker;
    expect(sub.events).toEqual([{ accountId: a, balance: 5, available: 5, held: 0 }]);
    sub.unsubscribe();
  });

  it("hears the ledger itself: a grant, a debit and a hold, each once it commits", async () => {
    const { debit, grantCredits, placeHold } = await import("@/lib/credits");
    const { accountId } = await createUser("live-ledger");
    const sub = collect(accountId);
    await whenListening();
    let arrived = sub.next();
    await grantCredits({ accountId, source: "promo", amount: 100 });
    expect(await arrived).toEqual({ accountId, balance: 100, available: 100, held: 0 });
    arrived = sub.next();
    await debit({ accountId, credits: 3, feature: "agent_request", model: "claude-sonnet-4.5" });
    expect(await arrived).toEqual({ accountId, balance: 97, available: 97, held: 0 });
    arrived = sub.next();
    await placeHold({ accountId, credits: 7, feature: "agent_request", model: "claude-sonnet-4.5", ttlSeconds: 60 });
    expect(await arrived).toEqual({ accountId, balance: 97, available: 90, held: 7 });
    // A refused debit changes nothing, so nothing is sent.
    await debit({ accountId, credits: 1000, feature: "agent_request", model: "claude-sonnet-4.5" });
    await settle();
    expect(sub.events).toHaveLength(3);
    sub.unsubscribe();
  });

  it("parses exactly the contract", () => {
    expect(parseBalanceEvent('{"accountId":123,"balance":450,"available":400,"held":50}')).toEqual({
      accountId: 123,
      balance: 450,
      available: 400,
      held: 50,
    });
    expect(parseBalanceEvent("{")).toBeNull();
    expect(parseBalanceEvent('{"accountId":true,"balance":1,"available":1,"held":0}')).toBeNull();
  });

  it("survives a listener that throws", async () => {
    const bad = subscribe(a, () => {
      throw new Error("boom");
    });
    const good = collect(a);
    await whenListening();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const arrived = good.next();
    await notify({ accountId: a, balance: 6, available: 6, held: 0 });
    expect((await arrived).balance).toBe(6);
    error.mockRestore();
    bad();
    good.unsubscribe();
  });
});

describe("only watched accounts are notified", () => {
  /** Every credit_balance NOTIFY that reaches another connection, as account ids. */
  async function rawListener() {
    const heard: number[] = [];
    const waiting = new Map<number, () => void>();
    const listener = await other.listen(CHANNEL, (payload) => {
      const event = parseBalanceEvent(payload);
      if (!event) return;
      heard.push(event.accountId);
      waiting.get(event.accountId)?.();
    });
    const hear = (accountId: number) => new Promise<void>((resolve) => waiting.set(accountId, resolve));
    return { heard, hear, stop: () => listener.unlisten() };
  }

  it("commits a change of an account nobody follows without a NOTIFY, and one that is followed with one", async () => {
    const { grantCredits } = await import("@/lib/credits");
    const unwatched = (await createUser("unwatched")).accountId;
    const watched = (await createUser("watched")).accountId;
    const raw = await rawListener();
    const sub = collect(watched);
    await whenListening();
    await grantCredits({ accountId: unwatched, source: "promo", amount: 10 });
    const marker = raw.hear(watched);
    await grantCredits({ accountId: watched, source: "promo", amount: 10 });
    await marker; // NOTIFYs arrive in commit order: the unwatched grant's would have come first
    expect(raw.heard).toEqual([watched]);
    sub.unsubscribe();
    await raw.stop();
  });

  it("stops notifying when the lease runs out (a server that died); the next renewal catches up with the change unheard", async () => {
    const { grantCredits } = await import("@/lib/credits");
    const lapsed = (await createUser("lapsed")).accountId;
    const marker = (await createUser("marker")).accountId;
    const raw = await rawListener();
    const lapsedSub = collect(lapsed);
    const markerSub = collect(marker);
    await whenListening();
    await other`update balance_watches set watched_until = now() - interval '1 second' where account_id = ${lapsed}`;
    await grantCredits({ accountId: lapsed, source: "promo", amount: 10 });
    const heardMarker = raw.hear(marker);
    await grantCredits({ accountId: marker, source: "promo", amount: 10 });
    await heardMarker;
    expect(raw.heard).toEqual([marker]);

    // This process still has a subscriber: its renewal finds the lapsed lease, watches the
    // account afresh and publishes the balance the subscriber missed.
    expect(lapsedSub.events).toEqual([]);
    const caughtUp = lapsedSub.next();
    await renewWatches();
    expect(await caughtUp).toMatchObject({ accountId: lapsed, balance: 10 });
    // And the account is watched again: the next change is notified.
    const heardLapsed = raw.hear(lapsed);
    const next = lapsedSub.next();
    await grantCredits({ accountId: lapsed, source: "promo", amount: 5 });
    await heardLapsed;
    expect(await next).toMatchObject({ accountId: lapsed, balance: 15 });
    lapsedSub.unsubscribe();
    markerSub.unsubscribe();
    await raw.stop();
  });

  it("a watch that cannot open fails the wait (so a stream closes and reconnects), and the next subscriber tries again", async () => {
    const missing = 2_000_000_000; // no such account: the lease's foreign key refuses it
    const lost: string[] = [];
    const first = subscribe(missing, () => {}, () => lost.push("first"));
    await expect(whenListening(20_000, missing)).rejects.toThrow(/could not be opened/);
    // Told even when nobody waits (a stream whose wait gave up before the watch failed).
    await expect.poll(() => lost).toEqual(["first"]);
    const second = subscribe(missing, () => {}, () => lost.push("second")); // another tab, while the first is still open
    await expect(whenListening(20_000, missing)).rejects.toThrow(/could not be opened/);
    await expect.poll(() => lost).toEqual(["first", "first", "second"]);
    first();
    second();
  });

  it("opening a watch waits for the account's transaction in flight, so the first read already has its change", async () => {
    const { getBalance, grantCredits } = await import("@/lib/credits");
    const { accountId } = await createUser("in-flight");
    await grantCredits({ accountId, source: "promo", amount: 50 });
    const order: string[] = [];
    let commit!: () => void;
    const gate = new Promise<void>((resolve) => (commit = resolve));
    let debited!: () => void;
    const inside = new Promise<void>((resolve) => (debited = resolve));
    // A debit on another connection, inside its transaction (so it ran before any watch existed).
    const inFlight = other.begin(async (sql) => {
      await sql`select credits_debit(${accountId}::bigint, 5::bigint, ${`req_inflight_${accountId}`}, 'agent_request',
                'claude-sonnet-4.5', null, null, null, null, null, now())`;
      debited();
      await gate;
      order.push("debit committed");
    });
    await inside;
    const sub = collect(accountId);
    const ready = whenListening(20_000).then(() => order.push("watch open"));
    setTimeout(commit, 300);
    await Promise.all([inFlight, ready]);
    expect(order).toEqual(["debit committed", "watch open"]);
    expect((await getBalance(accountId)).balance).toBe(45);
    sub.unsubscribe();
  });
});

// The route only checks the session (its 401 is covered by e2e/live-balance.spec.ts)
// and hands the account to this stream.
describe("the balance event stream", () => {
  it("streams the current balance first, then each change, and cleans up when the client goes away", async () => {
    const { balanceStream } = await import("@/lib/live-balance/stream");
    const { grantCredits } = await import("@/lib/credits");
    const { accountId } = await createUser("stream");
    await grantCredits({ accountId, source: "promo", amount: 120 });
    const abort = new AbortController();
    const reader = balanceStream(accountId, abort.signal).getReader();
    const decoder = new TextDecoder();
    let buffered = "";
    /** The next `balance` event's data. */
    async function nextBalance() {
      for (;;) {
        const match = /event: balance\ndata: (.*)\n\n/.exec(buffered);
        if (match) {
          buffered = buffered.slice(match.index + match[0].length);
          return JSON.parse(match[1]!) as unknown;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffered += decoder.decode(value, { stream: true });
      }
    }
    expect(await nextBalance()).toEqual({ balance: 120, available: 120, held: 0 });
    expect(subscriberCount(accountId)).toBe(1);

    await notify({ accountId: accountId + 1000, balance: 7, available: 7, held: 0 }); // another account's: not sent
    await notify({ accountId, balance: 119, available: 100, held: 19 });
    // The grant's own NOTIFY may still be on its way and repeat the first balance; nothing else may come.
    let next = await nextBalance();
    while (JSON.stringify(next) === JSON.stringify({ balance: 120, available: 120, held: 0 })) next = await nextBalance();
    expect(next).toEqual({ balance: 119, available: 100, held: 19 });

    abort.abort();
    await expect.poll(() => subscriberCount(accountId)).toBe(0);
    const rest = await reader.read().catch(() => ({ done: true }));
    expect(rest.done).toBe(true);
  });
});
