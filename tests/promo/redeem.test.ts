/**
 * Issue #23 item 4: promo codes. Redeeming grants a promo grant (spent before
 * purchased credits, expiring) once per user, race-free; every refusal says
 * why and leaves the ledger as it was. Real PostgreSQL throughout.
 */
import { count, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { grants, promoCodes, promoRedemptions, users } from "@/db/schema";
import { creditSummary, debit, getBalance, grantCredits, grantPriority, manualClock, setClock } from "@/lib/credits";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { REDEEM_ATTEMPTS, createPromoCode, disablePromoCode, listPromoCodes, promoStatus, redeemPromoCode } from "@/lib/promo";
import { createUser, ledgerProblems } from "../support/accounts";

let restoreClock = () => {};
afterEach(() => restoreClock());
// Each test's users start with a full attempts bucket, unless the test is about the limit.
beforeEach(async () => {
  await db.execute(sql`delete from rate_limit_buckets where key like 'promo:%'`);
});

async function admin() {
  const { user } = await createUser("support");
  const [row] = await db.update(users).set({ isAdmin: true }).where(eq(users.id, user.id)).returning();
  return row!;
}

let codeSeq = 0;
async function code(overrides: Partial<{ code: string; credits: number; creditsValidDays: number; maxRedemptions: number; expiresOn: string }> = {}) {
  return createPromoCode(await admin(), {
    code: `TEST-${++codeSeq}-${Math.random().toString(36).slice(2, 8)}`,
    credits: 250,
    creditsValidDays: 30,
    maxRedemptions: 100,
    expiresOn: "",
    ...overrides,
  });
}

/** Everything a refused redemption must leave alone. */
async function ledgerState() {
  const [g] = await db.select({ n: count() }).from(grants);
  const [r] = await db.select({ n: count() }).from(promoRedemptions);
  const codes = await db.select({ id: promoCodes.id, redemptions: promoCodes.redemptions }).from(promoCodes).orderBy(promoCodes.id);
  const [entries] = await db.execute<{ n: string }>(sql`select count(*) as n from entries`);
  return { grants: g!.n, redemptions: r!.n, codes, entries: entries!.n };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe("redeeming a promo code", () => {
  it("grants a promo grant that is spent before purchased credits and expires after the code's days", async () => {
    const clock = manualClock("2026-03-01T00:00:00Z");
    restoreClock = setClock(clock);
    const promo = await code({ credits: 250, creditsValidDays: 30 });
    const { user, accountId } = await createUser();
    await grantCredits({ accountId, source: "purchase", amount: 500 });

    const redeemed = await redeemPromoCode(user, promo.code.toLowerCase());
    expect(redeemed).toMatchObject({ credits: 250, balance: 750, expiresAt: new Date("2026-03-31T00:00:00Z") });
    const [grant] = await db.select().from(grants).where(eq(grants.id, redeemed.grantId));
    expect(grant).toMatchObject({ source: "promo", amount: 250, priority: grantPriority.promo, accountId });

    // DESIGN §4.4: the promo grant (priority 20) goes before the purchase (50).
    await debit({ accountId, credits: 300, feature: "chat", model: "gpt-5-mini" });
    const after = await getBalance(accountId);
    expect(after.grants.map((g) => [g.source, g.remaining])).toEqual([["purchase", 450]]);

    // A second code's credits that are not spent expire with their grant.
    const other = await code({ credits: 40, creditsValidDays: 1 });
    await redeemPromoCode(user, other.code);
    expect((await getBalance(accountId)).balance).toBe(490);
    clock.set("2026-03-02T00:00:00Z");
    expect((await getBalance(accountId)).balance).toBe(450);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("the balance card tells promo-code credits (with their expiry) from the welcome grant", async () => {
    const { user, accountId } = await createUser();
    // As lib/payments grantWelcome writes it.
    await grantCredits({ accountId, source: "promo", amount: 50, externalRef: `welcome:${user.id}`, metadata: { reason: "welcome" } });
    const promo = await code({ credits: 250 });
    const redeemed = await redeemPromoCode(user, promo.code);
    const summary = await creditSummary(accountId);
    expect(summary.promoCodes).toEqual({ credits: 250, expiresAt: redeemed.expiresAt.toISOString() });
    expect(summary.bySource.promo - summary.promoCodes.credits).toBe(50);
  });

  it("is case-insensitive: codes are stored upper case, unique whatever their case", async () => {
    const promo = await code({ code: "Spring-Sale" });
    expect(promo.code).toBe("SPRING-SALE");
    expect(await refusal(code({ code: "spring-sale" }))).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/exists already/) });
    const { user } = await createUser();
    expect((await redeemPromoCode(user, "  spring-SALE ")).credits).toBe(250);
  });

  it("the same user redeeming twice gets 'already redeemed' and no second grant", async () => {
    const promo = await code();
    const { user, accountId } = await createUser();
    await redeemPromoCode(user, promo.code);
    const before = await ledgerState();
    expect(await refusal(redeemPromoCode(user, promo.code))).toEqual({ code: "invalid_request", message: "You have already redeemed this code." });
    // A double click: two at once, still one grant.
    const other = await code();
    const both = await Promise.allSettled([redeemPromoCode(user, other.code), redeemPromoCode(user, other.code)]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await ledgerState()).grants).toBe(before.grants + 1);
    expect((await getBalance(accountId)).balance).toBe(500);
  });

  describe("refusals say why and change nothing", () => {
    const cases: Array<[string, () => Promise<{ code: string; user: { id: string } }>, RegExp]> = [
      ["unknown code", async () => ({ code: "NO-SUCH-CODE", user: (await createUser()).user }), /isn't valid/],
      [
        "expired code",
        async () => {
          const promo = await code({ expiresOn: new Date().toISOString().slice(0, 10) });
          restoreClock = setClock(manualClock(new Date(Date.now() + 2 * 86_400_000)));
          return { code: promo.code, user: (await createUser()).user };
        },
        /has expired/,
      ],
      [
        "used up",
        async () => {
          const promo = await code({ maxRedemptions: 1 });
          await redeemPromoCode((await createUser()).user, promo.code);
          return { code: promo.code, user: (await createUser()).user };
        },
        /used up/,
      ],
      [
        "already redeemed by you",
        async () => {
          const promo = await code();
          const { user } = await createUser();
          await redeemPromoCode(user, promo.code);
          return { code: promo.code, user };
        },
        /already redeemed/,
      ],
      [
        "disabled",
        async () => {
          const promo = await code();
          await disablePromoCode(promo.id);
          return { code: promo.code, user: (await createUser()).user };
        },
        /no longer active/,
      ],
    ];
    it.each(cases)("%s", async (_name, setUp, message) => {
      const { code: text, user } = await setUp();
      const before = await ledgerState();
      expect(await refusal(redeemPromoCode(user, text))).toEqual({ code: "invalid_request", message: expect.stringMatching(message) });
      expect(await ledgerState()).toEqual(before);
      expect(await ledgerProblems()).toEqual([]);
    });
  });

  it("limits attempts per user, so codes cannot be guessed; a success gives its attempt back", async () => {
    const { user } = await createUser();
    const promo = await code();
    await redeemPromoCode(user, promo.code);
    for (let i = 0; i < REDEEM_ATTEMPTS.capacity; i++) {
      expect((await refusal(redeemPromoCode(user, `GUESS-${i}`))).code).toBe("invalid_request");
    }
    const good = await code();
    const before = await ledgerState();
    expect(await refusal(redeemPromoCode(user, good.code))).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Too many tries/) });
    expect(await ledgerState()).toEqual(before);
    // Another user is not held back by this one's guesses.
    expect((await redeemPromoCode((await createUser()).user, good.code)).credits).toBe(250);
  });

  it("a disabled code keeps what it granted; the list shows status and uses", async () => {
    const promo = await code({ maxRedemptions: 2 });
    const { user, accountId } = await createUser();
    await redeemPromoCode(user, promo.code);
    expect(await disablePromoCode(promo.id)).toEqual({ changed: true, code: promo.code });
    expect(await disablePromoCode(promo.id)).toEqual({ changed: false, code: promo.code });
    expect(await disablePromoCode(987654321)).toBeNull();
    expect((await getBalance(accountId)).balance).toBe(250);
    const listed = (await listPromoCodes()).find((c) => c.id === promo.id)!;
    expect([listed.redemptions, listed.maxRedemptions, promoStatus(listed)]).toEqual([1, 2, "disabled"]);
  });
});

describe("redeeming at once (race-free)", () => {
  /** Runs `redeem` for every user at once; how many grants the code's users got. */
  async function parallel(users: number, redeem: (userId: string) => Promise<unknown>) {
    const people = await Promise.all(Array.from({ length: users }, () => createUser()));
    const settled = await Promise.allSettled(people.map((p) => redeem(p.user.id)));
    // Whoever lost the race was told so in words (not a constraint violation, which would be a 500).
    const refusals = settled.flatMap((r) => (r.status === "rejected" ? [r.reason instanceof AppError ? r.reason.message : String(r.reason)] : []));
    return { people, refusals };
  }

  async function grantsFor(codeId: number) {
    const [row] = await db.execute<{ n: string }>(sql`select count(*) as n from grants where external_ref like ${`promo-code:${codeId}:%`}`);
    return Number(row!.n);
  }

  /** The harness: many codes with one use left, two users each at once; the most grants any code gave. */
  async function lastUseRaces(redeem: (userId: string, promo: { id: number; code: string }) => Promise<unknown>) {
    let most = 0;
    for (let round = 0; round < 15; round++) {
      const promo = await code({ maxRedemptions: 2 });
      await redeemPromoCode((await createUser()).user, promo.code);
      const { refusals } = await parallel(2, (userId) => redeem(userId, promo));
      for (const message of refusals) expect(message).toBe("This code has been used up.");
      most = Math.max(most, await grantsFor(promo.id));
    }
    return most;
  }

  it("control: a naive redeem (read the count, then grant) gives the last use twice, which the harness catches", async () => {
    const naive = async (userId: string, promo: { id: number }) => {
      const [row] = await db.select().from(promoCodes).where(eq(promoCodes.id, promo.id));
      if (row!.redemptions >= row!.maxRedemptions) return;
      const { accountId } = await db.execute<{ id: string }>(sql`select id from credit_accounts where user_id = ${userId}`).then((r) => ({ accountId: Number(r[0]!.id) }));
      await grantCredits({ accountId, source: "promo", amount: row!.credits, externalRef: `promo-code:${promo.id}:${accountId}` });
      await db.update(promoCodes).set({ redemptions: row!.redemptions + 1 }).where(eq(promoCodes.id, promo.id));
    };
    expect(await lastUseRaces(naive)).toBeGreaterThan(2);
  });

  it("a code with one use left, two users at once: exactly one gets it", async () => {
    expect(await lastUseRaces((userId, promo) => redeemPromoCode({ id: userId }, promo.code))).toBe(2);
    expect(await ledgerProblems()).toEqual([]);
  });

  it("40 users at once on a code with 10 uses: exactly 10 grants", async () => {
    const promo = await code({ maxRedemptions: 10, credits: 7 });
    const { people, refusals } = await parallel(40, (userId) => redeemPromoCode({ id: userId }, promo.code));
    expect(refusals).toEqual(Array(30).fill("This code has been used up."));
    expect(await grantsFor(promo.id)).toBe(10);
    const [row] = await db.select().from(promoCodes).where(eq(promoCodes.id, promo.id));
    expect(row!.redemptions).toBe(10);
    const balances = await Promise.all(people.map((p) => getBalance(p.accountId)));
    expect(balances.reduce((sum, b) => sum + b.balance, 0)).toBe(70);
    expect(await ledgerProblems()).toEqual([]);
  });
});
