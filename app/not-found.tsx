import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

/**
 * Any address that is not a page (a mistyped link, a malformed URL, another
 * account's report): says so, and offers the way back. Static, so it shows
 * even when the session or the database cannot be read.
 */
export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex w-full max-w-xl flex-col gap-4 px-4 py-16">
      {/* React puts this in <head>. The metadata above titles only an address no route matches: a
          notFound() from a page or layout (/admin for a non-admin) leaves the title unset or the page's own. */}
      <title>Page not found · Credits</title>
      <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">404</p>
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        There is nothing at this address. It may have been mistyped, or it belongs to another account.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link href="/dashboard" className={buttonClass("primary")}>
          Go to the dashboard
        </Link>
        <Link href="/pricing" className={buttonClass("secondary")}>
          See pricing
        </Link>
      </div>
    </main>
  );
}
