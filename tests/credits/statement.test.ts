/**
 * Monthly statements reconcile with the ledger (issue 23 item 5). Property:
 * random histories of grants, debits, holds (captured, released, expired),
 * grant expiries and clawbacks spread over several months in a time zone with
 * DST; for every month opening + granted − used − expired − clawed back =
 * closing, a month's closing is the next month's opening, the first opening is
 * 0, and the closing equals the balance (+held) the ledger answered at that
 * instant (read just before the month ended) and answers now.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  addMonths,
  captureHold,
  clawBack,
  debit,
  getBalance,
  grantCredits,
  manualClock,
  monthOf,
  monthRange,
  monthlyStatement,
  placeHold,
  releaseHold,
  setClock,
  statementCsv,
  type MonthlyStatement,
} from "@/lib/credits";
import { createUser, ledgerProblems } from "../support/accounts";

const timeZone = "America/New_York";
const day = 24 * 3600 * 1000;

type Step =
  | { op: "grant"; source: "purchase" | "allowance" | "promo" | "refill" | "adjustment"; amount: number; expiresInDays: number | null }
  | { op: "debit"; amount: number; feature: "chat" | "code_generation" }
  | { op: "hold"; amount: number; ttlHours: number }
  | { op: "capture"; hold: number; credits: number }
  | { op: "release"; hold: number }
  | { op: "clawback"; grant: number; credits: number }
  | { op: "advance"; hours: number }
  | { op: "readAtMonthEnd" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant("grant" as const),
    source: fc.constantFrom("purchase" as const, "allowance" as const, "promo" as const, "refill" as const, "adjustment" as const),
    amount: fc.integer({ min: 1, max: 300 }),
    expiresInDays: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
  }),
  fc.record({ op: fc.constant("debit" as const), amount: fc.integer({ min: 1, max: 120 }), feature: fc.constantFrom("chat" as const, "code_generation" as const) }),
  fc.record({ op: fc.constant("hold" as const), amount: fc.integer({ min: 1, max: 120 }), ttlHours: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant("capture" as const), hold: fc.nat(8), credits: fc.integer({ min: 0, max: 130 }) }),
  fc.record({ op: fc.constant("release" as const), hold: fc.nat(8) }),
  fc.record({ op: fc.constant("clawback" as const), grant: fc.nat(8), credits: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ op: fc.constant("advance" as const), hours: fc.integer({ min: 1, max: 24 * 25 }) }),
  fc.constant({ op: "readAtMonthEnd" as const }),
);

const clock = manualClock("2026-01-15T12:00:00Z");
const restore = setClock(clock);
afterAll(() => restore());

function reconciles(s: MonthlyStatement) {
  const grantLines = s.granted.reduce((sum, g) => sum + g.credits, 0);
  const usageLines = s.used.reduce((sum, u) => sum + u.credits, 0);
  expect(grantLines, `${s.month}: grant lines add up`).toBe(s.grantedTotal);
  expect(usageLines, `${s.month}: usage lines add up`).toBe(s.usedTotal);
  expect(s.opening.balance + s.grantedTotal - s.usedTotal - s.expired - s.clawedBack, `${s.month}: opening + in − out`).toBe(
    s.closing.balance,
  );
  for (const figure of [s.opening.held, s.closing.held, s.grantedTotal, s.usedTotal, s.expired, s.clawedBack]) {
    expect(figure).toBeGreaterThanOrEqual(0);
  }
  expect(s.closing.held).toBeLessThanOrEqual(s.closing.balance);
}

describe("monthly statement", () => {
  it("reconciles with the ledger for random histories across months", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        clock.set("2026-01-15T12:00:00Z");
        const { accountId } = await createUser("statement");
        const firstMonth = monthOf(clock.now(), timeZone);
        const grants: number[] = [];
        const holds: string[] = [];
        const monthEnds = new Map<string, { balance: number; held: number }>();
        let refs = 0;
        for (const s of steps) {
          if (s.op === "grant") {
            const expiresAt = s.expiresInDays === null ? null : new Date(clock.now().getTime() + s.expiresInDays * day);
            const r = await grantCredits({ accountId, source: s.source, amount: s.amount, expiresAt, externalRef: `ref-${accountId}-${refs++}` });
            grants.push(r.grantId);
          } else if (s.op === "debit") {
            await debit({ accountId, credits: s.amount, feature: s.feature, model: "gpt-5-mini" });
          } else if (s.op === "hold") {
            const r = await placeHold({ accountId, credits: s.amount, feature: "agent_request", model: "claude-opus-4.1", ttlSeconds: s.ttlHours * 3600 });
            if (r.outcome === "created") holds.push(r.body.holdId);
          } else if (s.op === "capture" && holds.length > 0) {
            await captureHold(accountId, holds[s.hold % holds.length]!, s.credits);
          } else if (s.op === "release" && holds.length > 0) {
            await releaseHold(accountId, holds[s.hold % holds.length]!);
          } else if (s.op === "clawback" && grants.length > 0) {
            await clawBack({ accountId, grantId: grants[s.grant % grants.length]!, credits: s.credits, externalRef: `cb-${accountId}-${refs++}` });
          } else if (s.op === "advance") {
            clock.advance(s.hours * 3600 * 1000);
          } else if (s.op === "readAtMonthEnd") {
            // What the ledger answers in the month's last millisecond is that month's closing.
            const month = monthOf(clock.now(), timeZone);
            clock.set(new Date(monthRange(month, timeZone).to.getTime() - 1));
            const b = await getBalance(accountId);
            monthEnds.set(month, { balance: b.balance, held: b.held });
            clock.advance(1);
          }
        }

        const current = monthOf(clock.now(), timeZone);
        let previous: MonthlyStatement | null = null;
        for (let month = firstMonth; month <= current; month = addMonths(month, 1)) {
          const s = await monthlyStatement(accountId, month, timeZone);
          reconciles(s);
          if (previous) expect(s.opening, `${month} opens where ${previous.month} closed`).toEqual(previous.closing);
          else expect(s.opening).toEqual({ balance: 0, held: 0 });
          const read = monthEnds.get(month);
          if (read) expect(s.closing, `${month}: closing = the ledger's balance at its end`).toEqual(read);
          previous = s;
        }
        const b = await getBalance(accountId);
        expect(previous!.running).toBe(true);
        expect(previous!.closing).toEqual({ balance: b.balance, held: b.held });
        expect(await ledgerProblems()).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 240_000);

  it("counts an expiry in the month it was due, though the ledger wrote it off months later", async () => {
    clock.set("2026-03-10T12:00:00Z");
    const { accountId } = await createUser("late-sweep");
    await grantCredits({ accountId, source: "allowance", amount: 400, expiresAt: new Date("2026-03-20T12:00:00Z"), externalRef: `late-${accountId}` });
    await grantCredits({ accountId, source: "purchase", amount: 100, externalRef: `late-p-${accountId}` });
    await debit({ accountId, credits: 30, feature: "chat", model: "gpt-5-mini" });
    clock.set("2026-05-05T12:00:00Z"); // no operation in between: nothing has swept the allowance yet

    const march = await monthlyStatement(accountId, "2026-03", timeZone);
    expect(march.expired).toBe(370);
    expect(march.closing).toEqual({ balance: 100, held: 0 });
    const april = await monthlyStatement(accountId, "2026-04", timeZone);
    expect(april).toMatchObject({ opening: { balance: 100, held: 0 }, grantedTotal: 0, usedTotal: 0, expired: 0, closing: { balance: 100, held: 0 } });
    const may = await monthlyStatement(accountId, "2026-05", timeZone);
    expect(may.closing.balance).toBe((await getBalance(accountId)).balance);
  });

  it("an expired hold gives its credits back when it expired, and they expire with their grant, though both were swept later", async () => {
    clock.set("2026-03-10T12:00:00Z");
    const { accountId } = await createUser("late-hold");
    await grantCredits({ accountId, source: "allowance", amount: 100, expiresAt: new Date("2026-04-10T12:00:00Z"), externalRef: `lh-${accountId}` });
    await placeHold({ accountId, credits: 40, feature: "agent_request", model: "claude-opus-4.1", ttlSeconds: 2 * 86400 });
    clock.set("2026-05-05T12:00:00Z"); // the hold expired on 12 March, the allowance on 10 April: nothing swept them

    const march = await monthlyStatement(accountId, "2026-03", timeZone);
    expect(march).toMatchObject({ expired: 0, closing: { balance: 100, held: 0 } });
    const april = await monthlyStatement(accountId, "2026-04", timeZone);
    expect(april).toMatchObject({ opening: { balance: 100, held: 0 }, expired: 100, closing: { balance: 0, held: 0 } });
  });

  it("names welcome credits, usage by feature and model, open holds and clawbacks, in the page's figures and the CSV", async () => {
    clock.set("2026-06-02T12:00:00Z");
    const { accountId, user } = await createUser("lines");
    await grantCredits({ accountId, source: "promo", amount: 50, externalRef: `welcome:${user.id}`, metadata: { reason: "welcome" } });
    const purchase = await grantCredits({ accountId, source: "purchase", amount: 1000, externalRef: `pi_${accountId}` });
    await debit({ accountId, credits: 20, feature: "chat", model: "gpt-5-mini" });
    await debit({ accountId, credits: 30, feature: "chat", model: "claude-opus-4.1" });
    await debit({ accountId, credits: 5, feature: "chat", model: "gpt-5-mini" });
    await placeHold({ accountId, credits: 40, feature: "agent_request", model: "claude-opus-4.1", ttlSeconds: 3600 });
    await clawBack({ accountId, grantId: purchase.grantId, credits: 100, externalRef: `re_${accountId}` });

    const s = await monthlyStatement(accountId, "2026-06", timeZone);
    expect(s.granted).toEqual([
      { kind: "welcome", label: "Welcome credits", credits: 50 },
      { kind: "purchase", label: "Purchases", credits: 1000 },
    ]);
    expect(s.used.map((u) => [u.featureName, u.modelName, u.credits])).toEqual([
      ["Chat", "Claude Opus 4.1", 30],
      ["Chat", "GPT-5 mini", 25],
    ]);
    expect(s.clawedBack).toBe(100);
    expect(s.closing).toEqual({ balance: 50 + 1000 - 55 - 100, held: 40 });

    const csv = statementCsv(s).trim().split("\r\n");
    expect(csv[0]).toBe("section,item,detail,credits");
    expect(csv).toContain("granted,Welcome credits,welcome,50");
    expect(csv).toContain("used,Chat,GPT-5 mini,25");
    expect(csv).toContain("clawed back,total,refunds and disputes,100");
    expect(csv).toContain("closing balance,balance,so far,895");
    expect(csv).toContain("closing balance,of which held by open holds,,40");
  });
});
