import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import nodemailer from "nodemailer";
import { startMailCatcher, type MailCatcher } from "../mail-catcher";
import { expectAccessible } from "./fixtures";

// The Test inbox shows the HTML of whatever mail reaches it. That HTML must run nothing and load
// nothing from outside, and the page must stay checkable (axe goes into the message's frame).
let catcher: MailCatcher;
let beacon: http.Server;
let beaconHits = 0;

test.beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  beacon = http.createServer((_req, res) => {
    beaconHits++;
    res.end();
  });
  await new Promise<void>((resolve) => beacon.listen(0, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await catcher.close();
  await new Promise((resolve) => beacon.close(resolve));
});

test("a message's HTML in the Test inbox runs no script and loads nothing from outside", async ({ page }) => {
  const outside = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}/beacon`;
  await nodemailer.createTransport(catcher.smtpUrl).sendMail({
    from: "Credits <billing@credits.test>",
    to: "reader@example.com",
    subject: "Hostile HTML",
    text: "Plain part",
    html: `<!doctype html><html lang="en"><head><title>Hostile HTML</title></head><body><main>
<p id="target">untouched</p>
<script>document.getElementById("target").textContent = "script ran";</script>
<img src="x" alt="" onerror="document.getElementById('target').textContent = 'handler ran'">
<img src="${outside}" alt="remote image">
<a href="javascript:document.getElementById('target').textContent='link ran'">a javascript link</a>
</main></body></html>`,
  });

  await page.goto(catcher.webUrl!);
  await page.getByRole("link", { name: "Hostile HTML" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hostile HTML" })).toBeVisible();
  const frame = page.frameLocator('iframe[title="HTML part of the message"]');
  await expect(frame.getByText("untouched")).toBeVisible();
  await frame.getByRole("link", { name: "a javascript link" }).click();
  await expectAccessible(page);
  await expect(frame.locator("#target")).toHaveText("untouched");
  expect(beaconHits).toBe(0);
});
