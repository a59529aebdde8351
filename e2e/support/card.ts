import type { FrameLocator, Locator, Page } from "@playwright/test";

/** The card fields: Stripe Elements' frame (the sandbox's own origin in test mode) inside `scope`. */
export function cardFrame(scope: Locator | Page): FrameLocator {
  return scope.frameLocator('iframe[title="Secure card payment input frame"]');
}

/** Types a card into the card frame inside `scope` (a dialog or a section). */
export async function enterCard(scope: Locator | Page, number: string, expiry = "12 / 34", cvc = "123") {
  const frame = cardFrame(scope);
  await frame.getByLabel("Card number").fill(number);
  await frame.getByLabel("Expiration").fill(expiry);
  await frame.getByLabel("CVC").fill(cvc);
}

/**
 * A person's impatient double click, for real: a click and a double click at
 * the button's spot through the mouse, with none of Playwright's waiting for
 * the button to be enabled or stable in between.
 */
export async function rapidClicks(page: Page, button: Locator, gapMs = 0) {
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error("the button is not on screen");
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  // `gapMs` apart: the double click then lands while the first click's work is under way.
  await Promise.all([page.mouse.click(x, y), new Promise((r) => setTimeout(r, gapMs)).then(() => page.mouse.dblclick(x, y))]);
}
