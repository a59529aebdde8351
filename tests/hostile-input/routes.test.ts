/**
 * Issue #12, hostile input, route handlers: every exported method of every
 * `app/**\/route.ts` gets malformed, oversized, wrong-typed and
 * injection-shaped input, in-process, with real Requests, real API keys and
 * the session double. A refused request answers a 4xx with the error contract
 * of DESIGN.md §5 and leaves every table as it was. The table fails when a
 * route handler exists in app/ that it does not list.
 */
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { routeHandlers } from "../support/app-tree";
import { startPaymentsHarness } from "../support/payments";
import { session } from "../support/session-double";
import { contractViolation } from "./contract";
import { hostileNumbers, hostilePathIds, hostileQueryValues, hostileShapes, hostileText, queryValue, unstorable } from "./payloads";

// Auth.js reads its secret from the environment, as in a real start; the
// Stripe sandbox's keys must be in place before anything reads lib/env.
process.env.AUTH_SECRET ??= randomUUID();
process.env.AUTH_TRUST_HOST ??= "true";
const harness = await startPaymentsHarness();
afterAll(() => harness.close());

vi.mock("@/lib/auth/session", () => import("../support/session-double"));

const { snapshotTables } = await import("../support/table-snapshot");
const { db } = await import("@/lib/db");
const { sql } = await import("drizzle-orm");
const { grantCredits } = await import("@/lib/credits");
const { createApiKey } = await import("@/lib/api-keys");
const { apiClient } = await import("../support/api");
const usageRoute = await import("@/app/api/v1/usage/route");
const holdsRoute = await import("@/app/api/v1/holds/route");
const captureRoute = await import("@/app/api/v1/holds/[id]/capture/route");
const releaseRoute = await import("@/app/api/v1/holds/[id]/release/route");
const balanceRoute = await import("@/app/api/v1/balance/route");
const pricingRoute = await import("@/app/api/v1/pricing/route");
const healthRoute = await import("@/app/api/health/route");
const featureRoute = await import("@/app/api/features/[feature]/route");
const screenshotsRoute = await import("@/app/api/reports/screenshots/route");
const screenshotRoute = await import("@/app/api/reports/screenshots/[id]/route");
const webhookRoute = await import("@/app/api/stripe/webhook/route");
const streamRoute = await import("@/app/api/balance/stream/route");
const exportRoute = await import("@/app/(dashboard)/usage/export/route");
const statementRoute = await import("@/app/(dashboard)/usage/statements/csv/route");
const authRoute = await import("@/app/api/auth/[...nextauth]/route");

/**
 * The caller: a signed-in user with no credits and API keys, one per route
 * so that no case is refused by the rate limit instead of by its input. With
 * no credits, a request that is well-formed after all ends in 402 without
 * writing, so every case here must end in a refusal.
 */
const fixture = await (async () => {
  const poor = await apiClient("hostile");
  const keys: Record<string, string> = {};
  for (const route of ["usage", "usageGet", "holds", "capture", "release", "balance"]) {
    keys[route] = (await createApiKey(poor.user.id, `hostile ${route}`)).key;
  }
  return { ...poor, keys };
})();

/**
 * - refused: a 4xx with the error contract;
 * - valid: well-formed after all (hostile text where free text belongs, an
 *   optional field left out): the contract's 402, and the only write is the
 *   request log's row for a refused request, which the log shows by design;
 * - ignored: the route reads no such input (a query string on /api/health), so it answers as usual;
 * - authjs: Auth.js's own routes answer with their own redirects and errors, never a 5xx.
 * Whatever the expectation, nothing is written.
 */
type Expectation = "refused" | "valid" | "ignored" | "authjs";

interface RouteCase {
  /** `file#METHOD` of the route handler this case covers. */
  covers: string;
  name: string;
  expect?: Expectation;
  signedOut?: boolean;
  /** Tables a request that is well-formed after all rightly writes, and nothing else. */
  mayWrite?: string[];
  run: () => Promise<Response>;
}

const BASE = "http://localhost";

function post(path: string, init: { body?: BodyInit; headers?: Record<string, string | undefined> } = {}) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(init.headers ?? {})) if (v !== undefined) headers.set(k, v);
  return new Request(`${BASE}${path}`, { method: "POST", body: init.body, headers });
}

const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

/** A JSON body with one field replaced, or removed when the value is `undefined`. */
function replaced(valid: Record<string, unknown>, field: string, value: unknown) {
  const body = { ...valid };
  if (value === undefined) delete body[field];
  else body[field] = value;
  return body;
}

/** `JSON.stringify` turns lone surrogates into escapes; this is the JSON a client sends. */
const json = (value: unknown) => JSON.stringify(value);

/**
 * Cases for a JSON-body route: each field replaced by each hostile text,
 * number and shape, each field missing, an unknown field, and bodies that are
 * not JSON, not an object, the wrong content type or over 64 KB.
 */
function jsonBodyCases(
  covers: string,
  valid: Record<string, unknown>,
  send: (body: string, headers?: Record<string, string | undefined>) => Promise<Response>,
  /** `field: value name` of the cases that are well-formed after all (e.g. `inputTokens: zero`). */
  wellFormed: string[] = [],
): RouteCase[] {
  const cases: RouteCase[] = [];
  const values = { ...hostileText, ...hostileNumbers, ...hostileShapes };
  const expectation = (name: string): Expectation => (wellFormed.includes(name) ? "valid" : "refused");
  for (const field of Object.keys(valid)) {
    for (const [name, value] of Object.entries(values)) {
      cases.push({ covers, name: `${field}: ${name}`, expect: expectation(`${field}: ${name}`), run: () => send(json(replaced(valid, field, value))) });
    }
    cases.push({ covers, name: `${field}: missing`, expect: expectation(`${field}: missing`), run: () => send(json(replaced(valid, field, undefined))) });
  }
  const bodies: Record<string, string> = {
    "unknown field": json({ ...valid, isAdmin: true }),
    "__proto__ field": `{"__proto__":{"isAdmin":true},${json(valid).slice(1)}`,
    "duplicate key, hostile last": `${json(valid).slice(0, -1)},${json(Object.keys(valid)[0])}:"' OR 1=1 --"}`,
    "truncated JSON": json(valid).slice(0, -3),
    "single quotes": json(valid).replaceAll('"', "'"),
    "trailing comma": `${json(valid).slice(0, -1)},}`,
    "JSON with comments": `/* hi */${json(valid)}`,
    "byte order mark": `\ufeff${json(valid)}`,
    "NaN literal": "NaN",
    "empty body": "",
    null: "null",
    array: json([valid]),
    string: json("chat"),
    number: "42",
    "deep nesting": `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
    "over 64 KB": json({ ...valid, padding: "x".repeat(64 * 1024) }),
  };
  for (const [name, body] of Object.entries(bodies)) cases.push({ covers, name: `body: ${name}`, run: () => send(body) });
  const contentTypes: Record<string, string | undefined> = {
    missing: undefined,
    "text/plain": "text/plain",
    form: "application/x-www-form-urlencoded",
    multipart: "multipart/form-data; boundary=x",
    "application/jsonp": "application/jsonp",
    "text/html": "text/html",
  };
  for (const [name, type] of Object.entries(contentTypes)) {
    cases.push({ covers, name: `content type: ${name}`, run: () => send(json(valid), { "content-type": type }) });
  }
  cases.push({
    covers,
    name: "declared Content-Length over the limit",
    run: () => send(json(valid), { "content-length": String(10 * 1024 * 1024) }),
  });
  return cases;
}

/**
 * Metadata is free-form: hostile text in it is well-formed, unless PostgreSQL
 * cannot store it or it is over 4 KB; keys over 100 characters and arrays are refused.
 */
function metadataCases(covers: string, send: (body: string) => Promise<Response>, valid: Record<string, unknown>): RouteCase[] {
  const cases: RouteCase[] = [];
  for (const [name, text] of Object.entries(hostileText)) {
    const expectation: Expectation = unstorable.has(name) || text.length > 4000 ? "refused" : "valid";
    cases.push({ covers, name: `metadata value: ${name}`, expect: expectation, run: () => send(json({ ...valid, metadata: { note: text } })) });
    cases.push({ covers, name: `metadata key: ${name}`, expect: expectation === "valid" && text.length <= 100 ? "valid" : "refused", run: () => send(json({ ...valid, metadata: { [text]: 1 } })) });
  }
  cases.push(
    { covers, name: "metadata: over 4 KB", run: () => send(json({ ...valid, metadata: { note: "x".repeat(5000) } })) },
    { covers, name: "metadata: an array", run: () => send(json({ ...valid, metadata: [1, 2] })) },
    { covers, name: "metadata: NUL deep inside", run: () => send(json({ ...valid, metadata: { a: [{ b: { c: "\u0000" } }] } })) },
    { covers, name: "metadata: nested 500 deep", expect: "valid", run: () => send(json({ ...valid, metadata: JSON.parse(`${'{"a":'.repeat(500)}1${"}".repeat(500)}`) as unknown })) },
  );
  return cases;
}

const hostileAuthorization: Record<string, string | undefined> = {
  missing: undefined,
  "Bearer alone": "Bearer",
  "SQL in the key": "Bearer ' OR 1=1 --",
  "SQL without spaces": "Bearer 'OR'1'='1'--",
  "201 characters": `Bearer ${"k".repeat(201)}`,
  "Basic credentials": "Basic dXNlcjpwYXNz",
  "a well-shaped unknown key": `Bearer cr_${"A".repeat(43)}`,
  "latin-1 bytes": "Bearer cr_\u00ff\u00fe",
};

function apiAuthCases(covers: string, send: (authorization: string | undefined) => Promise<Response>): RouteCase[] {
  return Object.entries(hostileAuthorization).map(([name, value]) => ({ covers, name: `Authorization: ${name}`, run: () => send(value) }));
}

const hostileIdempotencyKeys: Record<string, string | undefined> = {
  missing: undefined,
  empty: "",
  "256 characters": "k".repeat(256),
  "with a space": "a key",
  "latin-1": "cl\u00e9",
};

function idempotencyCases(covers: string, send: (key: string | undefined) => Promise<Response>): RouteCase[] {
  return Object.entries(hostileIdempotencyKeys).map(([name, value]) => ({ covers, name: `Idempotency-Key: ${name}`, run: () => send(value) }));
}

// ---- the metering API ------------------------------------------------------

const USAGE = "app/api/v1/usage/route.ts#POST";
const sendUsage = (key: string) => (body: string, headers: Record<string, string | undefined> = {}) =>
  usageRoute.POST(post("/api/v1/usage", { body, headers: { authorization: `Bearer ${key}`, "idempotency-key": randomUUID(), "content-type": "application/json", ...headers } }));
const validUsage = { feature: "chat", model: "gpt-5-mini", inputTokens: 10, outputTokens: 10, metadata: { job: "nightly" } };

const HOLDS = "app/api/v1/holds/route.ts#POST";
const sendHold = (key: string) => (body: string, headers: Record<string, string | undefined> = {}) =>
  holdsRoute.POST(post("/api/v1/holds", { body, headers: { authorization: `Bearer ${key}`, "idempotency-key": randomUUID(), "content-type": "application/json", ...headers } }));
const validHold = { feature: "chat", model: "gpt-5-mini", maxCredits: 10, ttlSeconds: 60, metadata: { job: "nightly" } };

// A well-shaped hold id that does not exist: a capture that passes validation ends in 404.
const NO_SUCH_HOLD = "hold_doesnotexist0000";
const CAPTURE = "app/api/v1/holds/[id]/capture/route.ts#POST";
const sendCapture = (key: string, id = NO_SUCH_HOLD) => (body: string, headers: Record<string, string | undefined> = {}) =>
  captureRoute.POST(post(`/api/v1/holds/x/capture`, { body, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers } }), params({ id }));
const RELEASE = "app/api/v1/holds/[id]/release/route.ts#POST";
const sendRelease = (key: string, id: string, authorization = `Bearer ${key}`) =>
  releaseRoute.POST(post(`/api/v1/holds/x/release`, { headers: { authorization } }), params({ id }));

const USAGE_GET = "app/api/v1/usage/route.ts#GET";
const getUsage = (key: string, query: string, authorization = `Bearer ${key}`) =>
  usageRoute.GET(new Request(`${BASE}/api/v1/usage?${query}`, { headers: { authorization } }));

/** A cursor as the API hands it out (base64url JSON), with hostile content. */
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const craftedCursors: Record<string, string> = {
  "NUL in the id": cursor(["2026-01-01T00:00:00.000Z", "req_\u0000"]),
  "lone surrogate in the id": cursor(["2026-01-01T00:00:00.000Z", "req_\ud800"]),
  "earliest JavaScript date": cursor(["-271821-04-20T00:00:00.000Z", "req_x"]),
  "latest JavaScript date": cursor(["+275760-09-13T00:00:00.000Z", "req_x"]),
  "number for the date": cursor([1e308, "req_x"]),
  "not an array": cursor({ createdAt: "2026-01-01T00:00:00.000Z", id: "req_x" }),
  "null": cursor(null),
  "SQL in the id": cursor(["2026-01-01T00:00:00.000Z", "' OR 1=1 --"]),
  "500 characters": "A".repeat(500),
  "501 characters": "A".repeat(501),
};

function usageQueryCases(key: string): RouteCase[] {
  const cases: RouteCase[] = [];
  for (const param of ["limit", "cursor", "from", "to", "feature", "model", "format", "accountId"]) {
    for (const [name, value] of Object.entries(hostileQueryValues)) {
      if (value === "") continue;
      cases.push({ covers: USAGE_GET, name: `${param}: ${name}`, run: () => getUsage(key, `${param}=${queryValue(value)}`) });
    }
  }
  for (const [name, value] of Object.entries(craftedCursors)) {
    cases.push({ covers: USAGE_GET, name: `cursor: ${name}`, run: () => getUsage(key, `cursor=${value}`) });
  }
  const raw: Record<string, string> = {
    "limit twice, hostile last": "limit=5&limit=1e308",
    "malformed percent-encoding": "feature=%E0%A4%A",
    "encoded NUL in a name": "fea%00ture=chat",
    "bracketed array": "feature[]=chat",
    "limit 0": "limit=0",
    "limit 101": "limit=101",
  };
  for (const [name, query] of Object.entries(raw)) cases.push({ covers: USAGE_GET, name: `query: ${name}`, run: () => getUsage(key, query) });
  return cases;
}

// ---- session routes --------------------------------------------------------

const FEATURE = "app/api/features/[feature]/route.ts#POST";
const sendFeature = (feature = "chat") => (body: string, headers: Record<string, string | undefined> = {}) =>
  featureRoute.POST(post(`/api/features/x`, { body, headers: { "content-type": "application/json", ...headers } }), params({ feature }));
const validFeature = { model: "gpt-5-mini", messages: [{ role: "user", content: "Write a haiku." }] };

function featureMessageCases(): RouteCase[] {
  const cases: RouteCase[] = [];
  const send = sendFeature();
  for (const [name, text] of Object.entries(hostileText)) {
    // A prompt may say anything; one PostgreSQL cannot store, or over 12,000 characters, is refused.
    const expectation: Expectation = unstorable.has(name) || text.length > 12_000 ? "refused" : "valid";
    cases.push({ covers: FEATURE, name: `message content: ${name}`, expect: expectation, run: () => send(json({ ...validFeature, messages: [{ role: "user", content: text }] })) });
  }
  for (const [name, value] of Object.entries({ ...hostileText, ...hostileShapes })) {
    cases.push({ covers: FEATURE, name: `message role: ${name}`, run: () => send(json({ ...validFeature, messages: [{ role: value, content: "hi" }] })) });
  }
  cases.push(
    { covers: FEATURE, name: "messages: 21 of them", run: () => send(json({ ...validFeature, messages: Array.from({ length: 21 }, () => ({ role: "user", content: "hi" })) })) },
    { covers: FEATURE, name: "messages: the assistant's last", run: () => send(json({ ...validFeature, messages: [{ role: "assistant", content: "hi" }] })) },
    { covers: FEATURE, name: "messages: extra field", run: () => send(json({ ...validFeature, messages: [{ role: "user", content: "hi", name: "x" }] })) },
  );
  for (const [name, id] of Object.entries(hostilePathIds)) {
    cases.push({ covers: FEATURE, name: `feature in the path: ${name}`, run: () => sendFeature(id)(json(validFeature)) });
  }
  cases.push({ covers: FEATURE, name: "signed out", signedOut: true, run: () => send(json(validFeature)) });
  return cases;
}

const SCREENSHOTS = "app/api/reports/screenshots/route.ts#POST";
const upload = (body: BodyInit | undefined, headers: Record<string, string> = {}) =>
  screenshotsRoute.POST(post("/api/reports/screenshots", { body, headers: { "content-type": "image/png", ...headers } }));
const PNG_MAGIC = Buffer.from("89504e470d0a1a0a", "hex");

function screenshotUploadCases(): RouteCase[] {
  const bodies: Record<string, () => BodyInit | undefined> = {
    "no body": () => undefined,
    "empty body": () => "",
    "an HTML page": () => "<!doctype html><script>alert(1)</script>",
    "an SVG with a script": () => '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "a GIF": () => Buffer.from("GIF89a\u0001\u0000\u0001\u0000"),
    "a PDF": () => Buffer.from("%PDF-1.4\n"),
    "text with an image content type": () => "' OR 1=1 --",
    "just under the magic number": () => PNG_MAGIC.subarray(0, 7),
    "5 MB and one byte of PNG": () => Buffer.concat([PNG_MAGIC, Buffer.alloc(5 * 1024 * 1024 + 1 - PNG_MAGIC.length)]),
  };
  const cases: RouteCase[] = Object.entries(bodies).map(([name, body]) => ({ covers: SCREENSHOTS, name: `body: ${name}`, run: () => upload(body()) }));
  cases.push(
    { covers: SCREENSHOTS, name: "declared Content-Length over 5 MB", run: () => upload(PNG_MAGIC, { "content-length": String(50 * 1024 * 1024) }) },
    { covers: SCREENSHOTS, name: "signed out", signedOut: true, run: () => upload(PNG_MAGIC) },
  );
  return cases;
}

const SCREENSHOT = "app/api/reports/screenshots/[id]/route.ts#GET";
function screenshotReadCases(): RouteCase[] {
  const cases: RouteCase[] = Object.entries({ ...hostilePathIds, "a screenshot-shaped id": "shot_doesnotexist0000" }).map(([name, id]) => ({
    covers: SCREENSHOT,
    name: `id: ${name}`,
    run: () => screenshotRoute.GET(new Request(`${BASE}/api/reports/screenshots/x`), params({ id })),
  }));
  cases.push({ covers: SCREENSHOT, name: "signed out", signedOut: true, run: () => screenshotRoute.GET(new Request(`${BASE}/x`), params({ id: "shot_x" })) });
  return cases;
}

const WEBHOOK = "app/api/stripe/webhook/route.ts#POST";
function webhookCases(): RouteCase[] {
  const event = json({ id: "evt_hostile", type: "payment_intent.succeeded", data: { object: { id: "pi_x", metadata: { accountId: "1" } } } });
  const signatures: Record<string, string | undefined> = {
    missing: undefined,
    empty: "",
    "not Stripe's format": "' OR 1=1 --",
    "a made-up signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`,
    "an old timestamp": `t=1,v1=${"0".repeat(64)}`,
    "10k characters": `t=1,v1=${"a".repeat(10_000)}`,
  };
  const cases: RouteCase[] = Object.entries(signatures).map(([name, signature]) => ({
    covers: WEBHOOK,
    name: `Stripe-Signature: ${name}`,
    run: () => webhookRoute.POST(post("/api/stripe/webhook", { body: event, headers: { "content-type": "application/json", "stripe-signature": signature } })),
  }));
  for (const [name, body] of Object.entries({ "malformed JSON": "{", "not an event": "[]", "NUL bytes": "\u0000\u0000", "1 MB": "x".repeat(1024 * 1024) })) {
    cases.push({
      covers: WEBHOOK,
      name: `unsigned body: ${name}`,
      run: () => webhookRoute.POST(post("/api/stripe/webhook", { body, headers: { "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` } })),
    });
  }
  return cases;
}

// ---- routes that take no input but a session or nothing at all -------------

const withQuery = (path: string) => `${BASE}${path}?${Object.entries(hostileQueryValues).filter(([, v]) => v.length < 1000).map(([k, v]) => `${encodeURIComponent(k)}=${queryValue(v)}`).join("&")}`;

/** Reads the first event of a stream, then hangs up as a closing tab would. */
async function firstChunk(run: (signal: AbortSignal) => Promise<Response>): Promise<Response> {
  const aborter = new AbortController();
  const response = await run(aborter.signal);
  if (response.body) {
    const reader = response.body.getReader();
    await reader.read();
    aborter.abort();
    await reader.cancel();
  }
  return new Response(null, { status: response.status });
}

const EXPORT = "app/(dashboard)/usage/export/route.ts#GET";
function exportCases(): RouteCase[] {
  const cases: RouteCase[] = [];
  const get = (query: string, cookie?: string) => exportRoute.GET(new NextRequest(`${BASE}/usage/export?${query}`, { headers: cookie ? { cookie } : {} }));
  for (const param of ["from", "to", "feature", "model"]) {
    for (const [name, value] of Object.entries(hostileQueryValues)) {
      // The page drops filter values that do not parse and says so; its export link does the same.
      cases.push({ covers: EXPORT, name: `${param}: ${name} (dropped, as on the page)`, expect: "ignored", run: () => get(`${param}=${queryValue(value)}`) });
    }
  }
  for (const [name, value] of Object.entries(hostileText)) {
    if (value.length > 4000) continue;
    cases.push({ covers: EXPORT, name: `time-zone cookie: ${name} (falls back to UTC)`, expect: "ignored", run: () => get("", `tz=${queryValue(value)}`) });
  }
  cases.push({ covers: EXPORT, name: "signed out", signedOut: true, run: () => get("from=2026-01-01") });
  return cases;
}

const STATEMENT = "app/(dashboard)/usage/statements/csv/route.ts#GET";
function statementCases(): RouteCase[] {
  const cases: RouteCase[] = [];
  const get = (query: string, cookie?: string) =>
    statementRoute.GET(new NextRequest(`${BASE}/usage/statements/csv?${query}`, { headers: cookie ? { cookie } : {} }));
  for (const [name, value] of Object.entries(hostileQueryValues)) {
    // A month that is not valid gets the current month's statement, as on the page.
    cases.push({ covers: STATEMENT, name: `month: ${name} (current month instead)`, expect: "ignored", run: () => get(`month=${queryValue(value)}`) });
  }
  for (const month of ["2026-13", "1999-12", "9999-01", "2026-1", "2026-01-01"]) {
    cases.push({ covers: STATEMENT, name: `month: ${month} (current month instead)`, expect: "ignored", run: () => get(`month=${month}`) });
  }
  cases.push({ covers: STATEMENT, name: "time-zone cookie: hostile (falls back to UTC)", expect: "ignored", run: () => get("", "tz=%3Cscript%3E") });
  cases.push({ covers: STATEMENT, name: "signed out", signedOut: true, run: () => get("month=2026-01") });
  return cases;
}

const AUTH_GET = "app/api/auth/[...nextauth]/route.ts#GET";
const AUTH_POST = "app/api/auth/[...nextauth]/route.ts#POST";
function authCases(): RouteCase[] {
  const cases: RouteCase[] = [];
  const paths: Record<string, string> = {
    "unknown action": "/api/auth/' OR 1=1 --",
    "path traversal": "/api/auth/..%2F..%2Fetc%2Fpasswd",
    "encoded NUL": "/api/auth/signin%00",
    "unknown provider": "/api/auth/signin/<script>",
    "callback of an unknown provider": "/api/auth/callback/evil",
    "hostile callbackUrl": "/api/auth/signin?callbackUrl=javascript:alert(1)",
    "huge query": `/api/auth/session?x=${"a".repeat(100_000)}`,
  };
  for (const [name, path] of Object.entries(paths)) {
    cases.push({ covers: AUTH_GET, name, expect: "authjs", run: () => authRoute.GET(new NextRequest(`${BASE}${path}`)) });
  }
  const forms: Record<string, Record<string, string>> = {
    "credentials without a CSRF token": { email: "' OR 1=1 --@example.com", password: "x" },
    "NUL in the e-mail": { email: "a\u0000@example.com", password: "x", csrfToken: "x" },
    "100k password": { email: "a@example.com", password: "p".repeat(100_001), csrfToken: "x" },
    "script as the e-mail": { email: "<script>alert(1)</script>", password: "x", csrfToken: "x" },
  };
  for (const [name, form] of Object.entries(forms)) {
    cases.push({
      covers: AUTH_POST,
      name,
      expect: "authjs",
      run: () => authRoute.POST(new NextRequest(`${BASE}/api/auth/callback/credentials`, { method: "POST", body: new URLSearchParams(form), headers: { "content-type": "application/x-www-form-urlencoded" } })),
    });
  }
  cases.push({
    covers: AUTH_POST,
    name: "malformed JSON to signout",
    expect: "authjs",
    run: () => authRoute.POST(new NextRequest(`${BASE}/api/auth/signout`, { method: "POST", body: "{", headers: { "content-type": "application/json" } })),
  });
  return cases;
}

function table(): RouteCase[] {
  const k = fixture.keys;
  return [
    ...jsonBodyCases(USAGE, validUsage, sendUsage(k.usage!), [
      "inputTokens: zero", "inputTokens: negative zero", "inputTokens: missing",
      "outputTokens: zero", "outputTokens: negative zero", "outputTokens: missing",
      "metadata: object", "metadata: nested object", "metadata: missing",
    ]),
    ...metadataCases(USAGE, sendUsage(k.usage!), validUsage),
    ...apiAuthCases(USAGE, (authorization) => sendUsage(k.usage!)(json(validUsage), { authorization })),
    ...idempotencyCases(USAGE, (key) => sendUsage(k.usage!)(json(validUsage), { "idempotency-key": key })),

    ...jsonBodyCases(HOLDS, validHold, sendHold(k.holds!), ["ttlSeconds: missing", "metadata: object", "metadata: nested object", "metadata: missing"]),
    ...metadataCases(HOLDS, sendHold(k.holds!), validHold),
    ...apiAuthCases(HOLDS, (authorization) => sendHold(k.holds!)(json(validHold), { authorization })),
    ...idempotencyCases(HOLDS, (key) => sendHold(k.holds!)(json(validHold), { "idempotency-key": key })),

    // Capturing 0 credits is allowed (it releases the hold), so those reach the missing hold's 404.
    ...jsonBodyCases(CAPTURE, { credits: 1 }, sendCapture(k.capture!), ["credits: zero", "credits: negative zero"]),
    ...Object.entries(hostilePathIds).map(([name, id]) => ({ covers: CAPTURE, name: `hold id: ${name}`, run: () => sendCapture(k.capture!, id)(json({ credits: 1 })) })),
    ...apiAuthCases(CAPTURE, (authorization) => sendCapture(k.capture!)(json({ credits: 1 }), { authorization })),

    ...Object.entries({ ...hostilePathIds, "a hold-shaped id": NO_SUCH_HOLD }).map(([name, id]) => ({ covers: RELEASE, name: `hold id: ${name}`, run: () => sendRelease(k.release!, id) })),
    ...apiAuthCases(RELEASE, (authorization) => sendRelease(k.release!, NO_SUCH_HOLD, authorization ?? "")),

    ...usageQueryCases(k.usageGet!),
    ...apiAuthCases(USAGE_GET, (authorization) => getUsage(k.usageGet!, "", authorization ?? "")),

    ...apiAuthCases("app/api/v1/balance/route.ts#GET", (authorization) => balanceRoute.GET(new Request(`${BASE}/api/v1/balance`, { headers: authorization ? { authorization } : {} }))),
    { covers: "app/api/v1/balance/route.ts#GET", name: "hostile query string (ignored)", expect: "ignored", run: () => balanceRoute.GET(new Request(withQuery("/api/v1/balance"), { headers: { authorization: `Bearer ${k.balance}` } })) },
    { covers: "app/api/v1/pricing/route.ts#GET", name: "hostile query string (ignored: the rate card takes no input)", expect: "ignored", run: () => pricingRoute.GET(new Request(withQuery("/api/v1/pricing"))) },
    { covers: "app/api/health/route.ts#GET", name: "hostile query string (ignored: takes no input)", expect: "ignored", run: () => healthRoute.GET() },

    ...jsonBodyCases(FEATURE, validFeature, sendFeature()),
    ...featureMessageCases(),
    ...screenshotUploadCases(),
    ...screenshotReadCases(),
    ...webhookCases(),

    { covers: "app/api/balance/stream/route.ts#GET", name: "signed out", signedOut: true, run: () => streamRoute.GET(new Request(`${BASE}/api/balance/stream`)) },
    {
      covers: "app/api/balance/stream/route.ts#GET",
      name: "hostile query string and Last-Event-ID (ignored)",
      expect: "ignored",
      // Opening the stream leases a watch on the account (lib/live-balance), whatever the query says.
      mayWrite: ["balance_watches"],
      run: () => firstChunk((signal) => streamRoute.GET(new Request(withQuery("/api/balance/stream"), { signal, headers: { "last-event-id": "' OR 1=1 --" } }))),
    },
    ...exportCases(),
    ...statementCases(),
    ...authCases(),
  ];
}

const cases = table();

/**
 * The codes a refusal may carry, by what the case makes hostile, so that a
 * value that slipped past validation cannot pass as refused by a later
 * check (the caller's empty balance, a hold that does not exist, the rate limit).
 */
function refusalCodes(c: RouteCase): string[] {
  if (c.signedOut) return ["unauthenticated", "not_found"];
  if (c.name.startsWith("Authorization:")) return ["unauthenticated"];
  if (/^(id|hold id|feature in the path): /.test(c.name)) return ["not_found", "invalid_request"];
  return ["invalid_request", "payload_too_large"];
}

describe("hostile input: route handlers", () => {
  beforeAll(() => {
    session.user = fixture.user;
  });
  afterAll(() => {
    session.user = null;
  });

  it("the table covers every exported method of every route handler in app/", () => {
    const covered = new Set(cases.map((c) => c.covers));
    const missing = routeHandlers().filter((r) => !covered.has(r));
    expect(missing, "add cases for these to tests/hostile-input/routes.test.ts").toEqual([]);
    const stale = [...covered].filter((c) => !routeHandlers().includes(c));
    expect(stale, "these cases cover route handlers that no longer exist").toEqual([]);
  });

  it.each(cases.map((c) => [`${c.covers.replace(/\/route\.ts#/, " ")} · ${c.name}`, c] as const))("%s", async (_name, c) => {
    session.user = c.signedOut ? null : fixture.user;
    const before = await snapshotTables();
    const logged = await loggedRequests();
    const response = await c.run();
    const expectation = c.expect ?? "refused";
    if (expectation === "refused" || expectation === "valid") expect(await contractViolation(response.clone())).toBeNull();
    if (expectation === "refused") {
      const { error } = (await response.json()) as { error: { code: string } };
      expect(refusalCodes(c), `refused with ${error.code}`).toContain(error.code);
    }
    else if (expectation === "ignored") expect(response.status, await response.text().catch(() => "")).toBeLessThan(300);
    else expect(response.status).toBeLessThan(500);
    const after = await snapshotTables();
    for (const table of c.mayWrite ?? []) {
      expect(before, `${table} is not a table`).toHaveProperty(table);
      before[table] = after[table]!;
    }
    if (expectation === "valid") {
      // The request log may have gained the refused request's row; nothing else changed.
      expect({ ...after, usage_requests: "" }).toEqual({ ...before, usage_requests: "" });
      expect(await loggedRequests()).toEqual(logged);
    } else {
      expect(after).toEqual(before);
    }
  });
});

/** Rows of the request log other than refused requests. */
async function loggedRequests() {
  const [row] = await db.execute<{ n: string }>(sql`select count(*)::text as n from usage_requests where status <> 'refused'`);
  return row!.n;
}

describe("hostile input: free text in metadata is stored and returned as sent", () => {
  const storable = Object.entries(hostileText).filter(([name, text]) => !unstorable.has(name) && text.length <= 100);

  it.each(storable)("%s", async (_name, text) => {
    const rich = await apiClient("rich");
    await grantCredits({ accountId: rich.accountId, source: "purchase", amount: 10 });
    const metadata = { note: text, [text]: 1 };
    const created = await sendUsage(rich.key)(json({ ...validUsage, metadata }));
    expect(created.status, await created.clone().text()).toBe(201);
    const { requestId } = (await created.json()) as { requestId: string };
    const [stored] = await db.execute<{ metadata: unknown }>(sql`select metadata from usage_requests where id = ${requestId}`);
    expect(stored!.metadata).toEqual(metadata);
    const listed = (await (await getUsage(rich.key, "limit=1")).json()) as { data: { metadata: unknown }[] };
    expect(listed.data[0]!.metadata).toEqual(metadata);
  });
});
