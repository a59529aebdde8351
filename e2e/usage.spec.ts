import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { grantPromo } from "./support/grant";
import { createApiKeyInUi, meter, parseCsv } from "./support/usage";

test("an account without usage sees how usage appears", async ({ page }) => {
  await signUp(page);
  await page.goto("/usage");
  await expect(page.getByRole("heading", { name: "No requests yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Settings › API keys" })).toHaveAttribute("href", "/settings/api-keys");
  await expect(page.getByRole("link", { name: "pricing page" })).toHaveAttribute("href", "/pricing");
  await expectAccessible(page);
});

test("the request log: pages, filters in the URL, CSV export of the filtered rows, copying an id", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const email = await signUp(page, uniqueEmail("usage"));
  const key = await createApiKeyInUi(page);
  await grantPromo(email, 1000);

  // 23 requests: 15 chats and 8 code generations, newest last.
  const ids: string[] = [];
  for (let i = 0; i < 23; i++) {
    const feature = i % 5 < 3 ? "chat" : "code_generation";
    ids.push(await meter(request, key, { feature, model: i % 2 ? "claude-sonnet-4.5" : "gpt-5-mini", inputTokens: 100 + i, outputTokens: 10 }));
  }
  const chatIds = ids.filter((_, i) => i % 5 < 3);

  await page.goto("/usage");
  const table = page.getByRole("table", { name: /Requests/ });
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(20);
  // Newest first, each id complete in the text (cut short only visually).
  await expect(rows.first().locator("code")).toHaveText(ids[22]!);
  await expect(rows.first()).toContainText("Charged");
  await expect(rows.first()).toContainText("122 / 10");
  await expectAccessible(page);

  // Pages: older, then back to newer, by keyset cursors in the URL.
  await page.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(rows).toHaveCount(3);
  await expect(rows.last().locator("code")).toHaveText(ids[0]!);
  await expect(page.getByRole("link", { name: "Older" })).toHaveCount(0);
  await page.getByRole("link", { name: "Newer" }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(rows).toHaveCount(20);
  await expect(rows.first().locator("code")).toHaveText(ids[22]!);
  await expect(page.getByRole("link", { name: "Newer" })).toHaveCount(0);

  // Copy a request id.
  await rows.first().getByRole("button", { name: `Copy request id ${ids[22]}` }).click();
  await expect(rows.first().getByRole("button", { name: "Copied" })).toBeVisible();
  await expect(rows.first().getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ids[22]);

  // Filter by feature: the URL carries it, only chats are listed.
  await page.getByLabel("Feature").selectOption({ label: "Chat" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]feature=chat/);
  await expect(page).not.toHaveURL(/before=|after=/);
  expect(chatIds).toHaveLength(15);
  await expect(rows).toHaveCount(15);
  await expect(table.getByRole("cell", { name: "Code generation" })).toHaveCount(0);
  const shown = await rows.locator("code").allTextContents();
  expect(shown).toEqual([...chatIds].reverse());

  // The export is exactly the filtered rows.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  const csv = parseCsv(await readFile((await download.path())!, "utf8"));
  expect(csv[0]).toEqual(["requestId", "createdAt", "feature", "model", "inputTokens", "outputTokens", "credits", "balanceAfter", "status", "metadata"]);
  expect(csv.slice(1).map((r) => r[0])).toEqual(shown);
  expect(new Set(csv.slice(1).map((r) => r[2]))).toEqual(new Set(["chat"]));

  // Nothing matches: say so, and offer to clear the filters.
  await page.goto("/usage?feature=chat&from=2099-01-01");
  await expect(page.getByRole("heading", { name: "No results for these filters" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("main").getByRole("link", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/usage$/);
  await expect(rows).toHaveCount(20);

  // Nonsense in the URL is ignored with a notice, never an error page.
  await page.goto("/usage?feature=bogus&from=yesterday&after=not-a-cursor");
  await expect(page.getByText("were not valid and were ignored: start date, feature, page position")).toBeVisible();
  await expect(rows).toHaveCount(20);
});

// Issue 20 item 8: before, both dates were dropped with a notice at the top of the page.
test("dates in the wrong order are explained under the date fields, kept there to correct, and not applied", async ({ page, request }) => {
  const email = await signUp(page, uniqueEmail("usage-dates"));
  const key = await createApiKeyInUi(page);
  await grantPromo(email, 100);
  await meter(request, key, { feature: "chat", model: "gpt-5-mini" });
  const rows = page.getByRole("table", { name: /Requests/ }).locator("tbody tr");
  const from = page.getByLabel("From", { exact: true });
  const to = page.getByLabel("To", { exact: true });
  await page.goto("/usage?from=2026-06-10&to=2026-06-01");
  await expect(from).toHaveValue("2026-06-10");
  await expect(to).toHaveValue("2026-06-01");
  await expect(from).toHaveAccessibleDescription(/^The start date is after the end date\./);
  await expect(to).toHaveAccessibleDescription(/^The start date is after the end date\./);
  await expect(rows).toHaveCount(1);
  await expectAccessible(page);
  // Typed in the form, the same words at once, and the address stays as it was.
  await page.goto("/usage");
  await from.fill("2026-06-10");
  await to.fill("2026-06-01");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("The start date is after the end date.")).toBeVisible();
  await expect(page).toHaveURL(/\/usage$/);
});

test("the export route checks the session itself", async ({ request }) => {
  const res = await request.get("/usage/export", { maxRedirects: 0 });
  // The proxy sends signed-out visitors to sign-in; the route would answer 401 on its own.
  expect([302, 303, 307, 401]).toContain(res.status());
  expect(await res.text()).not.toContain("requestId");
});
