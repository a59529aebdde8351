import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { buttonClass } from "@/components/ui/button";

/** The public pages' header: the name, the pricing page, and the ways in (or back to the dashboard when signed in). */
export function SiteHeader({ signedIn = false, pricingLink = true }: { signedIn?: boolean; pricingLink?: boolean }) {
  return (
    <header className="border-b border-zinc-200 bg-white/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
      <div className="mx-auto flex h-14 w-full max-w-6xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
        <Logo href={signedIn ? "/dashboard" : "/"} compact />
        <nav aria-label="Site" className="ml-auto flex items-center gap-1 sm:gap-2">
          {pricingLink ? (
            <Link href="/pricing" className={buttonClass("ghost", "h-9")}>
              Pricing
            </Link>
          ) : null}
          {signedIn ? (
            <Link href="/dashboard" className={buttonClass("primary", "h-9")}>
              Dashboard
            </Link>
          ) : (
            <>
              <Link href="/sign-in" className={buttonClass("ghost", "h-9")}>
                Sign in
              </Link>
              <Link href="/sign-up" className={buttonClass("primary", "h-9")}>
                Create account
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
