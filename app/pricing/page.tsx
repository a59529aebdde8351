import type { Metadata } from "next";
import Link from "next/link";
import { SiteHeader } from "@/components/landing/site-header";
import { PackageCards } from "@/components/pricing/package-cards";
import { RateCardTable } from "@/components/pricing/rate-card-table";
import { RateFactors } from "@/components/pricing/rate-factors";
import { buttonClass } from "@/components/ui/button";
import { currentUser } from "@/lib/auth/session";
import { CREDIT_PRICE_CENTS } from "@/lib/credits/shared";
import { plans } from "@/lib/payments";

export const metadata: Metadata = {
  title: "Pricing",
  description: "Credit packages and the rate card: what each AI feature costs, by model and size.",
};

export default async function PricingPage() {
  const signedIn = Boolean(await currentUser());
  return (
    <div className="min-h-dvh">
      <SiteHeader signedIn={signedIn} pricingLink={false} />

      <main id="main" className="mx-auto w-full max-w-6xl space-y-14 px-4 py-10 sm:px-6 sm:py-14">
        <div className="max-w-2xl">
          <p className="text-sm font-semibold text-brand-600 dark:text-brand-100">Pricing</p>
          <h1 className="mt-2 text-3xl font-semibold tracking-tight sm:text-4xl">Pay for the AI you use</h1>
          <p className="mt-3 text-base text-zinc-600 dark:text-zinc-400">
            Credits pay for AI code generation, chat and pro agent requests. One credit costs {CREDIT_PRICE_CENTS}¢;
            each request uses whole credits, depending on the feature, the model and the size of the request.
          </p>
        </div>

        <section aria-labelledby="plans-heading" className="space-y-4">
          <h2 id="plans-heading" className="text-xl font-semibold tracking-tight">
            Plans
          </h2>
          <ul className="grid gap-4 sm:grid-cols-2">
            <li className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
              <h3 className="text-lg font-semibold">{plans.free.name}</h3>
              <p className="mt-1 text-2xl font-semibold">$0</p>
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
                Buy credits when you need them.
                {plans.free.welcomeCredits > 0 ? ` ${plans.free.welcomeCredits} credits to start with, once your e-mail address is verified.` : ""}
              </p>
            </li>
            <li className="rounded-xl border-2 border-brand-600 bg-white p-5 shadow-sm dark:bg-zinc-900">
              <h3 className="text-lg font-semibold">{plans.pro.name}</h3>
              <p className="mt-1 text-2xl font-semibold">
                ${plans.pro.priceCents / 100}
                <span className="text-base font-normal text-zinc-600 dark:text-zinc-400">/month</span>
              </p>
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
                {plans.pro.monthlyCredits} credits every month, spent before the credits you buy. What is left resets at
                each renewal. Cancel any time.
              </p>
              <Link href={signedIn ? "/settings/billing" : "/sign-up"} className={buttonClass("primary", "mt-4 h-9")}>
                {signedIn ? "Upgrade in Settings › Billing" : "Create an account"}
              </Link>
            </li>
          </ul>
        </section>

        <section aria-labelledby="packages-heading" className="space-y-4">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 id="packages-heading" className="text-xl font-semibold tracking-tight">
              Credit packages
            </h2>
            <Link href={signedIn ? "/dashboard" : "/sign-up"} className={buttonClass("secondary", "h-9")}>
              {signedIn ? "Buy credits in the dashboard" : "Create an account to buy credits"}
            </Link>
          </div>
          <PackageCards />
        </section>

        <section aria-labelledby="how-heading" className="space-y-4">
          <div>
            <h2 id="how-heading" className="text-xl font-semibold tracking-tight">
              How a request is priced
            </h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              Three things set the price: what the request does, which model answers it, and how many tokens it uses.
            </p>
          </div>
          <RateFactors />
        </section>

        <section aria-labelledby="rate-card-heading" className="space-y-4">
          <div>
            <h2 id="rate-card-heading" className="text-xl font-semibold tracking-tight">
              Rate card
            </h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              Credits per request. Programs can read the same table from{" "}
              <a
                href="/api/v1/pricing"
                className="font-mono text-brand-600 underline underline-offset-4 dark:text-brand-100"
              >
                GET /api/v1/pricing
              </a>
              .<span className="sm:hidden"> Scroll the table sideways for larger requests.</span>
            </p>
          </div>
          <RateCardTable />
        </section>

        <section aria-labelledby="key-limits-heading" className="space-y-2">
          <h2 id="key-limits-heading" className="text-xl font-semibold tracking-tight">
            Spending limits per API key
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Give each API key a monthly limit in credits (in Settings › API keys) so one service cannot spend the whole
            balance. Credits held for running requests count against it; once a key has used its limit, its requests
            are refused with <code className="font-mono">402 key_limit_reached</code> until the month turns in your time
            zone, while your other keys keep working. Limits cost nothing extra.
          </p>
        </section>
      </main>
    </div>
  );
}
