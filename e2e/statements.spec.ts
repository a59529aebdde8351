/**
 * Issue #23 item 5 in Chromium: a user buys credits, spends some through the
 * API, and reads the month's statement (opening 0, the purchase, usage by
 * feature and model, a balance equal to the header's) and its CSV.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { buyTwentyDollars } from "./support/purchase";
import { shoot } from "./support/shots";
import { createApiKeyInUi, meter, parseCsv } from "./support/usage";

// A purchase, axe and eight screenshots on a shared 2-core machine: generous, never a speed check.
test.setTimeout(300_000);

async function headerBalance(page: Page): Promise<number> {
  const name = await page.getByRole("banner").getByRole("link", { name: /^Current Credits/ }).getAttribute("aria-label")
    ?? (await page.getByRole("banner").getByRole("link", { name: /^Current Credits/ }).innerText());
  return Number(/([\d,]+)/.exec(name)![1]!.replaceAll(",", ""));
}

test("the month's statement: opening 0, the purchase, usage by feature and model, closing = the balance; and its CSV", async ({ page, request }) => {
  await signUp(page, uniqueEmail("statement"));
  await buyTwentyDollars(page);

  const key = await createApiKeyInUi(page, "statement");
  await meter(request, key, { feature: "chat", model: "gpt-5-mini", inputTokens: 200, outputTokens: 50 });
  await meter(request, key, { feature: "chat", model: "claude-opus-4.1", inputTokens: 200, outputTokens: 50 });
  await meter(request, key, { feature: "code_generation", model: "claude-sonnet-4.5", inputTokens: 500, outputTokens: 100 });

  await page.goto("/usage");
  await page.getByRole("link", { name: "Monthly statements" }).click();
  await expect(page).toHaveURL(/\/usage\/statements$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Statement for \w+ \d{4}$/);
  const table = page.getByRole("table", { name: /^Statement for/ });
  const row = (name: string | RegExp) => table.getByRole("row", { name });
  await expect(row(/^Opening balance/)).toContainText("0");
  await expect(row(/^Purchases/)).toContainText("+500");
  await expect(row(/^Chat\s*GPT-5 mini/)).toBeVisible();
  await expect(row(/^Chat\s*Claude Opus 4\.1/)).toBeVisible();
  await expect(row(/^Code generation\s*Claude Sonnet 4\.5/)).toBeVisible();
  const balance = await headerBalance(page);
  expect(balance).toBeLessThan(500);
  await expect(row(/^Balance so far/)).toContainText(new Intl.NumberFormat("en-US").format(balance));
  // The previous month has nothing yet: it carries 0, and the next-month link comes back here.
  await expect(page.getByRole("navigation", { name: "Months" }).getByRole("link")).toHaveCount(1);
  await expectAccessible(page);
  await shoot(page, "statement");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^statement-\d{4}-\d{2}\.csv$/);
  const csv = parseCsv(await readFile((await download.path())!, "utf8"));
  expect(csv[0]).toEqual(["section", "item", "detail", "credits"]);
  const figure = (section: string, item: string) => Number(csv.find((r) => r[0] === section && r[1] === item)?.[3]);
  expect(figure("opening balance", "balance")).toBe(0);
  expect(figure("granted", "Purchases")).toBe(500);
  const used = csv.filter((r) => r[0] === "used" && r[1] !== "total");
  expect(used.map((r) => `${r[1]} / ${r[2]}`).sort()).toEqual(["Chat / Claude Opus 4.1", "Chat / GPT-5 mini", "Code generation / Claude Sonnet 4.5"]);
  expect(used.reduce((sum, r) => sum + Number(r[3]), 0)).toBe(500 - balance);
  expect(figure("closing balance", "balance")).toBe(balance);

  // A month in the address that is not valid shows the current month and says so.
  await page.goto("/usage/statements?month=2026-13");
  await expect(page.getByText(/That month is not one we can show/)).toBeVisible();
  await page.getByRole("navigation", { name: "Months" }).getByRole("link").first().click();
  await expect(page.getByRole("table", { name: /^Statement for/ }).getByRole("row", { name: /^Closing balance/ })).toContainText("0");
  await expectAccessible(page);
  await shoot(page, "statement-previous");
});
