/** Small node:http helpers: bounded body reading and responses. */
import type { IncomingMessage, ServerResponse } from "node:http";

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk instanceof Buffer ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: string | object): void {
  const text = typeof body === "string" ? body : JSON.stringify(body, null, 2);
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-cache, no-store" });
  res.end(text);
}

export interface PagePolicy {
  /** Allows the page's one inline script carrying this nonce. */
  scriptNonce?: string;
  /** Allows fetch() to the sandbox itself (the card frame creates PaymentMethods). */
  connect?: boolean;
  /** The origin(s) that may show the page in a frame. */
  frameAncestors?: string;
}

export function sendHtml(res: ServerResponse, status: number, html: string, policy: PagePolicy = {}): void {
  // A page needs nothing but its own inline styles and form posts, unless its policy says more.
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    ...(policy.scriptNonce ? [`script-src 'nonce-${policy.scriptNonce}'`] : []),
    ...(policy.connect ? ["connect-src 'self'"] : []),
    ...(policy.frameAncestors ? [`frame-ancestors ${policy.frameAncestors}`] : []),
  ].join("; ");
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": csp });
  res.end(html);
}

/** Stripe.js: a script any page of the app may load (no cookies, nothing secret in it). */
export function sendScript(res: ServerResponse, script: string): void {
  res.writeHead(200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "no-cache",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(script);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
