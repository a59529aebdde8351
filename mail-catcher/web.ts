import type { IncomingMessage, ServerResponse } from "node:http";
import type { CaughtMessage, MailStore } from "./store";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Plain text with its http(s) links made clickable: the reset and verification links are the point. */
function linkified(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"']+)/g)
    .map((part, i) => (i % 2 === 1 ? `<a href="${escape(part)}">${escape(part)}</a>` : escape(part)))
    .join("");
}

const STYLE = `
:root { color-scheme: light dark; --fg:#111827; --muted:#4b5563; --bg:#ffffff; --line:#d1d5db; --link:#1d4ed8; }
@media (prefers-color-scheme: dark) { :root { --fg:#f3f4f6; --muted:#d1d5db; --bg:#111827; --line:#374151; --link:#93c5fd; } }
body { font-family: system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 16px; max-width: 960px; line-height: 1.5; }
a { color: var(--link); }
p.note { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--line); padding: 12px; border-radius: 6px; }
iframe { width: 100%; height: 480px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; } dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} — Test inbox</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function listPage(messages: readonly CaughtMessage[]): string {
  const rows = messages
    .map(
      (m) => `<tr><td>${escape(m.receivedAt.toISOString().replace("T", " ").slice(0, 19))} UTC</td><td>${escape(m.to.join(", "))}</td>
<td><a href="/messages/${m.id}">${escape(m.subject)}</a></td></tr>`,
    )
    .join("\n");
  return page(
    "Messages",
    `<h1>Test inbox</h1>
<p class="note">Every e-mail the app sent while running in test mode. Nothing here was delivered to anyone; the list lives in memory and empties when the app restarts.</p>
${messages.length ? `<table><caption class="note">${messages.length} message${messages.length === 1 ? "" : "s"}, newest first</caption><thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead><tbody>${rows}</tbody></table>` : "<p>No messages yet.</p>"}`,
  );
}

function messagePage(m: CaughtMessage): string {
  return page(
    m.subject,
    `<p><a href="/">← All messages</a></p>
<h1>${escape(m.subject)}</h1>
<dl><dt>From</dt><dd>${escape(m.from)}</dd><dt>To</dt><dd>${escape(m.to.join(", "))}</dd><dt>Received</dt><dd>${escape(m.receivedAt.toISOString())}</dd></dl>
<h2>Plain text</h2><pre>${linkified(m.text)}</pre>
${m.html ? `<h2>HTML</h2><iframe sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" src="/messages/${m.id}/html" title="HTML part of the message"></iframe>` : "<p>No HTML part.</p>"}`,
  );
}

function send(res: ServerResponse, status: number, type: string, body: string, csp: string) {
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
  });
  res.end(body);
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; frame-ancestors 'none'";
// The message's own HTML runs nothing and loads nothing from outside: CSP allows no script at all (no
// inline, no handlers, no javascript: links), and the sandbox gives it an origin of its own. The sandbox
// still says allow-scripts so that the frame has a JavaScript context for tools (axe, devtools): Chromium
// injecting into a frame without one can wedge its renderer, which hung an e2e run for minutes.
const MESSAGE_CSP = "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/** The Test inbox: a list, one page per message (plain text and the HTML part), and /api/messages as JSON for tests. */
export function inboxHandler(store: MailStore) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://inbox.invalid");
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "Method not allowed", PAGE_CSP);
    if (url.pathname === "/") return send(res, 200, "text/html; charset=utf-8", listPage(store.list()), PAGE_CSP);
    if (url.pathname === "/api/messages") {
      return send(res, 200, "application/json", JSON.stringify(store.list()), PAGE_CSP);
    }
    const match = /^\/messages\/([0-9a-f-]{36})(\/html)?$/.exec(url.pathname);
    const message = match ? store.get(match[1]!) : undefined;
    if (!message) return send(res, 404, "text/html; charset=utf-8", page("Not found", "<h1>No such message</h1><p><a href=\"/\">All messages</a></p>"), PAGE_CSP);
    if (match![2]) return send(res, 200, "text/html; charset=utf-8", message.html ?? "", MESSAGE_CSP);
    return send(res, 200, "text/html; charset=utf-8", messagePage(message), PAGE_CSP);
  };
}
