import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/lib/auth/admin";

/**
 * Asks requireAdmin too: a 404 met while the title is worked out is titled by app/not-found.tsx
 * ("Page not found"), where one met only while rendering would keep the page's own title.
 */
export async function generateMetadata(): Promise<Metadata> {
  await requireAdmin();
  return { title: { default: "Support", template: "%s · Support · Credits" }, robots: { index: false } };
}

/** The support console: its own header, and a 404 for anyone who is not an admin (every page checks again). */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireAdmin();
  return (
    <div className="min-h-dvh bg-zinc-50 dark:bg-zinc-950">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow"
      >
        Skip to content
      </a>
      <header className="border-b border-amber-300 bg-amber-100 text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
        <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <p className="text-base font-semibold">
            Support <span className="font-normal">· Credits</span>
          </p>
          <nav aria-label="Support" className="flex items-center gap-1 text-sm font-medium">
            <Link href="/admin" className="rounded-md px-2 py-1 hover:bg-amber-200 dark:hover:bg-amber-900">
              Reports
            </Link>
            <Link href="/admin/users" className="rounded-md px-2 py-1 hover:bg-amber-200 dark:hover:bg-amber-900">
              Users
            </Link>
            <Link href="/admin/promo-codes" className="rounded-md px-2 py-1 hover:bg-amber-200 dark:hover:bg-amber-900">
              Promo codes
            </Link>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="hidden truncate sm:inline">{admin.email}</span>
            <Link href="/dashboard" className="rounded-md px-2 py-1 font-medium underline underline-offset-4 hover:bg-amber-200 dark:hover:bg-amber-900">
              Back to the app
            </Link>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
