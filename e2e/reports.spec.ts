import { deflateSync } from "node:zlib";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { setAdmin } from "./support/admin";
import { grantPromo } from "./support/grant";
import { createApiKeyInUi, meter } from "./support/usage";

/** A real w×h PNG (solid colour), built in the test. */
function png(width = 64, height = 40): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x4f)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * A signed-up user with credits: at zero the "Purchase More Credits" panel
 * opens by itself on every page load (the dashboard's layout has already
 * created the credit account the grant goes to).
 */
async function newUser(page: Page, prefix: string, credits = 1000) {
  const email = await signUp(page, uniqueEmail(prefix));
  await grantPromo(email, credits);
  return email;
}

async function balanceOf(request: APIRequestContext, key: string): Promise<number> {
  const res = await request.get("/api/v1/balance", { headers: { authorization: `Bearer ${key}` } });
  expect(res.status()).toBe(200);
  return (await res.json()).balance as number;
}

test("a report with a screenshot reaches support; one adjustment, even double-clicked, credits the user once", async ({ page, browser, request }) => {
  test.setTimeout(240_000);
  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  const adminEmail = await newUser(support, "support");
  const email = await newUser(page, "reporter");
  const key = await createApiKeyInUi(page, "e2e reports");
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push(await meter(request, key, { feature: "chat", model: "gpt-5-mini", inputTokens: 100, outputTokens: 10 }));

  // One row's "Report a problem" opens the form with that request.
  await page.goto("/usage");
  const rows = page.getByRole("table", { name: /Requests/ }).locator("tbody tr");
  await rows.first().getByRole("link", { name: /Report a problem/ }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/new\\?request=${ids[3]}$`));
  await expect(page.getByLabel("Request ids")).toHaveValue(ids[3]!);

  // Several ticked rows: "Report selected".
  await page.goto("/usage");
  await page.getByRole("checkbox", { name: `Select request ${ids[1]}` }).check();
  await page.getByRole("checkbox", { name: `Select request ${ids[2]}` }).check();
  await page.getByRole("button", { name: "Report selected" }).click();
  await expect(page).toHaveURL(/\/reports\/new\?request=/);
  await expect(page.getByLabel("Request ids")).toHaveValue(`${ids[2]}\n${ids[1]}`);
  await expectAccessible(page);

  await page.getByLabel("What went wrong?").fill("The chat answered with an error twice but both requests used credits.");
  await page.locator("#report-screenshots").setInputFiles({ name: "error.png", mimeType: "image/png", buffer: png() });
  await expect(page.getByRole("list", { name: "Attached screenshots" }).getByRole("listitem")).toHaveCount(1);
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page).toHaveURL(/\/reports\/rpt_[\w-]+\?sent=1$/);
  const reportUrl = new URL(page.url()).pathname;
  await expect(page.getByText("your report was sent")).toBeVisible();
  await expect(page.getByText("Open", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("img", { name: "Screenshot 1" })).toHaveJSProperty("complete", true);
  expect(await page.getByRole("img", { name: "Screenshot 1" }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  await expectAccessible(page);

  await page.goto("/reports");
  await expect(page.getByRole("link", { name: /The chat answered with an error/ })).toBeVisible();
  await expectAccessible(page);
  const before = await balanceOf(request, key);

  // Support: another user, made admin through the database (as `npm run admin -- grant` does).
  await setAdmin(adminEmail);
  await support.goto("/admin");
  await expect(support.getByRole("banner")).toContainText("Support");
  await support.getByLabel("User e-mail").fill(email);
  await support.getByRole("button", { name: "Apply filters" }).click();
  await expect(support).toHaveURL(/email=/);
  await expectAccessible(support);
  await support.getByRole("link", { name: /The chat answered with an error/ }).click();
  await expect(support).toHaveURL(new RegExp(`/admin${reportUrl.replace("/reports", "/reports")}$`));
  await expect(support.getByRole("heading", { name: `Report from ${email}` })).toBeVisible();
  // The reported requests and the ones around them.
  const around = support.getByRole("table", { name: /around the reported ones/ });
  await expect(around.locator("tbody tr")).toHaveCount(4);
  await expect(around.locator("tbody tr.bg-amber-50")).toHaveCount(2);
  // The gallery's images load lazily: read the width once the screenshot has arrived.
  const shot = support.getByRole("img", { name: "Screenshot 1" });
  await expect.poll(() => shot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  await expectAccessible(support);

  await support.getByLabel("Message to the user").fill("Confirmed: a bug in the chat retry. Crediting you.");
  await support.getByRole("button", { name: "Send reply" }).click();
  await expect(support.getByText("Reply sent; the user was notified.")).toBeVisible();

  await support.getByLabel("Credits", { exact: true }).fill("250");
  await support.getByLabel("Reason").fill("Chat retry bug charged twice");
  await support.getByRole("button", { name: "Credit the user" }).dblclick();
  await expect(support.getByText(/Credited 250 credits|already credited 250 credits/)).toBeVisible();
  await support.reload();
  await expect(support.getByText("This report was credited 250 credits.")).toBeVisible();
  await expectAccessible(support);
  await supportContext.close();

  expect(await balanceOf(request, key)).toBe(before + 250);

  // The user sees the resolution, the reply and the new balance.
  await page.goto(reportUrl);
  await expect(page.getByText("Resolved", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("250 credits were added to your balance for this report.")).toContainText(
    `Your balance is now ${(before + 250).toLocaleString("en-US")} credits.`,
  );
  // In the report itself (the same reply also arrives as a notice at the top of the page).
  await expect(page.locator("#main").getByText("Confirmed: a bug in the chat retry. Crediting you.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Support replied to your report" })).toBeVisible();
  await expectAccessible(page);
});

test("the support console is a 404 to users and to signed-out visitors", async ({ page, browser }) => {
  await signUp(page, uniqueEmail("nosy"));
  for (const path of ["/admin", "/admin/users", "/admin/reports/rpt_abcdefghijkl", "/admin/users/whatever"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
  }
  const anonymous = await browser.newContext();
  const res = await (await anonymous.newPage()).goto("/admin");
  expect(res?.status()).toBe(404);
  await anonymous.close();
});

test("screenshots: a wrong type, a text file renamed .png and a file over 5 MB each get a clear error", async ({ page }) => {
  test.setTimeout(120_000);
  await newUser(page, "uploads");
  await page.goto("/reports/new");
  const input = page.locator("#report-screenshots");
  const errors = page.getByRole("group", { name: "Screenshots (optional)" }).getByRole("alert");

  await input.setInputFiles({ name: "animation.gif", mimeType: "image/gif", buffer: Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;") });
  await expect(errors).toContainText("animation.gif: This file is not a PNG or JPEG image.");

  await input.setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("these are my notes, not a screenshot") });
  await expect(errors).toContainText("notes.png: This file is not a PNG or JPEG image.");

  const huge = Buffer.concat([png(), Buffer.alloc(5 * 1024 * 1024)]);
  await input.setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: huge });
  await expect(errors).toContainText("huge.png: this file is larger than 5 MB.");
  await expect(page.getByRole("list", { name: "Attached screenshots" })).toHaveCount(0);

  // The server holds the same line for a client that skips the form's check.
  const direct = await page.request.post("/api/reports/screenshots", { data: huge, headers: { "content-type": "image/png" } });
  expect(direct.status()).toBe(413);
  const renamed = await page.request.post("/api/reports/screenshots", { data: Buffer.from("plain text"), headers: { "content-type": "image/png" } });
  expect(renamed.status()).toBe(415);

  // A valid one still goes up, and the form keeps working.
  await input.setInputFiles({ name: "ok.png", mimeType: "image/png", buffer: png() });
  await expect(page.getByRole("list", { name: "Attached screenshots" }).getByRole("listitem")).toHaveCount(1);
  await expectAccessible(page);
});
