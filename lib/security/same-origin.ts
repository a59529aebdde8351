import { AppError } from "@/lib/errors";

/**
 * The check Next.js makes before a server action, for route handlers that act on the session
 * cookie: a request whose Origin names another site (or is opaque, "null") is refused, since a
 * browser sends Origin on every cross-site POST. A request without Origin passes, as it does for
 * actions: browsers that omit it are not making a cross-site request with credentials.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin === null) return;
  // Behind a proxy the browser's host arrives as X-Forwarded-Host, as Next.js reads it for actions.
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost === null || originHost !== host.split(",")[0]!.trim()) {
    throw new AppError("forbidden", "This request came from another site and was refused. Upload from the report form.");
  }
}
