/**
 * An HTTP client that behaves like a careful API client during an outage: a
 * request that gets no answer at all (connection reset or refused, a timeout)
 * is sent again, unchanged and with the same Idempotency-Key, once the server
 * is back; so are 5xx answers. What comes back in the end is the answer the
 * client acts on, with how many tries it took.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppServer } from "./app-server";

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
  /** Sends in all, the one that was answered included. */
  attempts: number;
  /** Sends that got no answer (the server died under them or was down). */
  unanswered: number;
  /** 5xx answers that were retried. */
  serverErrors: number[];
}

export interface SendOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** A request still unanswered after this long counts as lost and is sent again; default 60 s. */
  timeoutMs?: number;
  /** Give up (throw) after this many sends; default 1,000. */
  maxAttempts?: number;
}

export async function sendUntilAnswered(app: AppServer, path: string, options: SendOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  let unanswered = 0;
  const serverErrors: number[] = [];
  for (let attempt = 1; attempt <= (options.maxAttempts ?? 1_000); attempt++) {
    let response: Response;
    try {
      response = await fetch(`${app.url}${path}`, {
        method: options.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
    } catch {
      unanswered++;
      // The server may still be going down: a short pause, then wait for it to be up again.
      await sleep(100);
      await app.whenUp();
      continue;
    }
    const text = await response.text().catch(() => null);
    if (text === null) {
      unanswered++; // the connection died while the answer was being read
      await sleep(100);
      await app.whenUp();
      continue;
    }
    if (response.status >= 500) {
      serverErrors.push(response.status);
      await sleep(200);
      continue;
    }
    const isJson = (response.headers.get("content-type") ?? "").includes("json");
    return {
      status: response.status,
      headers: response.headers,
      body: isJson && text ? JSON.parse(text) : text,
      attempts: attempt,
      unanswered,
      serverErrors,
    };
  }
  throw new Error(`${path}: no answer after ${options.maxAttempts ?? 1_000} attempts`);
}

/** What the fault tests meter: an agent request, 1 credit flat whatever the model. */
export const AGENT_REQUEST = { feature: "agent_request", model: "claude-sonnet-4.5" } as const;

/** One metered agent request, sent once: its status, headers and JSON body (it throws when unanswered within `timeoutMs`). */
export async function postAgentRequest(baseUrl: string, apiKey: string, idempotencyKey: string = randomUUID(), timeoutMs = 60_000) {
  const response = await fetch(`${baseUrl}/api/v1/usage`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": idempotencyKey },
    body: JSON.stringify(AGENT_REQUEST),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { requestId?: string; credits?: number; balance?: number; error?: { code: string } };
  return { status: response.status, headers: response.headers, body };
}
