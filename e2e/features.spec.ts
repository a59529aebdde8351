import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { grantPromo } from "./support/grant";

const panel = (page: Page) => page.getByRole("dialog", { name: "Purchase More Credits" });

/** At zero the panel opens by itself on page load (DESIGN.md §5); close it to reach the page. */
async function closePanelIfOpen(page: Page) {
  const dialog = panel(page);
  try {
    await dialog.waitFor({ state: "visible", timeout: 3_000 });
  } catch {
    return;
  }
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
}

/** The request log's "Credits" column, wherever it is. */
async function creditsColumn(page: Page) {
  const headers = await page.getByRole("table", { name: /Requests/ }).locator("thead th").allTextContents();
  const index = headers.findIndex((h) => h.trim().toLowerCase() === "credits");
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
}

const codeSection = (page: Page) => page.getByRole("region", { name: "Code generation" });
const chatSection = (page: Page) => page.getByRole("region", { name: "Chat" });

test("at zero the features are disabled with the reason and open the panel; credits bring them back without a reload; a chat is charged by the rate card", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const email = await signUp(page, uniqueEmail("features"));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Features" }).click();
  await expect(page).toHaveURL(/\/features$/);
  await expect(page.getByRole("heading", { name: "AI features", level: 1 })).toBeVisible();
  await closePanelIfOpen(page);

  const code = codeSection(page);
  const chat = chatSection(page);
  await code.getByLabel("What should the code do?").fill("A debounce function");
  await chat.getByLabel("Message").fill("What is a closure?");
  for (const [section, button] of [
    [code, "Generate code"],
    [chat, "Send"],
  ] as const) {
    await expect(section.getByText("You have no credits left")).toBeVisible();
    await expect(section.getByRole("button", { name: button })).toBeDisabled();
    await expect(section.getByRole("button", { name: button })).toHaveAccessibleDescription(/You have no credits left/);
  }
  // The model picker shows each model's cost.
  await expect(chat.getByRole("radio", { name: /Claude Opus 4\.1 from 3 credits a request/ })).toBeVisible();
  await expect(code.getByRole("radio", { name: /GPT-5 mini from 1 credit a request/ })).toBeVisible();
  await expectAccessible(page);

  await chat.getByRole("button", { name: "Purchase more credits" }).click();
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByRole("heading", { name: "Purchase More Credits" })).toBeVisible();
  await panel(page).getByRole("button", { name: "Close" }).click();

  // The server refuses too: 402 insufficient_credits.
  const refused = await page.request.post("/api/features/chat", {
    data: { model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }] },
  });
  expect(refused.status()).toBe(402);
  expect((await refused.json()).error.code).toBe("insufficient_credits");

  // Credits arrive (as a purchase elsewhere would): the controls come back by themselves.
  await grantPromo(email, 10);
  await expect(chat.getByText("You have no credits left")).toBeHidden();
  await expect(chat.getByRole("button", { name: "Send" })).toBeEnabled();
  await expect(code.getByRole("button", { name: "Generate code" })).toBeEnabled();

  // A chat with Claude Opus 4.1: a small chat request is 1 × 3 = 3 credits on the rate card.
  await chat.getByRole("radio", { name: /Claude Opus 4\.1/ }).check();
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByRole("button", { name: "Stop" })).toBeVisible();
  await expect(chat.getByRole("list", { name: "Conversation" })).toContainText("Demo answer");
  const outcome = chat.getByRole("status").filter({ hasText: "Charged" });
  await expect(outcome).toContainText("Charged 3 credits", { timeout: 30_000 });
  const requestId = (await outcome.locator("code").textContent())!;
  expect(requestId).toMatch(/^req_/);
  await expect(page.getByRole("link", { name: /Current Credits/ })).toContainText("7");
  await expectAccessible(page);

  await page.goto("/usage");
  const table = page.getByRole("table", { name: /Requests/ });
  const row = table.locator("tbody tr").filter({ hasText: requestId });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Chat");
  await expect(row).toContainText("Claude Opus 4.1");
  await expect(row).toContainText("Charged");
  await expect(row.locator("td").nth(await creditsColumn(page))).toHaveText("3");
});

test("a generation cancelled after its answer started is charged for the part shown, at most its hold", async ({ page }) => {
  test.setTimeout(120_000);
  const email = await signUp(page, uniqueEmail("cancel"));
  await grantPromo(email, 20);
  await page.goto("/features");
  const code = codeSection(page);
  await code.getByLabel("What should the code do?").fill("A function that chunks an array");
  await code.getByRole("button", { name: "Generate code" }).click();
  // Stop once the answer has started (the demo answer takes a few seconds to stream in full).
  await expect(code.getByLabel("Generated code")).toContainText("Demo answer");
  await code.getByRole("button", { name: "Stop generating" }).click();
  await expect(code.getByText(/Cancelled\. Only the part of the answer already shown is charged/)).toBeVisible();

  await page.goto("/usage");
  const first = page.getByRole("table", { name: /Requests/ }).locator("tbody tr").first();
  await expect(first).toContainText("Code generation");
  await expect(first).toContainText(/Charged/);
  const charged = Number(await first.locator("td").nth(await creditsColumn(page)).innerText());
  expect(charged).toBeGreaterThan(0);
  await expect(page.getByRole("link", { name: /Current Credits/ })).toContainText(String(20 - charged));
});
