const pageNames: Record<string, string> = {
  "/settings/billing": "Billing settings",
  "/usage": "Request log",
};

/** Where a notice's link goes and what it says: only the app's own pages, named as the page is. */
export function noticeLink(href: string | null): { href: string; label: string } | null {
  // Notices are written by the app, but a link is still never taken off-site.
  if (!href || !href.startsWith("/") || href.startsWith("//")) return null;
  // A refill's "?confirm=" is the banner's own button; the link is the page itself.
  const { pathname } = new URL(href, "http://app.invalid");
  const label = pageNames[pathname] ?? (pathname.startsWith("/reports/") ? "Your report" : "Details");
  return { href: pathname, label };
}
