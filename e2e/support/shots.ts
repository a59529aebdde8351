import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";

const SHOTS = process.env.SHOTS_DIR;

/** Screenshots for a person to look at (only when SHOTS_DIR is set): light and dark, 1280 and 375 px wide. */
export async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [1280, 375]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/${name}-${scheme}-${width}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}
