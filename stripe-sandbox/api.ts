/**
 * One /v1 request: API key → parameters → route → idempotency → handler →
 * `expand` → Stripe's JSON (or error) response.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import { matchRoute } from "./context";
import { ApiError } from "./errors";
import { expandObject } from "./expand";
import { canonicalParams, parseForm } from "./form";
import { sendJson } from "./http";
import type { IdempotencyStore, StoredResponse } from "./idempotency";
import { Params } from "./params";
import { routes } from "./routes";
import { SANDBOX_API_VERSION } from "./resources/events";

export interface ApiKeys {
  secretKey: string;
  publishableKey: string;
}

function presentedKey(req: IncomingMessage, form: Record<string, unknown>): string | undefined {
  const header = req.headers.authorization ?? "";
  const [scheme, value = ""] = header.split(" ");
  if (scheme?.toLowerCase() === "bearer") return value.trim();
  // curl -u sk_test_…: — the key is the Basic user name.
  if (scheme?.toLowerCase() === "basic") return Buffer.from(value, "base64").toString("utf8").split(":")[0];
  // Stripe.js sends the publishable key as a `key` form field, which spares the browser a preflight.
  return typeof form.key === "string" ? form.key : undefined;
}

function mask(key: string): string {
  return `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
}

function errorResponse(error: unknown): StoredResponse & { keep: boolean } {
  if (error instanceof ApiError) {
    return { status: error.status, body: JSON.stringify({ error: error.body }, null, 2), keep: !error.beforeExecution };
  }
  console.error("stripe sandbox: internal error", error);
  const body = { error: { type: "api_error", message: "An unexpected error occurred in the Stripe sandbox." } };
  return { status: 500, body: JSON.stringify(body), keep: false };
}

export async function handleApi(
  ctx: SandboxContext,
  keys: ApiKeys,
  idempotency: IdempotencyStore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
  requestId: string,
): Promise<void> {
  const method = req.method ?? "GET";
  const encoded = method === "POST" ? body : url.search.slice(1);
  res.setHeader("Stripe-Version", String(req.headers["stripe-version"] ?? SANDBOX_API_VERSION));
  const fail = (error: unknown) => {
    const r = errorResponse(error);
    sendJson(res, r.status, r.body);
  };

  let form;
  try {
    form = parseForm(encoded);
  } catch (error) {
    return fail(error);
  }
  const key = presentedKey(req, form);
  delete form.key;
  if (!key) {
    return fail(new ApiError(401, { type: "invalid_request_error", message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')." }));
  }
  const kind = key === keys.secretKey ? "secret" : key === keys.publishableKey ? "publishable" : undefined;
  if (!kind) return fail(new ApiError(401, { type: "invalid_request_error", message: `Invalid API Key provided: ${mask(key)}` }));

  const { route, values } = matchRoute(routes, method, url.pathname);
  if (!route || !values) {
    const message = `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`;
    return fail(new ApiError(404, { type: "invalid_request_error", message }));
  }
  if (kind === "publishable" && !route.publishable) {
    const message = "This API call cannot be made with a publishable API key. Please use a secret API key.";
    return fail(new ApiError(401, { type: "invalid_request_error", message }));
  }

  const expand = form.expand;
  delete form.expand;
  const idempotencyKey = method === "POST" ? (req.headers["idempotency-key"]?.toString() ?? null) : null;
  const execute = async (): Promise<StoredResponse & { keep: boolean }> => {
    try {
      const params = new Params(form);
      const result = route.handler(ctx.forRequest(requestId, idempotencyKey), { params, path: values, key: kind, requestId, idempotencyKey });
      // Handlers return the stored object; the response is a copy, expanded on request.
      const copy = structuredClone(result);
      const paths = Array.isArray(expand) ? expand.filter((e) => typeof e === "string") : typeof expand === "string" ? [expand] : [];
      expandObject(copy, paths, ctx.state);
      return { status: 200, body: JSON.stringify(copy, null, 2), keep: true };
    } catch (error) {
      return errorResponse(error);
    } finally {
      if (method === "POST") ctx.state.changed();
    }
  };

  try {
    if (!idempotencyKey) {
      const r = await execute();
      return sendJson(res, r.status, r.body);
    }
    res.setHeader("Idempotency-Key", idempotencyKey);
    const fingerprint = `${method} ${url.pathname}?${canonicalParams(encoded)}`;
    const { response, replayed } = await idempotency.run(`${kind}:${idempotencyKey}`, fingerprint, execute);
    if (replayed) res.setHeader("Idempotent-Replayed", "true");
    sendJson(res, response.status, response.body);
  } catch (error) {
    fail(error);
  }
}
