/**
 * Where to go after signing in: only a path on this site. proxy.ts hands over
 * an absolute URL; any host in it is dropped, and a path that a browser would
 * read as another host (`//evil.example`) falls back to the dashboard.
 */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/dashboard"): string {
  if (!value || /^[/\\]{2}|^\/\\/.test(value)) return fallback;
  let path: string;
  try {
    const url = new URL(value, "http://callback.invalid");
    path = url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
  if (path.startsWith("//") || /^\/(sign-in|sign-up|api)(\/|$|\?)/.test(path)) return fallback;
  return path;
}
