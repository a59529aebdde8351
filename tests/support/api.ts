import { createApiKey } from "@/lib/api-keys";
import * as balanceRoute from "@/app/api/v1/balance/route";
import * as captureRoute from "@/app/api/v1/holds/[id]/capture/route";
import * as releaseRoute from "@/app/api/v1/holds/[id]/release/route";
import * as holdsRoute from "@/app/api/v1/holds/route";
import * as usageRoute from "@/app/api/v1/usage/route";
import { createUser } from "./accounts";

/** A user with an account and an API key, as a metering client would have. */
export async function apiClient(label = "api") {
  const { user, accountId } = await createUser(label);
  const { key } = await createApiKey(user.id, `${label} key`);
  return { user, accountId, key };
}

interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** Sent as is instead of JSON.stringify(body). */
  rawBody?: string;
  headers?: Record<string, string>;
  idempotencyKey?: string;
}

/** Calls a metering route handler in-process, with a real Request, as Next would. */
export async function call(method: "GET" | "POST", path: string, options: CallOptions = {}) {
  const url = new URL(path, "http://localhost");
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const request = new Request(url, { method, headers, body });
  const holdMatch = /^\/api\/v1\/holds\/([^/]+)\/(capture|release)$/.exec(url.pathname);
  let response: Response;
  if (holdMatch) {
    const context = { params: Promise.resolve({ id: decodeURIComponent(holdMatch[1]!) }) };
    response = await (holdMatch[2] === "capture" ? captureRoute : releaseRoute).POST(request, context);
  } else {
    const routes: Record<string, Partial<Record<"GET" | "POST", (r: Request) => Promise<Response>>>> = {
      "/api/v1/usage": { GET: usageRoute.GET, POST: usageRoute.POST },
      "/api/v1/holds": { POST: holdsRoute.POST },
      "/api/v1/balance": { GET: balanceRoute.GET },
    };
    const handler = routes[url.pathname]?.[method];
    if (!handler) throw new Error(`no ${method} ${url.pathname}`);
    response = await handler(request);
  }
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, headers: response.headers, text, body: type.includes("json") ? JSON.parse(text) : text };
}
