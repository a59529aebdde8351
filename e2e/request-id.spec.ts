import { expect, test } from "@playwright/test";

// Issue #12: every response names its request id, the one its log lines carry
// (the teardown's log scan checks those lines). A caller's sane id is kept.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("pages, redirects and API answers carry X-Request-Id, keeping a sane caller id", async ({ request }) => {
  const page = await request.get("/sign-in");
  expect(page.status()).toBe(200);
  expect(page.headers()["x-request-id"]).toMatch(UUID);

  const traced = await request.get("/sign-in", { headers: { "X-Request-Id": "e2e-trace-000001" } });
  expect(traced.headers()["x-request-id"]).toBe("e2e-trace-000001");

  const refused = await request.get("/sign-in", { headers: { "X-Request-Id": "<script>alert(1)</script>" } });
  expect(refused.headers()["x-request-id"]).toMatch(UUID);

  const redirect = await request.get("/dashboard", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers()["x-request-id"]).toMatch(UUID);

  const pricing = await request.get("/api/v1/pricing");
  expect(pricing.headers()["x-request-id"]).toMatch(UUID);

  const unauthenticated = await request.get("/api/v1/balance", { headers: { "X-Request-Id": "e2e-trace-000002" } });
  expect(unauthenticated.status()).toBe(401);
  expect(unauthenticated.headers()["x-request-id"]).toBe("e2e-trace-000002");
});
