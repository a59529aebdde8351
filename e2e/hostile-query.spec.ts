/**
 * Issue #12: hostile values in a page's URL (its query and its [id]
 * segments) never make a page fail. The tables of tests/hostile-input cover
 * route handlers and server actions; this covers the pages, signed in as
 * support so that the console's pages are reached too. Every answer must be
 * the page itself (or a redirect or 404), never a 500 or the "could not load"
 * page, whatever reaches PostgreSQL: a NUL (SQLSTATE 22021), a value far too
 * long, SQL and HTML metacharacters, impossible dates and numbers, arrays.
 * A path that is not valid percent-encoded UTF-8 is caught by proxy.ts (Next.js
 * would answer 500): the API's 400 error contract, a page's not-found page.
 */
import { expect, test } from "@playwright/test";
import { dynamicRouteDirs, pagesReadingUrl } from "../tests/support/app-tree";
import { expectAccessible, signUp, uniqueEmail } from "./fixtures";
import { setAdmin } from "./support/admin";

/** Each page that reads its URL, with the query parameters it reads. */
const PAGES: Record<string, string[]> = {
  "/sign-in": ["callbackUrl", "signedOut"],
  "/reset-password": ["token"],
  "/verify-email": ["token", "change"],
  "/sign-up": ["callbackUrl"],
  "/settings": ["password"],
  "/usage": ["from", "to", "feature", "model", "after", "before"],
  "/usage/statements": ["month"],
  "/reports/new": ["request"],
  "/reports/[id]": ["sent"],
  "/settings/billing/receipts/[id]": [],
  "/admin": ["status", "email"],
  "/admin/users": ["email"],
  "/admin/users/[id]": [],
  "/admin/reports/[id]": [],
};

// As they stand in the URL (percent-encoded where they need to be).
const VALUES = [
  "%00",
  "a%00b",
  "%ED%A0%80", // the UTF-8 bytes of a lone surrogate
  "%FF%FE",
  "%",
  "x".repeat(8_000),
  "'%20OR%201%3D1%20--",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "..%2F..%2Fetc%2Fpasswd",
  "-1",
  "1e309",
  "99999999999999999999999",
  "0000-00-00",
  "9999-12-31",
  "10000-01-01",
  "usr_00000000-0000-0000-0000-000000000000",
  "rpt_AAAAAAAAAAAAAAAA",
];

function urls(route: string): string[] {
  const out: string[] = [];
  const params = PAGES[route]!;
  if (route.includes("[id]")) for (const v of VALUES) out.push(route.replace("[id]", v));
  const base = route.replace("[id]", "rpt_AAAAAAAAAAAAAAAA");
  for (const name of params) {
    for (const v of VALUES) out.push(`${base}?${name}=${v}`);
    out.push(`${base}?${name}=a&${name}=b&${name}[]=c`);
  }
  return out;
}

test("the table lists every page that reads its URL", () => {
  expect(Object.keys(PAGES).sort()).toEqual(pagesReadingUrl());
});

test("hostile values in a page's URL get the page, a redirect or a 404, never an error", async ({ page }) => {
  test.setTimeout(600_000);
  const email = await signUp(page, uniqueEmail("hostile-query"));
  await setAdmin(email);
  // Signed in as support: the console answers (else its 404s below would prove nothing).
  expect((await page.request.get("/admin", { maxRedirects: 0 })).status()).toBe(200);

  const failures: string[] = [];
  let checked = 0;
  const queue = Object.keys(PAGES).flatMap(urls);
  // A few at a time: each answer waits mostly on the server and PostgreSQL, and one after
  // another left both idle between them (330 URLs: the suite's longest test).
  const check = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      const answer = await page.request.get(url, { maxRedirects: 0 });
      checked++;
      const status = answer.status();
      const body = status === 200 ? await answer.text() : "";
      if (![200, 303, 307, 308, 400, 404].includes(status) || /briefly unavailable|Something went wrong/.test(body)) {
        failures.push(`${status} ${url.slice(0, 120)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, check));
  expect(failures).toEqual([]);
  expect(checked).toBeGreaterThan(150);
});

test("a dynamic segment that is not valid percent-encoded UTF-8: the API's error contract (400), a page's not-found page", async ({ request }) => {
  const segments = ["%FF", "%ED%A0%80", "%", "a%E2%82"];
  const routes = dynamicRouteDirs().map((dir) =>
    dir
      .split("/")
      .slice(1) // app/
      .filter((s) => !/^\(.+\)$/.test(s))
      .join("/"),
  );
  expect(routes.length).toBeGreaterThan(5);
  for (const route of routes) {
    for (const segment of segments) {
      const url = "/" + route.replace(/\[[^\]]+\]/g, segment);
      for (const method of ["GET", "POST"] as const) {
        const answer = await request.fetch(url, { method, maxRedirects: 0 });
        if (url.startsWith("/api/")) {
          expect(answer.status(), `${method} ${url}`).toBe(400);
          expect(await answer.json()).toMatchObject({ error: { code: "invalid_request" } });
        } else if (method === "GET") {
          expect(answer.status(), `${method} ${url}`).toBe(404);
          expect(await answer.text()).toContain("Page not found");
        } else {
          expect(answer.status(), `${method} ${url}`).toBeLessThan(500);
        }
      }
    }
  }
});

test("the not-found page says so and offers the way back", async ({ page }) => {
  const answer = await page.goto("/reports/%FF");
  expect(answer?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "See pricing" }).click();
  await expect(page).toHaveURL(/\/pricing$/);
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expectAccessible(page);
});
