import { expect, type Page } from "@playwright/test";
import { PASSWORD, closePurchasePanel } from "../fixtures";

/**
 * fixtures.ts signUp, with room for the first render of the dashboard on a busy machine
 * (it took 23 s at a load of 30, past signUp's 20 s): for specs whose first step it is.
 */
export async function patientSignUp(page: Page, email: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 90_000 });
  await expect(page.getByRole("dialog", { name: "Purchase More Credits" })).toBeVisible({ timeout: 60_000 });
  await closePurchasePanel(page);
  return email;
}
