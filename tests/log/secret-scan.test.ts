/**
 * The e2e run's secrets scan (e2e/support/log-scan.ts) must itself be able to
 * fail: each kind of secret planted in an otherwise clean log is found, and a
 * log that proves nothing (empty, no request ids) is refused.
 */
import { describe, expect, it } from "vitest";
import { scanLog } from "@/e2e/support/log-scan";
import { testCardNumbers } from "@/stripe-sandbox";

const known = [
  { name: "AUTH_SECRET", value: "e2e-only-secret-not-used-anywhere-else-000" },
  { name: "password", value: "correct horse 1" },
];

const clean = [
  "▲ Next.js 16.4.6",
  "credits: Stripe sandbox on http://127.0.0.1:40123 (test mode — no real charges)",
  JSON.stringify({ level: "info", requestId: "3f0c2a4e-1111-4222-8333-944445555666", method: "GET", path: "/api/v1/balance", status: 200, durationMs: 3.1, accountId: 4, msg: "request" }),
  JSON.stringify({ level: "info", requestId: "3f0c2a4e-1111-4222-8333-944445555667", actionId: "7f1e", outcome: "ok", durationMs: 40, msg: "server action" }),
  JSON.stringify({ level: "info", requestId: "r-1234567890", stripeEventId: "evt_1", stripeEventType: "payment_intent.succeeded", outcome: "handled", msg: "stripe event" }),
  JSON.stringify({ level: "warn", headers: { authorization: "[Redacted]", cookie: "[Redacted]" }, body: { password: "[Redacted]" }, msg: "pi_123_secret_[Redacted] with Bearer [Redacted] and cr_[Redacted]" }),
  JSON.stringify({ level: "error", job: "refills", runId: "a1b2c3d4-0000-4000-8000-000000000000", err: { message: "card_declined" }, msg: "job failed" }),
  JSON.stringify({ level: "info", requestId: "r-1234567891", msg: "order 1795500839654 of 12500 credits, key prefix cr_AbCdEfGh" }),
].join("\n");

describe("the e2e log scan", () => {
  it("passes a clean log and counts what it saw", () => {
    const result = scanLog(clean, known, testCardNumbers());
    expect(result.findings).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ jsonLines: 6, withRequestId: 4, accessLines: 1, actionLines: 1, stripeEvents: 1 });
  });

  const planted: [string, string][] = [
    ["a known value", `{"msg":"config","note":"e2e-only-secret-not-used-anywhere-else-000"}`],
    ["a fixture password", `{"msg":"sign-in","detail":"correct horse 1"}`],
    ["an API key", `{"msg":"unhandled API error","err":{"message":"no key cr_${"A".repeat(40)}b_-"}}`],
    ["a Stripe secret key", "Error: Invalid API Key provided: sk_test_4eC39HqLyjWDarjtT1zdp7dc"],
    ["a webhook secret", `{"secret":"whsec_abcdefgh12345678"}`],
    ["a client secret", `{"msg":"purchase","clientSecret":"pi_3Nabc_secret_Zx9Yw8Vu"}`],
    ["a client_secret field", `{"client_secret":"anything"}`],
    ["a Bearer token", "fetch failed: Authorization: Bearer abcdefgh12345678"],
    ["a header object", `{"headers":{"cookie":"theme=dark"}}`],
    ["a raw Cookie header", "cookie: authjs.session-token=abc; theme=dark"],
    ["an Auth.js cookie", "Set-Cookie __Secure-authjs.session-token=eyJhbGciOiJkaXIi; Path=/"],
    ["a session JWE", `{"token":"eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2In0..c2Vzc2lvbi10b2tlbg.cGF5bG9hZA.dGFn"}`],
    ["a CVC", `{"card":{"cvc":"123"}}`],
    ["a form CVC", "card[cvc]=123&card[number]=x"],
    ["a password field", `{"body":{"password":"hunter2hunter2"}}`],
    ["a database URL", "connect ECONNREFUSED postgres://postgres:postgres@127.0.0.1:55440/postgres"],
    ["a card, no spaces", `{"msg":"4242424242424242"}`],
    ["a card, spaced", "card 4000 0000 0000 0002 declined"],
    ["a card, dashed", "card 4000-0025-0000-3155"],
    ["an Amex card", "378282246310005"],
  ];

  it.each(planted)("finds %s", (_kind, line) => {
    const result = scanLog(`${clean}\n${line}`, known, testCardNumbers());
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.line === 9)).toBe(true);
  });

  it("refuses a log that cannot prove anything", () => {
    expect(scanLog("", known, []).problems).toEqual(["the server log is empty"]);
    expect(scanLog("▲ Next.js 16.4.6\n✓ Ready in 1s", known, []).problems[0]).toMatch(/no JSON lines/);
    expect(scanLog(JSON.stringify({ level: "info", msg: "job run finished", job: "refills", runId: "r1" }), known, []).problems).toEqual([
      "no log line carries a request id",
    ]);
    const unattributed = `${clean}\n${JSON.stringify({ level: "info", method: "GET", status: 200, msg: "request" })}`;
    expect(scanLog(unattributed, known, []).problems[0]).toMatch(/1 access, action, webhook or job lines lack/);
  });
});
