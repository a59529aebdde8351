import { expect, test } from "@playwright/test";
import { expectAccessible } from "./fixtures";

test("the pricing page shows the packages and the rate card, signed out", async ({ page }) => {
  await page.goto("/pricing");
  await expect(page).toHaveURL(/\/pricing$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");

  const packages = page.getByRole("region", { name: "Credit packages" });
  for (const [price, requests] of [
    ["$20", "500 pro agent requests"],
    ["$100", "2,500 pro agent requests"],
    ["$500", "12,500 pro agent requests"],
  ]) {
    await expect(packages.getByRole("listitem").filter({ hasText: price }).filter({ hasText: requests })).toBeVisible();
  }
  await expect(packages).toContainText("125 to 250,000 credits");
  await expect(packages).toContainText("4¢ per credit");

  const table = page.getByRole("table", { name: "Credits per request, by feature, model and size tier" });
  await expect(table.getByRole("columnheader")).toHaveText([
    "Feature",
    "Model",
    /^Small/,
    /^Medium/,
    /^Large/,
    /^X-large/,
  ]);
  // Code generation on Claude Opus 4.1: 2 × 3 × (1, 2, 4, 8).
  const opusCode = table
    .getByRole("rowgroup")
    .filter({ hasText: "Code generation" })
    .getByRole("row")
    .filter({ hasText: "Claude Opus 4.1" });
  await expect(opusCode.getByRole("cell")).toHaveText(["6 credits", "12 credits", "24 credits", "48 credits"]);
  // Chat on GPT-5 mini: 0.5 rounds up to 1.
  const miniChat = table.getByRole("rowgroup").filter({ hasText: "Chat" }).getByRole("row").filter({ hasText: "GPT-5 mini" });
  await expect(miniChat.getByRole("cell")).toHaveText(["1 credit", "1 credit", "2 credits", "4 credits"]);
  const agent = table.getByRole("row").filter({ hasText: "Pro agent request" });
  await expect(agent.getByRole("cell")).toHaveText(["1 credit", "1 credit", "1 credit", "1 credit"]);
  await expect(page.getByText(/rounded up/).first()).toBeVisible();
  await expectAccessible(page);
});

test("the rate card API is public and cacheable", async ({ request }) => {
  const response = await request.get("/api/v1/pricing");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("public, max-age=300");
  const body = await response.json();
  expect(body.creditPriceCents).toBe(4);
  expect(body.features.map((f: { id: string }) => f.id)).toEqual(["code_generation", "chat", "agent_request"]);
  expect(body.models.map((m: { id: string }) => m.id)).toEqual(["gpt-5-mini", "claude-sonnet-4.5", "claude-opus-4.1"]);
  expect(body.tiers.map((t: { maxTokens: number | null }) => t.maxTokens)).toEqual([4000, 32000, 128000, null]);
  expect(typeof body.formula).toBe("string");
});
