import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signUp, uniqueEmail } from "./fixtures";

test("pages carry a strict Content-Security-Policy and the security headers", async ({ request }) => {
  const res = await request.get("/sign-in");
  const headers = res.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  // The sandbox is the only other origin the browser may talk to.
  expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\d+/);
  // …and, playing js.stripe.com in test mode, serve Stripe.js and the card and 3-D Secure frames.
  const sandbox = /connect-src 'self' (http:\/\/127\.0\.0\.1:\d+)/.exec(csp)?.[1] ?? "none";
  expect(csp).toContain(`frame-src ${sandbox}`);
  expect(csp).toMatch(new RegExp(`script-src [^;]*${sandbox.replace(/[.]/g, "\\.")}`));
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toContain("max-age=");
});

test("API answers, error answers and the proxy's refusals carry the security headers too", async ({ request }) => {
  const answers = {
    "an API error (401)": await request.get("/api/v1/balance"),
    "the public rate card": await request.get("/api/v1/pricing"),
    "a page that does not exist": await request.get("/no-such-page"),
    "a path the proxy refuses (400)": await request.get("/api/v1/holds/%FF/release"),
    "a redirect to sign-in": await request.get("/dashboard", { maxRedirects: 0 }),
  };
  for (const [what, res] of Object.entries(answers)) {
    const headers = res.headers();
    expect(headers["x-content-type-options"], what).toBe("nosniff");
    expect(headers["x-frame-options"], what).toBe("DENY");
    expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], what).toContain("max-age=");
    expect(headers["x-powered-by"], what).toBeUndefined();
  }
  expect(answers["a path the proxy refuses (400)"].status()).toBe(400);
  // Pages, the not-found one included (also when the proxy sends a malformed path there), are framed by no one.
  expect(answers["a page that does not exist"].headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  const malformed = await request.get("/reports/%FF");
  expect(malformed.status()).toBe(404);
  expect(malformed.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ page, context }) => {
  await signUp(page);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.includes("session-token"));
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
});

test("behind TLS (X-Forwarded-Proto: https) the session cookie is also Secure, with the __Secure- prefix", async ({ page, request }) => {
  const email = await signUp(page);
  // Production sits behind a proxy that terminates TLS; Auth.js trusts its forwarded protocol (AUTH_TRUST_HOST).
  const tls = { "x-forwarded-proto": "https" };
  const csrf = await request.get("/api/auth/csrf", { headers: tls });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("__Host-"));
  expect(csrfCookie?.value).toMatch(/; Secure/i);

  const res = await request.post("/api/auth/callback/credentials", {
    headers: { ...tls, cookie: csrfCookie!.value.split(";")[0]! },
    form: { csrfToken, email, password: PASSWORD },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
  const session = res
    .headersArray()
    .find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("__Secure-authjs.session-token="));
  expect(session?.value).toMatch(/; Secure/i);
  expect(session?.value).toMatch(/; HttpOnly/i);
  expect(session?.value).toMatch(/; SameSite=Lax/i);
});

test("server actions refuse cross-origin and Origin: null posts, and nothing is written", async ({ page, request }) => {
  // Capture a real sign-up action request (refused for its short password)…
  await page.goto("/sign-up");
  const email = uniqueEmail("csrf");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("short");
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    page.getByRole("button", { name: "Create account" }).click(),
  ]);
  // …then replay it from another origin with a valid password.
  const body = sent.postDataBuffer()!.toString("latin1").replace("short", PASSWORD);
  for (const origin of ["https://evil.example", "null"]) {
    const res = await request.post("/sign-up", {
      headers: {
        Origin: origin,
        "Next-Action": sent.headers()["next-action"]!,
        "Content-Type": sent.headers()["content-type"]!,
      },
      data: Buffer.from(body, "latin1"),
      maxRedirects: 0,
    });
    expect(res.status()).toBeGreaterThanOrEqual(400);
  }
  // No account was created by either post.
  await page.goto("/sign-in");
  await signIn(page, email);
  await expect(page.getByRole("alert").filter({ hasText: "The e-mail or password is not right." })).toBeVisible();
});
