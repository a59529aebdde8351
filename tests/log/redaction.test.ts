/**
 * Issue #12: no secret, API key, card detail or password in a log line. Every
 * case logs through the app's own logger configuration (createLogger, as
 * lib/log uses it) into a stream, then looks for each secret in the text that
 * would have been written. Each case also checks that the line still carries
 * the harmless fields around the secrets, so a logger that dropped whole
 * objects (or wrote nothing) cannot pass.
 */
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { withLogContext } from "@/lib/log/context";
import { createLogger } from "@/lib/log/logger";
import { requestIdFrom } from "@/lib/log/request-id";

const API_KEY = `cr_${"k".repeat(20)}Q9vXq2Lr7TzA0bYw3NcE8sP`;
const SESSION_TOKEN = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..c2Vzc2lvbi10b2tlbi12YWx1ZQ.cGF5bG9hZA.dGFn";
const STRIPE_SECRET = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
const WEBHOOK_SECRET = "whsec_s3cr3tW3bh00kS1gn1ngK3y";
const CLIENT_SECRET = "pi_3Nabc123_secret_Zx9Yw8Vu7Ts6";
const PASSWORD = "correct horse battery 1";
const SIGNATURE = "t=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd";
const DB_PASSWORD = "pg-Pa55word-9f3k";
const CARDS = ["4242424242424242", "4242 4242 4242 4242", "4000-0000-0000-0002", "4000002500003155"];
const CVC = "7391";

function capture() {
  const lines: string[] = [];
  // pino calls `write` synchronously with one JSON line per call.
  const destination = { write: (line: string) => void lines.push(line) };
  return { logger: createLogger({ level: "info", destination }), lines };
}

function expectNoSecrets(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text, `"${secret}" was logged`).not.toContain(secret);
}

const ALL_SECRETS = [API_KEY, SESSION_TOKEN, STRIPE_SECRET, WEBHOOK_SECRET, CLIENT_SECRET, PASSWORD, SIGNATURE, DB_PASSWORD, CVC, ...CARDS];

describe("the logger's redaction", () => {
  it("censors secret fields of a request-shaped object at any depth the app logs", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${API_KEY}`,
          cookie: `authjs.session-token=${SESSION_TOKEN}`,
          "set-cookie": `authjs.session-token=${SESSION_TOKEN}; Path=/; HttpOnly`,
          "stripe-signature": SIGNATURE,
          "user-agent": "vitest",
        },
        body: {
          password: PASSWORD,
          confirmPassword: PASSWORD,
          apiKey: API_KEY,
          client_secret: CLIENT_SECRET,
          card: { number: CARDS[0], cvc: CVC, exp_month: 12, exp_year: 2034, brand: "visa" },
        },
        config: { STRIPE_SECRET_KEY: STRIPE_SECRET, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, DATABASE_URL: `postgres://app:${DB_PASSWORD}@db/credits` },
        nested: { deeper: { deepest: { token: SESSION_TOKEN, secret: WEBHOOK_SECRET } } },
      },
      "incoming request",
    );
    expect(lines).toHaveLength(1);
    expectNoSecrets(lines[0]!, ALL_SECRETS);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ msg: "incoming request", method: "POST", headers: { "user-agent": "vitest" }, body: { card: { brand: "visa" } } });
    expect(line.headers.authorization).toBe("[Redacted]");
  });

  it("scrubs secrets written into messages and into values under harmless names", () => {
    const { logger, lines } = capture();
    logger.warn(
      { detail: `retrying with Authorization: Bearer ${API_KEY}`, note: `paid with ${CARDS[1]} (cvc ${CVC})`, form: `card[cvc]=${CVC}&exp=12` },
      `card ${CARDS[2]} and ${CARDS[3]} via ${CLIENT_SECRET} for key ${API_KEY} with ${STRIPE_SECRET}, cookie authjs.session-token=${SESSION_TOKEN}`,
    );
    // The CVC is only censored as a field: three or four digits in prose cannot be told from any other number.
    expectNoSecrets(lines[0]!, ALL_SECRETS.filter((s) => s !== CVC));
    const line = JSON.parse(lines[0]!);
    expect(line.msg).toMatch(/^card \[Redacted card\] and \[Redacted card\] via pi_3Nabc123_secret_\[Redacted\] for key cr_\[Redacted\]/);
    expect(line.detail).toBe("retrying with Authorization: Bearer [Redacted]");
    expect(line.form).toBe("card[cvc]=[Redacted]&exp=12");
  });

  it("keeps digits that are not card numbers (ids, timestamps, amounts)", () => {
    const { logger, lines } = capture();
    logger.info({ at: 1795500839654, cents: 250000 }, "order 1795500839654 of 12500 credits");
    expect(JSON.parse(lines[0]!)).toMatchObject({ at: 1795500839654, msg: "order 1795500839654 of 12500 credits" });
  });

  it("logs an error's name, code, message and stack, never its request, response, headers or query parameters", () => {
    const { logger, lines } = capture();
    const stripeError = Object.assign(new Error(`No such payment_intent: '${CLIENT_SECRET}'`), {
      type: "invalid_request_error",
      code: "resource_missing",
      statusCode: 404,
      requestId: "req_stripe_123",
      raw: { headers: { authorization: `Bearer ${STRIPE_SECRET}` }, payment_intent: { client_secret: CLIENT_SECRET } },
      headers: { "stripe-signature": SIGNATURE },
    });
    const pgError = Object.assign(new Error("duplicate key value violates unique constraint"), {
      code: "23505",
      severity: "ERROR",
      query: "select * from api_authenticate($1)",
      parameters: [API_KEY, PASSWORD],
    });
    const wrapped = new Error(`connecting to postgres://app:${DB_PASSWORD}@db/credits failed`, { cause: pgError });
    logger.error({ err: stripeError }, "charge failed");
    logger.error({ err: Object.assign(wrapped, { cause: Object.assign(pgError, { cause: stripeError }) }) }, "query failed");
    logger.error({ err: { body: { password: PASSWORD } } }, "a thrown plain object");

    expect(lines).toHaveLength(3);
    expectNoSecrets(lines.join("\n"), ALL_SECRETS);
    const [charge, query] = lines.map((l) => JSON.parse(l));
    expect(charge.err).toMatchObject({ type: "Error", kind: "invalid_request_error", code: "resource_missing", statusCode: 404, stripeRequestId: "req_stripe_123" });
    expect(charge.err.stack).toMatch(/No such payment_intent/);
    expect(charge.err).not.toHaveProperty("raw");
    expect(charge.err).not.toHaveProperty("headers");
    expect(query.err.message).toBe("connecting to postgres://[Redacted]@db/credits failed");
    expect(query.err.cause).toMatchObject({ code: "23505", severity: "ERROR", message: "duplicate key value violates unique constraint" });
    expect(query.err.cause).not.toHaveProperty("parameters");
    expect(query.err.cause).not.toHaveProperty("query");
    expect(query.err.cause.cause).toMatchObject({ code: "resource_missing" });
  });

  it("censors inside class instances and URLs too, and keeps dates", () => {
    const { logger, lines } = capture();
    class Charge {
      constructor(
        readonly id: string,
        readonly headers: Record<string, string>,
      ) {}
    }
    const crossRealmError = { name: "StripeError", message: "declined", stack: "StripeError: declined\n    at x", raw: { client_secret: CLIENT_SECRET } };
    const at = new Date("2026-12-01T00:00:00.000Z");
    logger.info(
      { charge: new Charge("ch_1", { authorization: `Bearer ${STRIPE_SECRET}` }), db: new URL(`postgres://app:${DB_PASSWORD}@db/credits`), at, body: Buffer.from("4242"), err: crossRealmError },
      "charged",
    );
    expect(lines).toHaveLength(1);
    expectNoSecrets(lines[0]!, ALL_SECRETS);
    const line = JSON.parse(lines[0]!);
    expect(line.charge).toEqual({ id: "ch_1", headers: { authorization: "[Redacted]" } });
    expect(line.db).toBe("postgres://[Redacted]@db/credits");
    expect(line.at).toBe(at.toISOString());
    expect(line.body).toBe("[4 bytes]");
    expect(line.err).toMatchObject({ type: "StripeError", message: "declined" });
    expect(line.err).not.toHaveProperty("raw");
  });

  it("serializes an error logged under any other key, or inside an array, by the same allow-list", () => {
    const { logger, lines } = capture();
    const stripeError = Object.assign(new Error("Your card was declined."), {
      code: "card_declined",
      raw: { headers: { authorization: `Bearer ${STRIPE_SECRET}` }, payment_intent: { client_secret: CLIENT_SECRET } },
    });
    logger.warn({ refill: { id: "rf_1", failure: stripeError }, failures: [stripeError] }, "refill failed");
    expect(lines).toHaveLength(1);
    expectNoSecrets(lines[0]!, ALL_SECRETS);
    const line = JSON.parse(lines[0]!);
    expect(line.refill).toMatchObject({ id: "rf_1", failure: { code: "card_declined", message: "Your card was declined." } });
    expect(line.failures[0]).toMatchObject({ code: "card_declined" });
    expect(line.refill.failure).not.toHaveProperty("raw");
  });

  it("cuts a failed query's bound values (e-mails, password hashes, free text) out of its message and stack", () => {
    const { logger, lines } = capture();
    const hash = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    const cause = Object.assign(new Error("sorry, too many clients already"), { code: "53300" });
    const failed = new DrizzleQueryError("insert into users (email, password_hash) values ($1, $2)", ["ada@example.com", hash], cause);
    // Auth.js wraps what authorize throws in an error whose cause is { err }.
    const wrapped = new Error("Read more at https://errors.authjs.dev#callbackrouteerror", { cause: { err: failed } });
    logger.error({ err: wrapped }, "sign-up failed");
    const text = lines.join("\n");
    expectNoSecrets(text, [hash, "ada@example.com"]);
    const { err } = JSON.parse(lines[0]!);
    expect(err.cause.message).toBe("Failed query: insert into users (email, password_hash) values ($1, $2)\nparams: [omitted]");
    expect(err.cause.cause).toMatchObject({ code: "53300", message: "sorry, too many clients already" });
  });

  it("reduces a logged Request to its method and path (no query, headers or body)", () => {
    const { logger, lines } = capture();
    const request = new Request(`http://localhost/api/v1/usage?token=${SESSION_TOKEN}`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, cookie: `authjs.session-token=${SESSION_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ password: PASSWORD, card: CARDS[0] }),
    });
    logger.info({ req: request }, "request");
    expectNoSecrets(lines[0]!, ALL_SECRETS);
    expect(JSON.parse(lines[0]!).req).toEqual({ method: "POST", path: "/api/v1/usage" });
  });
});

describe("request ids", () => {
  it("puts the context's request id on every line written inside it, across awaits, and on none outside", async () => {
    const { logger, lines } = capture();
    await withLogContext({ requestId: "req-abc-12345" }, async () => {
      logger.info("first");
      await new Promise((resolve) => setTimeout(resolve, 1));
      await withLogContext({ accountId: 7 }, async () => logger.info("nested"));
    });
    logger.info("outside");
    const [first, nested, outside] = lines.map((l) => JSON.parse(l));
    expect(first.requestId).toBe("req-abc-12345");
    expect(nested).toMatchObject({ requestId: "req-abc-12345", accountId: 7 });
    expect(outside).not.toHaveProperty("requestId");
  });

  it("keeps a sane incoming X-Request-Id and replaces anything else with a fresh one", () => {
    const incoming = (value: string) => requestIdFrom(new Headers({ "x-request-id": value }));
    expect(incoming("lb-7f3a9c1e-0001")).toBe("lb-7f3a9c1e-0001");
    const refused = ["short", "x".repeat(129), "abc12345 OR 1=1", "abc12345\"}{\"level\":\"fatal", "ünïcødé-12345", API_KEY, STRIPE_SECRET];
    const fresh = refused.map(incoming);
    for (const id of fresh) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(fresh).size).toBe(fresh.length);
    expect(requestIdFrom(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });
});
