/**
 * Issue #17 item 6, DESIGN.md §5 "Auto-refill settings": the panel's
 * "Credit Auto-Refill" box is the setting. With no saved card it goes with
 * "Save this card" and the purchase; the refill amount it turns on is the one
 * already set, else the default 500 credits — never the size of a large
 * package just bought. With a saved card it saves at once.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { idle } from "@/lib/form-state";
import { startPaymentsHarness } from "../support/payments";
import { session } from "../support/session-double";

const harness = await startPaymentsHarness();
afterAll(() => harness.close());

// The accepted doubles (see tests/hostile-input/actions.test.ts): who is signed in, and Next's request scope.
vi.mock("@/lib/auth/session", () => import("../support/session-double"));
vi.mock("next/headers", () => import("../support/request-scope"));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { purchaseCreditsAction } = await import("@/lib/payments/purchases/actions");
const { saveAutoRefillAction, setAutoRefillOnAction } = await import("@/lib/payments/auto-refill/actions");
const { getAutoRefill, saveAutoRefill, saveCard } = await import("@/lib/payments");
const { getBalance } = await import("@/lib/credits");
const { createUser } = await import("../support/accounts");

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

/** The panel's form for a package bought with a new card that is saved, the box as given. */
async function buyPackageWithNewCard(packageIndex: number, autoRefill: boolean) {
  return purchaseCreditsAction(
    idle,
    form({
      attemptId: randomUUID(),
      choice: "package",
      packageIndex: String(packageIndex),
      payWith: "new",
      paymentMethodId: await harness.tokenize("4242424242424242"),
      saveCard: "on",
      ...(autoRefill ? { autoRefill: "on" } : {}),
      returnPath: "/dashboard",
    }),
  );
}

describe("the panel's Credit Auto-Refill box", () => {
  it("checked with a first $500 purchase turns auto-refill on at the default 500 credits ($20), not 12,500", async () => {
    const { user, accountId } = await createUser("box-500");
    session.user = user;
    const state = await buyPackageWithNewCard(2, true);
    expect(state).toMatchObject({ status: "ok", message: "12,500 credits added" });
    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: true, refillCredits: 500, thresholdCredits: 100 });
  });

  it("checked with a purchase keeps a refill amount the user already set", async () => {
    const { user, accountId } = await createUser("box-kept");
    session.user = user;
    await saveAutoRefill(accountId, { enabled: false, thresholdCredits: 200, refillCredits: 1_000, monthlyLimitCents: 50_000, paymentMethodId: null });
    await buyPackageWithNewCard(2, true);
    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: true, refillCredits: 1_000, thresholdCredits: 200 });
  });

  it("with a saved card, unchecking saves at once and says so; checking again names amount, threshold and card", async () => {
    const { user, accountId } = await createUser("box-saved");
    session.user = user;
    await saveCard(user, await harness.tokenize("4242424242424242"));
    await saveAutoRefill(accountId, { enabled: true, thresholdCredits: 100, refillCredits: 500, monthlyLimitCents: 50_000, paymentMethodId: null });

    const off = await setAutoRefillOnAction(idle, form({}));
    expect(off).toEqual({ status: "ok", message: "Auto-refill is off — you only buy credits when you choose to." });
    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: false, chosen: true, refillCredits: 500 });

    const on = await setAutoRefillOnAction(idle, form({ enabled: "on" }));
    expect(on).toEqual({
      status: "ok",
      message: "Auto-refill is on: when your balance falls below 100 credits, we charge Visa •••• 4242 for 500 credits ($20).",
    });
    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: true, refillCredits: 500 });
  });

  it("a later purchase with a saved card leaves the setting as the box saved it (the box is not an option of the purchase)", async () => {
    const { user, accountId } = await createUser("box-stale");
    session.user = user;
    await buyPackageWithNewCard(0, true);
    expect((await getAutoRefill(accountId)).enabled).toBe(true);
    // Turned off elsewhere (Settings › Billing, another tab); a panel still showing it checked buys again.
    await setAutoRefillOnAction(idle, form({}));
    await buyPackageWithNewCard(0, true);
    expect((await getAutoRefill(accountId)).enabled).toBe(false);
    expect((await getBalance(accountId)).balance).toBe(1_000);
  });

  it("in target mode the box's answer says it refills up to the target, and switching keeps the mode", async () => {
    const { user, accountId } = await createUser("box-target");
    session.user = user;
    await saveCard(user, await harness.tokenize("4242424242424242"));
    await saveAutoRefill(accountId, { enabled: false, thresholdCredits: 100, refillCredits: 500, monthlyLimitCents: 50_000, paymentMethodId: null, mode: "target", targetBalance: 1_000 });
    const on = await setAutoRefillOnAction(idle, form({ enabled: "on" }));
    expect(on).toEqual({
      status: "ok",
      message: "Auto-refill is on: when your balance falls below 100 credits, we charge Visa •••• 4242 for what brings your balance back up to 1,000 credits.",
    });
    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: true, mode: "target", targetBalance: 1_000, refillCredits: 500 });
  });

  it("Settings › Billing: a target too close to the threshold is refused beside its field, and the setting is unchanged", async () => {
    const { user, accountId } = await createUser("form-target");
    session.user = user;
    await saveCard(user, await harness.tokenize("4242424242424242"));
    const fields = { enabled: "on", thresholdCredits: "100", refillCredits: "500", monthlyLimit: "500", paymentMethodId: "default", mode: "target" };
    const refused = await saveAutoRefillAction(idle, form({ ...fields, targetBalance: "200" }));
    expect(refused).toMatchObject({
      status: "error",
      fieldErrors: { targetBalance: "Refill up to at least 225 credits: 125 above the threshold, the smallest refill." },
      values: { mode: "target", targetBalance: "200" },
    });
    expect(await getAutoRefill(accountId)).toMatchObject({ chosen: false });
    expect(await saveAutoRefillAction(idle, form({ ...fields, targetBalance: "" }))).toMatchObject({ fieldErrors: { targetBalance: "Enter the balance to refill up to." } });
    expect(await saveAutoRefillAction(idle, form({ ...fields, targetBalance: "1000" }))).toEqual({ status: "ok", message: "Auto-refill is on." });
    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: true, mode: "target", targetBalance: 1_000 });
  });

  it("with no saved card, checking the box alone is refused and changes nothing", async () => {
    const { user, accountId } = await createUser("box-nocard");
    session.user = user;
    const state = await setAutoRefillOnAction(idle, form({ enabled: "on" }));
    expect(state).toMatchObject({ status: "error", message: "Auto-refill charges a saved card: keep “Save this card” checked when you buy to use it." });
    expect(await getAutoRefill(accountId)).toMatchObject({ enabled: false, chosen: false });
  });
});
