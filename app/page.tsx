import { BadgeCheck, Coins, RefreshCw, Sparkles } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PackageList } from "@/components/landing/package-list";
import { SiteHeader } from "@/components/landing/site-header";
import { buttonClass } from "@/components/ui/button";
import { currentUser } from "@/lib/auth/session";
import { CREDIT_PRICE_CENTS, CUSTOM_CREDITS_MAX, CUSTOM_CREDITS_MIN } from "@/lib/credits/shared";
import { plans } from "@/lib/payments";

export const metadata: Metadata = {
  // The home page carries the bare name, not "… · Credits".
  title: { absolute: "Credits — pay for the AI you use" },
  description: "Credits pay for AI code generation, chat and pro agent requests. Buy a package, pay by card, see every request.",
};

const number = new Intl.NumberFormat("en-US");
const link = "font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100";

const points = [
  {
    icon: Sparkles,
    title: "One balance for every AI feature",
    text: "Code generation, chat and pro agent requests each use whole credits, by feature, model and size.",
  },
  {
    icon: Coins,
    title: "Buy what you need",
    text: "A package or any amount, paid by card. Pro adds a monthly allowance that is spent first.",
  },
  {
    icon: RefreshCw,
    title: "Never stopped by surprise",
    text: "You are told when credits run low, and auto-refill can top them up. At zero, features pause until you buy more.",
  },
  {
    icon: BadgeCheck,
    title: "Every request on record",
    text: "The request log shows what each one cost. Usage caused by a bug can be reported and credited back.",
  },
] as const;

/** The front door: a signed-in visitor goes on to the dashboard, anyone else reads what credits are. */
export default async function Home() {
  if (await currentUser()) redirect("/dashboard");
  const welcome = plans.free.welcomeCredits;
  return (
    <div className="min-h-dvh">
      <SiteHeader />
      <main id="main" className="mx-auto w-full max-w-6xl space-y-14 px-4 py-10 sm:px-6 sm:py-16">
        <section aria-labelledby="hero-heading" className="max-w-2xl">
          <h1 id="hero-heading" className="text-3xl font-semibold tracking-tight sm:text-5xl">
            Credits for your AI coding tools
          </h1>
          <p className="mt-4 text-base text-zinc-700 sm:text-lg dark:text-zinc-300">
            Credits pay for the premium features of your editor: AI code generation, chat and pro agent requests. One
            credit costs {CREDIT_PRICE_CENTS}¢, and each request uses whole credits depending on what it does, the model
            and its size.
            {welcome > 0 ? ` A new account gets ${welcome} welcome credits once its e-mail address is verified.` : ""}
          </p>
          <div className="mt-6 flex flex-wrap gap-3">
            <Link href="/sign-up" className={buttonClass("primary")}>
              Create account
            </Link>
            <Link href="/sign-in" className={buttonClass("secondary")}>
              Sign in
            </Link>
          </div>
        </section>

        <section aria-labelledby="how-heading" className="space-y-4">
          <h2 id="how-heading" className="text-xl font-semibold tracking-tight">
            How credits work
          </h2>
          <ul className="grid gap-4 sm:grid-cols-2">
            {points.map(({ icon: Icon, title, text }) => (
              <li key={title} className="flex gap-3">
                <span aria-hidden className="mt-0.5 h-fit rounded-lg bg-brand-50 p-2 text-brand-600 dark:bg-brand-700/20 dark:text-brand-100">
                  <Icon className="size-5" />
                </span>
                <div>
                  <h3 className="font-semibold">{title}</h3>
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{text}</p>
                </div>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="packages-heading" className="space-y-4">
          <div>
            <h2 id="packages-heading" className="text-xl font-semibold tracking-tight">
              Credit packages
            </h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              Bought in the &ldquo;Purchase More Credits&rdquo; panel once you are signed in, or any whole amount from{" "}
              {number.format(CUSTOM_CREDITS_MIN)} to {number.format(CUSTOM_CREDITS_MAX)} credits.
            </p>
          </div>
          <PackageList />
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            What each feature costs, the Pro plan and custom amounts:{" "}
            <Link href="/pricing" className={link}>
              see pricing and the rate card
            </Link>
            .
          </p>
        </section>
      </main>
    </div>
  );
}
