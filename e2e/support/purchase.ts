import { expect, type Page } from "@playwright/test";
import { enterCard } from "./card";

/**
 * Buys $20 (500 credits) with a new Visa in the dashboard's purchase panel, as a
 * person does, and closes the panel again: for specs that need a purchase to exist,
 * not for the panel's own behaviour (purchase.spec.ts covers that).
 */
export async function buyTwentyDollars(page: Page) {
  await page.getByRole("button", { name: "Purchase credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase More Credits" });
  await dialog.getByText("$20", { exact: true }).click();
  await enterCard(dialog, "4242 4242 4242 4242");
  await dialog.getByRole("button", { name: "Purchase Credits" }).click();
  await expect(dialog.getByText("500 credits added")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
}
