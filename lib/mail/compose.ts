import "server-only";
import { env } from "@/lib/env";

/** The public origin every link in an e-mail uses (APP_URL; scripts/serve.ts sets it to the local URL in development). */
export function appUrl(path: string): string {
  const origin = env.APP_URL ?? `http://localhost:${env.PORT}`;
  return new URL(path, origin).toString();
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for an HTML part: anything a user typed (a name) must not become markup in someone's inbox. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * The HTML part around paragraphs (already escaped) and an optional button link: plain,
 * inline-styled markup that mail clients render alike.
 */
export function mailLayout(input: { paragraphs: string[]; action?: { label: string; href: string } }): string {
  const body = input.paragraphs.map((p) => `<p style="margin:0 0 16px">${p}</p>`).join("\n");
  const action = input.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(input.action.href)}" style="background:#111827;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(input.action.label)}</a></p>
<p style="margin:0 0 16px;color:#6b7280;font-size:13px">Or paste this link into your browser: ${escapeHtml(input.action.href)}</p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Credits</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#111827;line-height:1.5;max-width:560px;margin:0 auto;padding:24px">
<p style="font-weight:600;font-size:18px;margin:0 0 24px">Credits</p>
${body}
${action}
</body></html>`;
}

/** The local mail catcher's page ("Test inbox"), when the launcher started one; null with a real SMTP server. */
export function testInboxUrl(): string | null {
  return env.MAIL_CATCHER_URL ?? null;
}
