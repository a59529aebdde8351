import { expect, test } from "@playwright/test";
import { formatDateTime } from "../lib/credits/shared";
import { signUp, uniqueEmail } from "./fixtures";
import { grantPromo } from "./support/grant";
import { createApiKeyInUi, meter } from "./support/usage";
import { storedTimeZone } from "./support/users";

// Issue 20 item 8: times in the user's time zone, in one format, on every page that shows a request.
const ZONE = "Pacific/Auckland";
test.use({ timezoneId: ZONE });

test("a request's time reads the same, on the browser's clock, in the log and on the dashboard", async ({ page, request }) => {
  const email = await signUp(page, uniqueEmail("local-times"));
  const key = await createApiKeyInUi(page);
  await grantPromo(email, 100);
  const id = await meter(request, key, { feature: "chat", model: "gpt-5-mini" });

  await page.goto("/usage");
  await expect(page.getByText(`Times are in ${ZONE}.`)).toBeVisible();
  const logTime = page.getByRole("table", { name: /Requests/ }).locator("tbody tr").filter({ hasText: id }).locator("time");
  const instant = await logTime.getAttribute("datetime");
  const expected = formatDateTime(instant!, ZONE);
  await expect(logTime).toHaveText(expected);

  await page.goto("/dashboard");
  const recent = page.getByRole("list", { name: "Five most recent requests" }).getByRole("listitem").filter({ hasText: id });
  await expect(recent.locator("time")).toHaveText(expected);

  // The server keeps the zone too, for months and days that pass with no page open (a key's monthly limit).
  await expect.poll(() => storedTimeZone(email)).toBe(ZONE);
});
