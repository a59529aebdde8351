import { Activity, Sparkles } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { PurchaseCreditsButton } from "@/components/credits/purchase-button";
import { RefreshOnBalanceChange } from "@/components/credits/refresh-on-balance-change";
import { BalanceCard } from "@/components/dashboard/balance-card";
import { RecentRequests } from "@/components/dashboard/recent-requests";
import { UsageChart, type ChartSeries } from "@/components/dashboard/usage-chart";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { featureName, formatNumber } from "@/components/usage/names";
import { requireUser } from "@/lib/auth/session";
import { allowanceLeft } from "@/lib/payments";
import {
  TIME_ZONE_COOKIE,
  accountIdForUser,
  creditSummary,
  dailyUsage,
  recentRequests,
  recentSpend,
  runOutForecast,
  safeTimeZone,
  type DailyUsage,
} from "@/lib/credits";

export const metadata: Metadata = { title: "Dashboard" };

const DAYS = 30;
const featureColors: Record<string, string> = {
  code_generation: "#0d9488",
  chat: "#6d5ce8",
  agent_request: "#d97706",
};
const fallbackColors = ["#db2777", "#2563eb", "#65a30d"];
const link = "font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100";

function chartSummary(usage: DailyUsage): string {
  const busiest = usage.days.reduce((a, b) => (b.total > a.total ? b : a));
  const perFeature = usage.features
    .map((f) => `${featureName(f)} ${formatNumber(usage.days.reduce((sum, d) => sum + (d.byFeature[f] ?? 0), 0))}`)
    .join(", ");
  return `${formatNumber(usage.total)} credits used in the last ${DAYS} days (${perFeature}); the busiest day used ${formatNumber(busiest.total)}.`;
}

export default async function DashboardPage() {
  const user = await requireUser();
  const [cookieStore, accountId] = await Promise.all([cookies(), accountIdForUser(user.id)]);
  const timeZone = safeTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value);
  const [summary, usage, spent7, recent, allowance] = await Promise.all([
    creditSummary(accountId),
    dailyUsage(accountId, { days: DAYS, timeZone }),
    recentSpend(accountId, 7),
    recentRequests(accountId, 5),
    allowanceLeft(user.id),
  ]);
  const forecast = runOutForecast(summary.available, spent7, 7);
  const dayLabel = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  const series: ChartSeries[] = usage.features.map((id, i) => ({
    id,
    name: featureName(id),
    color: featureColors[id] ?? fallbackColors[i % fallbackColors.length]!,
  }));

  return (
    <>
      <RefreshOnBalanceChange />
      <PageHeader
        title={user.name ? `Welcome, ${user.name}` : "Welcome"}
        description="Your credits, what they were spent on, and what is left."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-1">
          <BalanceCard
            summary={summary}
            forecast={forecast}
            timeZone={timeZone}
            allowance={allowance}
            actions={<PurchaseCreditsButton className="w-full sm:w-auto" />}
          />
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm lg:col-span-2 dark:border-zinc-800 dark:bg-zinc-900">
          {usage.total === 0 ? (
            <EmptyState icon={<Activity className="size-5" />} title="No usage in the last 30 days">
              <p>
                Try a request on the{" "}
                <Link href="/features" className={link}>
                  Features page
                </Link>
                : generate some code or ask the chat a question, and see what it costs here and in the{" "}
                <Link href="/usage" className={link}>
                  request log
                </Link>
                .
              </p>
              <p className="mt-2">
                To meter your own services, create a key in{" "}
                <Link href="/settings/api-keys" className={link}>
                  Settings › API keys
                </Link>
                ; the{" "}
                <Link href="/pricing" className={link}>
                  pricing page
                </Link>{" "}
                lists what each request costs.
              </p>
              <Link href="/features" className={buttonClass("primary", "mt-4")}>
                <Sparkles aria-hidden className="size-4" /> Try a feature
              </Link>
            </EmptyState>
          ) : (
            <UsageChart
              days={usage.days.map((d) => ({ ...d, label: dayLabel.format(new Date(`${d.day}T00:00:00Z`)) }))}
              series={series}
              summary={chartSummary(usage)}
            />
          )}
        </div>
      </div>
      <div className="mt-6">
        <RecentRequests rows={recent} timeZone={timeZone} />
      </div>
    </>
  );
}
