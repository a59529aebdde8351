import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { grantPromo } from "./support/grant";

test("the help page answers with links that lead where they say, and remembers 'Was this helpful?'", async ({ page }) => {
  test.setTimeout(120_000);
  const email = await signUp(page, uniqueEmail("help"));
  // With credits, so the purchase panel does not open by itself at zero.
  await grantPromo(email, 100);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Help" }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole("heading", { name: "Help", level: 1 })).toBeVisible();
  await expect(page.getByText(/Last updated/)).toBeVisible();
  for (const question of [
    "What are credits?",
    "What does Pro include?",
    "Can credits top up automatically? How do I turn that off?",
    "What happens when I run out of credits?",
    "Can I transfer credits to another account?",
    "I used too many credits. Can I get them back?",
    "How do I buy more credits?",
    "How do I redeem a promo code?",
    "Where do I see my balance?",
    "How do I verify my e-mail, reset my password or sign out everywhere?",
  ]) {
    await expect(page.getByRole("heading", { name: question, level: 2 })).toBeVisible();
  }
  await expectAccessible(page);

  // Each link leads where it says.
  const targets: [string, string, RegExp][] = [
    ["What are credits?", "rate card", /\/pricing$/],
    ["What are credits?", "Features page", /\/features$/],
    ["Can credits top up automatically? How do I turn that off?", "Settings › Billing", /\/settings\/billing$/],
    ["I used too many credits. Can I get them back?", "request log", /\/usage$/],
    ["Where do I see my balance?", "dashboard", /\/dashboard$/],
    ["How do I verify my e-mail, reset my password or sign out everywhere?", "Settings › Account", /\/settings$/],
    ["Where are my receipts and statements, and which e-mails do I get?", "monthly statement", /\/usage\/statements$/],
  ];
  for (const [question, name, url] of targets) {
    await page.goto("/help");
    await page.getByRole("region", { name: question }).getByRole("link", { name, exact: true }).click();
    await expect(page).toHaveURL(url);
  }

  // The purchase panel opens from the buying answer.
  await page.goto("/help");
  await page.getByRole("region", { name: "How do I buy more credits?" }).getByRole("button", { name: "open it now" }).click();
  await expect(page.getByRole("dialog", { name: "Purchase More Credits" })).toBeVisible();
  await page.keyboard.press("Escape");

  // "Was this helpful?": saved per user, changing the answer updates it.
  const section = page.getByRole("region", { name: "What are credits?" });
  const vote = section.getByRole("group", { name: "Was this helpful?" });
  await vote.getByRole("button", { name: "Yes" }).click();
  await expect(section.getByRole("status")).toHaveText("Thanks, glad it helped.");
  await expect(vote.getByRole("button", { name: "Yes" })).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(vote.getByRole("button", { name: "Yes" })).toHaveAttribute("aria-pressed", "true");
  await vote.getByRole("button", { name: "No" }).click();
  await expect(section.getByRole("status")).toHaveText(/Thanks for telling us/);
  await page.reload();
  await expect(vote.getByRole("button", { name: "No" })).toHaveAttribute("aria-pressed", "true");
  await expect(vote.getByRole("button", { name: "Yes" })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByRole("region", { name: "Where do I see my balance?" }).getByRole("button", { name: "No" })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await expectAccessible(page);
});
