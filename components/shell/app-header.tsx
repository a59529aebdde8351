import Link from "next/link";
import { BalanceBadge } from "@/components/credits/balance-badge";
import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

/**
 * On phones the navigation takes a row of its own under the logo, the
 * balance and the account menu: one row cannot hold them all at 375 px.
 */
export function AppHeader({ user, plan = "free" }: { user: { name: string | null; email: string }; plan?: "free" | "pro" }) {
  return (
    <header className="print:hidden sticky top-0 z-30 border-b border-zinc-200 bg-white/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-3 px-4 sm:h-14 sm:flex-nowrap sm:gap-x-8 sm:px-6">
        <Logo href="/dashboard" />
        <div className="order-last -mx-2 w-[calc(100%+1rem)] overflow-x-auto px-2 pb-2 sm:order-none sm:mx-0 sm:w-auto sm:overflow-visible sm:px-0 sm:pb-0">
          <NavLinks />
        </div>
        <div className="ml-auto flex h-14 items-center gap-2 sm:gap-3">
          {plan === "pro" ? (
            <Link
              href="/settings/billing"
              className="rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white dark:bg-brand-100 dark:text-zinc-950"
            >
              <span className="sr-only">Plan: </span>Pro
            </Link>
          ) : null}
          <BalanceBadge />
          <UserMenu name={user.name} email={user.email} />
        </div>
      </div>
    </header>
  );
}
