/**
 * Issue #12: user-supplied text is never rendered as HTML. HTML and script
 * payloads go into every text a user or support types that is shown back (the
 * user's name, an API key's name, a report, support's reply and adjustment
 * reason), and each page that shows them must show the characters as text:
 * the text is visible, no element from the payload exists, no dialog opens,
 * and axe finds nothing serious.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { setAdmin } from "./support/admin";
import { createApiKeyInUi } from "./support/usage";

// Each payload would, if parsed as HTML, create an element with id "injected"
// and run alert(); names are limited (a key's to 60 characters), hence the short ones.
const SHORT = `<b id=injected>k</b><img src=x onerror=alert(1)>`;
const LONG = `Broken: <script>alert(2)</script><img id=injected src=x onerror="alert(3)"> & "quotes" ' OR 1=1 --`;

/** Fails the test on any dialog a payload might open. */
function watchDialogs(page: Page) {
  const opened: string[] = [];
  page.on("dialog", async (dialog) => {
    opened.push(dialog.message());
    await dialog.dismiss();
  });
  return opened;
}

/** The payload is on the page as text, and nothing it describes became an element. */
async function expectText(page: Page, text: string) {
  await expect(page.getByText(text, { exact: false }).first()).toBeVisible();
  expect(await page.locator('#injected, img[src="x"]').count()).toBe(0);
}

async function expectLiteral(page: Page, text: string) {
  await expectText(page, text);
  await expectAccessible(page);
}

test("HTML in the user's name and an API key's name is shown as text, never run", async ({ page }) => {
  test.setTimeout(300_000);
  const dialogs = watchDialogs(page);
  await signUp(page, uniqueEmail("hostile"), SHORT);

  // The user's name, in the account menu. (axe runs once it is closed: an open
  // Radix menu hides the page behind it with aria-hidden, which axe reports.)
  await page.getByRole("button", { name: "Account menu" }).click();
  await expectText(page, SHORT);
  await page.keyboard.press("Escape");
  await expectAccessible(page);

  // An API key's name: the confirmation, the list and the revoke dialog.
  await createApiKeyInUi(page, SHORT);
  await expect(page.getByRole("heading", { name: `Your new key “${SHORT}”` })).toBeVisible();
  await expectLiteral(page, SHORT);
  await page.reload();
  await expectLiteral(page, SHORT);
  await page.getByRole("button", { name: `Revoke ${SHORT}` }).click();
  await expect(page.getByRole("dialog", { name: `Revoke “${SHORT}”?` })).toBeVisible();
  await expectLiteral(page, SHORT);
  await page.keyboard.press("Escape");
  expect(dialogs).toEqual([]);
});

test("HTML in a report, support's reply and reason, and a name in the console is shown as text, never run", async ({ page, browser }) => {
  // Generous: two users, a report and the support console on a loaded 2-core machine.
  test.setTimeout(420_000);
  const userDialogs = watchDialogs(page);
  const email = uniqueEmail("hostile");
  await signUp(page, email, SHORT);

  // A report: its page and the list of reports.
  await page.goto("/reports/new");
  await page.getByLabel("What went wrong?").fill(LONG);
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page).toHaveURL(/\/reports\/rpt_[\w-]+\?sent=1$/);
  const reportUrl = new URL(page.url()).pathname;
  await expectLiteral(page, LONG);
  await page.goto("/reports");
  await expectLiteral(page, "Broken: <script>alert(2)</script>");

  // Support reads it, replies and credits it, with payloads of its own.
  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  const supportDialogs = watchDialogs(support);
  const adminEmail = uniqueEmail("hostile-support");
  await signUp(support, adminEmail, LONG.slice(0, 100));
  await setAdmin(adminEmail);
  await support.goto(`/admin${reportUrl}`);
  await expectLiteral(support, LONG);
  await support.getByLabel("Message to the user").fill(`Reply ${LONG}`);
  await support.getByRole("button", { name: "Send reply" }).click();
  await expect(support.getByText("Reply sent; the user was notified.")).toBeVisible();
  await support.getByLabel("Credits", { exact: true }).fill("5");
  await support.getByLabel("Reason").fill(`Reason ${SHORT}`);
  await support.getByRole("button", { name: "Credit the user" }).click();
  await expect(support.getByText(/Credited 5 credits/)).toBeVisible();
  await support.reload();
  await expectLiteral(support, `Reply ${LONG}`);
  await expectLiteral(support, `Reason ${SHORT}`);
  await support.goto("/admin");
  await expectLiteral(support, "Broken: <script>alert(2)</script>");
  // The user's name, in the console's user search and the user's page.
  await support.goto(`/admin/users?email=${encodeURIComponent(email)}`);
  await expectLiteral(support, SHORT);
  await support.getByRole("link", { name: email }).click();
  await expectLiteral(support, SHORT);
  await supportContext.close();

  // The user sees support's reply in the report and as a notice.
  await page.goto(reportUrl);
  await expectLiteral(page, `Reply ${LONG}`);

  expect(userDialogs).toEqual([]);
  expect(supportDialogs).toEqual([]);
});
