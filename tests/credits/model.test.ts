/**
 * Property-based: random sequences of grants, debits, holds, captures,
 * releases, replays, clock moves, refunds, disputes (won and lost) and
 * cancelled feature runs, run against the ledger and against a simple
 * in-memory model of DESIGN.md §4. After every step the balances agree and the
 * invariants hold, among them §4.9: credits taken back are never spendable again.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { manualClock, setClock, captureHold, clawBack, debit, getBalance, grantCredits, placeHold, releaseHold } from "@/lib/credits";
import { createUser, ledgerProblems } from "../support/accounts";

type Source = "purchase" | "allowance" | "promo" | "adjustment" | "refill";
const priority: Record<Source, number> = { allowance: 10, promo: 20, adjustment: 30, purchase: 50, refill: 50 };

interface ModelGrant { id: number; seq: number; amount: number; remaining: number; priority: number; expiresAt: number | null }
interface ModelHold { id: string; amount: number; alloc: { grant: ModelGrant; amount: number }[]; expiresAt: number; status: string; captured: number }

/** The reference: grants drawn by priority, soonest expiry, age; holds remember their grants. */
class Model {
  grants: ModelGrant[] = [];
  holds: ModelHold[] = [];
  held = 0;
  constructor(public now: number) {}

  private live(g: ModelGrant) {
    return g.expiresAt === null || g.expiresAt > this.now;
  }
  sweep() {
    for (const h of this.holds) if (h.status === "pending" && h.expiresAt <= this.now) this.resolve(h, 0, "expired");
    for (const g of this.grants) if (!this.live(g)) g.remaining = 0;
  }
  available() {
    this.sweep();
    return this.grants.reduce((sum, g) => sum + g.remaining, 0);
  }
  grant(id: number, source: Source, amount: number, expiresAt: number | null) {
    this.sweep();
    this.grants.push({ id, seq: this.grants.length, amount, remaining: amount, priority: priority[source], expiresAt });
  }
  /** Spendable grants in the order they are drawn. */
  spendable() {
    return this.grants
      .filter((g) => g.remaining > 0 && this.live(g))
      .sort((a, b) => a.priority - b.priority || (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.seq - b.seq);
  }
  private draw(amount: number) {
    const order = this.spendable();
    const alloc: ModelHold["alloc"] = [];
    let left = amount;
    for (const g of order) {
      if (left === 0) break;
      const take = Math.min(g.remaining, left);
      g.remaining -= take;
      left -= take;
      alloc.push({ grant: g, amount: take });
    }
    return alloc;
  }
  debit(amount: number) {
    if (this.available() < amount) return false;
    this.draw(amount);
    return true;
  }
  hold(id: string, amount: number, ttlMs: number) {
    if (this.available() < amount) return false;
    this.holds.push({ id, amount, alloc: this.draw(amount), expiresAt: this.now + ttlMs, status: "pending", captured: 0 });
    this.held += amount;
    return true;
  }
  resolve(h: ModelHold, captured: number, status: string) {
    let use = captured;
    for (const a of h.alloc) {
      const spent = Math.min(a.amount, use);
      use -= spent;
      if (this.live(a.grant)) a.grant.remaining += a.amount - spent;
    }
    h.status = status;
    h.captured = captured;
    this.held -= h.amount;
  }
  /** Takes back up to `credits` of one grant: its unreserved remainder, then out of pending holds, newest first. */
  clawback(g: ModelGrant, credits: number) {
    this.sweep();
    const free = Math.min(credits, g.remaining);
    g.remaining -= free;
    let left = credits - free;
    for (const h of [...this.holds].reverse()) {
      if (left === 0) break;
      if (h.status !== "pending") continue;
      for (const a of h.alloc) {
        if (a.grant !== g || a.amount === 0) continue;
        const take = Math.min(a.amount, left);
        a.amount -= take;
        h.amount -= take;
        this.held -= take;
        left -= take;
      }
    }
    return credits - left;
  }
  settle(h: ModelHold, captured: number | null) {
    this.sweep();
    const status = captured === null ? "released" : "captured";
    if (h.status !== "pending") {
      return h.status === status && (captured === null || captured === h.captured) ? "replay" : "hold_not_pending";
    }
    if (captured !== null && captured > h.amount) return "hold_exceeded";
    this.resolve(h, captured ?? 0, status);
    return "settled";
  }
}

type Command =
  | { op: "grant"; source: Source; amount: number; expiresInMin: number | null }
  | { op: "debit"; amount: number; key: string | null }
  | { op: "hold"; amount: number; ttlMin: number }
  | { op: "capture"; hold: number; credits: number }
  | { op: "release"; hold: number }
  | { op: "advance"; minutes: number }
  | { op: "refund"; grant: number; credits: number }
  | { op: "dispute"; grant: number; won: boolean }
  | { op: "run"; maxCredits: number; streamed: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant("grant" as const),
    source: fc.constantFrom<Source>("purchase", "allowance", "promo", "adjustment", "refill"),
    amount: fc.integer({ min: 1, max: 60 }),
    expiresInMin: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
  }),
  fc.record({
    op: fc.constant("debit" as const),
    amount: fc.integer({ min: 1, max: 40 }),
    key: fc.option(fc.constantFrom("k1", "k2", "k3"), { nil: null }),
  }),
  fc.record({ op: fc.constant("hold" as const), amount: fc.integer({ min: 1, max: 40 }), ttlMin: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ op: fc.constant("capture" as const), hold: fc.nat(10), credits: fc.integer({ min: 0, max: 45 }) }),
  fc.record({ op: fc.constant("release" as const), hold: fc.nat(10) }),
  fc.record({ op: fc.constant("advance" as const), minutes: fc.integer({ min: 1, max: 90 }) }),
  fc.record({ op: fc.constant("refund" as const), grant: fc.nat(10), credits: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ op: fc.constant("dispute" as const), grant: fc.nat(10), won: fc.boolean() }),
  // A feature run: held up front, then cancelled with `streamed` credits' worth of output shown (0: nothing).
  fc.record({ op: fc.constant("run" as const), maxCredits: fc.integer({ min: 1, max: 20 }), streamed: fc.integer({ min: 0, max: 25 }) }),
);

/** What clawbacks of this account gave back to issuance: credits that can never be spent again. */
async function takenBackInLedger(accountId: number) {
  const [row] = await db.execute<{ total: string }>(sql`
    select coalesce(sum(e.amount), 0) as total from entries e join transfers t on t.id = e.transfer_id
    where t.account_id = ${accountId} and t.kind = 'clawback' and e.account_id = credits_system_account('issuance')`);
  return Number(row!.total);
}

const start = Date.parse("2026-06-01T00:00:00Z");
const clock = manualClock(new Date(start));
const restore = setClock(clock);
afterAll(() => restore());

describe("ledger against an in-memory model", () => {
  it("agrees with the model and keeps every invariant after every step", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
        clock.set(new Date(start));
        const model = new Model(start);
        const { accountId } = await createUser("model");
        // Idempotency keys: key → [amount it was first used with, answer kind]
        const keys = new Map<string, number>();
        let takenBack = 0;
        let refs = 0;

        for (const c of commands) {
          switch (c.op) {
            case "grant": {
              const expiresAt = c.expiresInMin === null ? null : model.now + c.expiresInMin * 60_000;
              const { grantId } = await grantCredits({
                accountId,
                source: c.source,
                amount: c.amount,
                expiresAt: expiresAt === null ? null : new Date(expiresAt),
              });
              model.grant(grantId, c.source, c.amount, expiresAt);
              break;
            }
            case "debit": {
              const idempotency = c.key ? { key: c.key, hash: `amount:${c.amount}` } : null;
              const result = await debit({ accountId, credits: c.amount, feature: "chat", model: "m", idempotency });
              const usedBefore = c.key ? keys.get(c.key) : undefined;
              if (usedBefore !== undefined) {
                expect(result.outcome).toBe(usedBefore === c.amount ? "replay" : "idempotency_conflict");
              } else {
                const ok = model.debit(c.amount);
                expect(result.outcome).toBe(ok ? "created" : "insufficient_credits");
                if (ok && c.key) keys.set(c.key, c.amount);
              }
              break;
            }
            case "hold": {
              // Holds placed at one instant are shrunk by a clawback in no defined order: keep them apart.
              clock.advance(1_000);
              model.now += 1_000;
              const result = await placeHold({ accountId, credits: c.amount, ttlSeconds: c.ttlMin * 60, feature: "chat", model: "m" });
              const id = result.outcome === "created" ? result.body.holdId : "refused";
              expect(result.outcome).toBe(model.hold(id, c.amount, c.ttlMin * 60_000) ? "created" : "insufficient_credits");
              break;
            }
            case "capture":
            case "release": {
              const h = model.holds[c.hold % Math.max(1, model.holds.length)];
              if (!h) break;
              const credits = c.op === "capture" ? c.credits : null;
              const result = credits === null ? await releaseHold(accountId, h.id) : await captureHold(accountId, h.id, credits);
              expect(result.outcome).toBe(model.settle(h, credits));
              break;
            }
            case "advance":
              clock.advance(c.minutes * 60_000);
              model.now += c.minutes * 60_000;
              break;
            case "refund":
            case "dispute": {
              const g = model.grants[c.grant % Math.max(1, model.grants.length)];
              if (!g) break;
              const credits = c.op === "refund" ? c.credits : g.amount;
              const ref = `${c.op}:${accountId}:${++refs}`;
              const result = await clawBack({ accountId, grantId: g.id, credits, externalRef: ref });
              const taken = model.clawback(g, credits);
              expect(result).toMatchObject({ outcome: "taken", requested: credits, taken });
              // Replayed: nothing more is taken.
              expect(await clawBack({ accountId, grantId: g.id, credits, externalRef: ref })).toMatchObject({ outcome: "exists", taken });
              takenBack += taken;
              if (c.op === "dispute" && c.won && taken > 0) {
                // A won dispute grants back exactly what it took, once.
                const back = { accountId, source: "purchase" as const, amount: taken, externalRef: `won:${ref}` };
                const { grantId } = await grantCredits(back);
                expect((await grantCredits(back)).outcome).toBe("exists");
                model.grant(grantId, "purchase", taken, null);
              }
              break;
            }
            case "run": {
              clock.advance(1_000);
              model.now += 1_000;
              const result = await placeHold({ accountId, credits: c.maxCredits, ttlSeconds: 600, feature: "chat", model: "m" });
              const id = result.outcome === "created" ? result.body.holdId : "refused";
              expect(result.outcome).toBe(model.hold(id, c.maxCredits, 600_000) ? "created" : "insufficient_credits");
              if (result.outcome !== "created") break;
              const h = model.holds.at(-1)!;
              // Cancelled: charged for what it streamed, at most its hold; nothing streamed is free.
              const charge = Math.min(c.maxCredits, c.streamed);
              const settled = charge > 0 ? await captureHold(accountId, id, charge) : await releaseHold(accountId, id);
              expect(settled.outcome).toBe(model.settle(h, charge > 0 ? charge : null));
              break;
            }
          }
          // §4.9: what clawbacks took went back to issuance, and the model (which removed it) agrees with the ledger.
          expect(await takenBackInLedger(accountId)).toBe(takenBack);
          const balance = await getBalance(accountId);
          const available = model.available();
          expect({ available: balance.available, held: balance.held, balance: balance.balance }).toEqual({
            available,
            held: model.held,
            balance: available + model.held,
          });
          // The same credits left in the same grants, listed in the order they will be drawn.
          expect(balance.grants.map((g) => [g.id, g.remaining])).toEqual(model.spendable().map((g) => [g.id, g.remaining]));
          expect(balance.available).toBeGreaterThanOrEqual(0);
        }
        expect(await ledgerProblems()).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
