/** Keys and origins: the publishable key only tokenizes cards, and only the app's origin may call from a browser. */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ORIGIN, startSandbox } from "./helpers";

let s: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  s = await startSandbox();
});
afterAll(() => s.sandbox.close());

function call(method: string, path: string, headers: Record<string, string>, body = "") {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: s.sandbox.port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const card = "type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2034&card[cvc]=123";
const form = { "Content-Type": "application/x-www-form-urlencoded" };

describe("CORS", () => {
  it("answers the preflight for the app's origin", async () => {
    const res = await call("OPTIONS", "/v1/payment_methods", {
      Origin: APP_ORIGIN,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization, content-type",
    });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe(APP_ORIGIN);
    expect(String(res.headers["access-control-allow-headers"])).toMatch(/Authorization/);
  });

  it("lets the app's origin tokenize a card with the publishable key, as Stripe.js does", async () => {
    const res = await call("POST", "/v1/payment_methods", { ...form, Origin: APP_ORIGIN }, `${card}&key=${s.sandbox.publishableKey}`);
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe(APP_ORIGIN);
    expect(JSON.parse(res.body)).toMatchObject({ object: "payment_method", card: { last4: "4242" } });
  });

  it("refuses other origins, for the preflight and for the request itself", async () => {
    const evil = "http://evil.example";
    const preflight = await call("OPTIONS", "/v1/payment_methods", { Origin: evil, "Access-Control-Request-Method": "POST" });
    expect(preflight.status).toBe(403);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    const before = await s.stripe.events.list({ limit: 100 });
    const res = await call("POST", "/v1/payment_methods", { ...form, Origin: evil, Authorization: `Bearer ${s.sandbox.publishableKey}` }, card);
    expect(res.status).toBe(403);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    // Nothing happened behind the refusal.
    const after = await s.stripe.events.list({ limit: 100 });
    expect(after.data.length).toBe(before.data.length);
  });
});

describe("API keys", () => {
  it("keeps the publishable key to tokenizing", async () => {
    await expect(s.browser.customers.create({ email: "x@example.com" })).rejects.toMatchObject({ statusCode: 401, type: "StripeAuthenticationError" });
    await expect(s.browser.paymentIntents.list()).rejects.toMatchObject({ statusCode: 401 });
  });

  it("refuses raw card numbers from the server's secret key", async () => {
    const attempt = s.stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 1, exp_year: 2035 } });
    await expect(attempt).rejects.toMatchObject({ statusCode: 400, param: "card[number]" });
  });

  it("answers 401 for a missing or unknown key", async () => {
    expect((await call("GET", "/v1/customers", {})).status).toBe(401);
    const wrong = await call("GET", "/v1/customers", { Authorization: "Bearer sk_test_not_the_key" });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.message).toMatch(/Invalid API Key/);
  });

  it("validates card details like Stripe, with its card_error codes", async () => {
    const cases = [
      [{ number: "4242424242424241", exp_month: 12, exp_year: 2034 }, "incorrect_number"],
      [{ number: "4111111111111111", exp_month: 12, exp_year: 2034 }, "card_declined"],
      [{ number: "4242424242424242", exp_month: 13, exp_year: 2034 }, "invalid_expiry_month"],
      [{ number: "4242424242424242", exp_month: 1, exp_year: 2001 }, "invalid_expiry_year"],
      [{ number: "4242424242424242", exp_month: 1, exp_year: 2034, cvc: "12" }, "invalid_cvc"],
    ] as const;
    for (const [details, code] of cases) {
      await expect(s.browser.paymentMethods.create({ type: "card", card: details })).rejects.toMatchObject({
        statusCode: 402,
        type: "StripeCardError",
        code,
      });
    }
  });
});
