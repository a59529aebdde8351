/**
 * The "complete authentication" page that stands in for a bank's 3D Secure
 * challenge: GET shows what is being authorised with "Complete authentication"
 * and "Fail authentication" buttons; the POST moves the intent on and sends
 * the customer back to the app's return_url with Stripe's query parameters
 * (payment_intent, payment_intent_client_secret, redirect_status).
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import { ApiError } from "./errors";
import { randomBytes } from "node:crypto";
import { escapeHtml, readBody, sendHtml, type PagePolicy } from "./http";
import { finishAuthentication } from "./resources/test-helpers";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f6f8fa;color:#1f2328;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:2rem;max-width:26rem}
.badge{display:inline-block;font-size:.75rem;background:#fff8c5;border:1px solid #d4a72c;border-radius:999px;padding:.1rem .6rem}
form{display:inline}button{font:inherit;padding:.6rem 1rem;border-radius:8px;border:1px solid #1f2328;margin:.25rem .5rem 0 0;cursor:pointer}
.primary{background:#1f2328;color:#fff}
</style></head><body><main>${body}</main></body></html>`;
}

function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function describe(ctx: SandboxContext, intentId: string): string {
  const pi = ctx.state.data.paymentIntents[intentId];
  if (!pi) return "Save this card for future payments.";
  const amount = new Intl.NumberFormat("en-US", { style: "currency", currency: pi.currency.toUpperCase() }).format(pi.amount / 100);
  return `Authorise a payment of ${amount}.`;
}

/**
 * `embedded=1&parent=<origin>`: Stripe.js shows this page in a modal frame
 * over the app (in-page 3-D Secure). It may then be framed by that origin
 * only, and instead of redirecting it tells the frame's parent it is done.
 */
function embedding(url: URL, isAllowedOrigin: (origin: string) => boolean): string | null {
  const parent = url.searchParams.get("parent") ?? "";
  return url.searchParams.get("embedded") === "1" && isAllowedOrigin(parent) ? parent : null;
}

function finishedInFrame(parent: string, title: string): { html: string; policy: PagePolicy } {
  const nonce = randomBytes(16).toString("base64");
  const message = JSON.stringify({ type: "stripe-sandbox:authentication-finished" });
  const script = `<script nonce="${nonce}">window.parent.postMessage(${message}, ${JSON.stringify(parent).replace(/</g, "\\u003c")});</script>`;
  return { html: page(title, `<h1>${escapeHtml(title)}</h1><p>Returning to the app…</p>${script}`), policy: { scriptNonce: nonce, frameAncestors: parent } };
}

export async function handleAuthenticationPage(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  isAllowedOrigin: (origin: string) => boolean = () => false,
) {
  const intentId = decodeURIComponent(url.pathname.split("/")[3] ?? "");
  const parent = embedding(url, isAllowedOrigin);
  const pending = ctx.state.data.authentications[intentId];
  const token = req.method === "POST" ? new URLSearchParams(await readBody(req, 16 * 1024)) : url.searchParams;
  if (!pending || !tokenMatches(pending.token, token.get("token"))) {
    const body = `<h1>Nothing to authenticate</h1><p>This authentication is finished or the link is not valid.</p>`;
    return sendHtml(res, 404, page("Nothing to authenticate", body));
  }

  if (req.method === "GET") {
    const hidden = `<input type="hidden" name="token" value="${escapeHtml(pending.token)}">`;
    const body = `<p class="badge">Test mode — no real charges</p>
<h1>Authenticate this ${pending.kind === "payment_intent" ? "payment" : "card"}</h1>
<p>${escapeHtml(describe(ctx, intentId))} Your bank would ask you to confirm it here; the sandbox lets you choose the outcome.</p>
<form method="post">${hidden}<input type="hidden" name="outcome" value="complete"><button class="primary" type="submit">Complete authentication</button></form>
<form method="post">${hidden}<input type="hidden" name="outcome" value="fail"><button type="submit">Fail authentication</button></form>`;
    return sendHtml(res, 200, page("Complete authentication", body), parent ? { frameAncestors: parent } : {});
  }
  if (req.method !== "POST") return sendHtml(res, 405, page("Not allowed", "<h1>Method not allowed</h1>"));

  const success = token.get("outcome") !== "fail";
  let intent: { id: string; client_secret: string | null; status: string };
  try {
    intent = finishAuthentication(ctx, intentId, success);
  } catch (error) {
    const message = error instanceof ApiError ? error.body.message : "The sandbox could not finish the authentication.";
    return sendHtml(res, 409, page("Authentication", `<h1>Authentication</h1><p>${escapeHtml(message)}</p>`));
  }
  ctx.state.changed();
  const status = intent.status === "succeeded" ? "succeeded" : intent.status === "processing" ? "processing" : "failed";
  if (parent) {
    const finished = finishedInFrame(parent, success ? "Authentication completed." : "Authentication failed.");
    return sendHtml(res, 200, finished.html, finished.policy);
  }
  if (pending.returnUrl) {
    const back = new URL(pending.returnUrl);
    const prefix = pending.kind;
    back.searchParams.set(prefix, intent.id);
    back.searchParams.set(`${prefix}_client_secret`, intent.client_secret ?? "");
    back.searchParams.set("redirect_status", status);
    res.writeHead(303, { Location: back.toString() });
    return res.end();
  }
  const done = success ? "Authentication completed." : "Authentication failed.";
  return sendHtml(res, 200, page(done, `<h1>${done}</h1><p>You can close this window and return to the app.</p>`));
}
