import { expect, test, type Page } from "@playwright/test";
import { closePurchasePanel, expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { grantPromo } from "./support/grant";
import { createApiKeyInUi, meter } from "./support/usage";

const agentRequest = { feature: "agent_request", model: "claude-sonnet-4.5" }; // 1 credit

function badge(page: Page) {
  return page.getByRole("banner").getByRole("link", { name: /^Current Credits/ });
}

/** Counts the requests a page makes to the balance stream (each one is a (re)connect). */
function countStreams(page: Page) {
  const counter = { opened: 0 };
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/balance/stream") counter.opened += 1;
  });
  return counter;
}

test("every open tab follows the balance live, and catches up after the stream drops", async ({ page, context, request }) => {
  const email = await signUp(page, uniqueEmail("live"));
  const key = await createApiKeyInUi(page, "live balance");

  const first = page;
  const second = await context.newPage();
  const streams = [countStreams(first), countStreams(second)];
  await first.goto("/dashboard");
  await second.goto("/dashboard");
  // A new tab at zero credits offers the purchase panel by itself.
  await closePurchasePanel(second);
  for (const tab of [first, second]) {
    await expect(badge(tab)).toHaveAccessibleName("Current Credits: 0");
    await expect(badge(tab)).toHaveAttribute("data-live", "connected");
  }

  // Credits granted in the database reach both tabs without a reload.
  await grantPromo(email, 1500);
  for (const tab of [first, second]) {
    await expect(badge(tab)).toHaveAccessibleName("Current Credits: 1,500");
    await expect(badge(tab)).toContainText("1,500");
  }

  // So does spending through the metering API.
  await meter(request, key, agentRequest);
  await meter(request, key, agentRequest);
  for (const tab of [first, second]) {
    await expect(badge(tab)).toHaveAccessibleName("Current Credits: 1,498");
    // Announced politely for screen readers.
    await expect(tab.getByRole("status").filter({ hasText: "Current Credits: 1,498" })).toBeAttached();
  }
  await expectAccessible(first);

  // The network drops; meanwhile credits are spent elsewhere, and those NOTIFYs are gone.
  const before = streams.map((s) => s.opened);
  await context.setOffline(true);
  for (const tab of [first, second]) await expect(badge(tab)).toHaveAttribute("data-live", "connecting");
  await meter(request, key, agentRequest);
  await meter(request, key, agentRequest);
  await meter(request, key, agentRequest);
  await context.setOffline(false);

  // Reconnected, each tab reads the current balance again.
  for (const [i, tab] of [first, second].entries()) {
    await expect(badge(tab)).toHaveAccessibleName("Current Credits: 1,495", { timeout: 30_000 });
    await expect(badge(tab)).toHaveAttribute("data-live", "connected");
    expect(streams[i]!.opened).toBeGreaterThan(before[i]!);
  }

  // And keeps following it afterwards.
  await meter(request, key, agentRequest);
  for (const tab of [first, second]) await expect(badge(tab)).toHaveAccessibleName("Current Credits: 1,494");
});

test("the stream refuses a signed-out caller", async ({ request }) => {
  const res = await request.get("/api/balance/stream");
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe("unauthenticated");
});

test("on a 375 px screen the header keeps the balance and the account menu in view", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signUp(page);
  const credits = badge(page);
  await expect(credits).toBeVisible();
  await expect(credits).toHaveAccessibleName("Current Credits: 0");
  const menu = page.getByRole("button", { name: "Account menu" });
  await expect(menu).toBeVisible();
  for (const box of [await credits.boundingBox(), await menu.boundingBox()]) {
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectAccessible(page);
});

test("the dashboard's Current Credits, its sources and Recent requests follow spending without a reload", async ({ page, request }) => {
  const email = await signUp(page, uniqueEmail("live-dash"));
  const key = await createApiKeyInUi(page, "live dashboard");
  await grantPromo(email, 100);
  await page.goto("/dashboard");
  const card = page.getByRole("region", { name: "Current Credits" });
  const recent = page.getByRole("region", { name: "Recent requests" });
  await expect(card).toContainText("100 available · 0 held");
  await expect(recent).toContainText("No requests yet.");
  await expect(badge(page)).toHaveAttribute("data-live", "connected");

  // Spent elsewhere (an AI feature calling the metering API) while the dashboard stays open.
  const first = await meter(request, key, agentRequest);
  const second = await meter(request, key, agentRequest);
  await expect(badge(page)).toHaveAccessibleName("Current Credits: 98");
  await expect(card).toContainText("98 available · 0 held");
  await expect(card.getByRole("definition").nth(3)).toHaveText("98"); // Promotional, from the server
  const rows = recent.getByRole("list", { name: "Five most recent requests" }).getByRole("listitem");
  await expect(rows).toHaveCount(2);
  await expect(rows.first().locator("code")).toHaveText(second);
  await expect(rows.nth(1).locator("code")).toHaveText(first);
  await expectAccessible(page);
});

test("Settings › Billing's Current Credits follows spending without a reload", async ({ page, request }) => {
  const email = await signUp(page, uniqueEmail("live-billing"));
  const key = await createApiKeyInUi(page, "live billing");
  await grantPromo(email, 100);
  await page.goto("/settings/billing");
  const card = page.getByRole("region", { name: "Current Credits" });
  await expect(card).toContainText("100 available · 0 held");
  await expect(badge(page)).toHaveAttribute("data-live", "connected");

  await meter(request, key, agentRequest);
  await expect(badge(page)).toHaveAccessibleName("Current Credits: 99");
  await expect(card).toContainText("99 available · 0 held");
  await expect(card.getByRole("definition").nth(3)).toHaveText("99");
});
