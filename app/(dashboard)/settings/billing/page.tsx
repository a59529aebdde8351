import type { Metadata } from "next";
import { cookies } from "next/headers";
import { AutoRefillForm } from "@/components/billing/auto-refill-form";
import { PlanCard } from "@/components/billing/plan-card";
import { PurchaseHistory } from "@/components/billing/purchase-history";
import { SavedCards } from "@/components/billing/saved-cards";
import { UsageAlerts } from "@/components/settings/usage-alerts";
import { PurchaseCreditsButton } from "@/components/credits/purchase-button";
import { loadPanelData } from "@/components/credits/panel-data";
import { RefreshOnBalanceChange } from "@/components/credits/refresh-on-balance-change";
import { BalanceCard } from "@/components/dashboard/balance-card";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { TIME_ZONE_COOKIE, accountIdForUser, creditSummary, recentSpend, runOutForecast, safeTimeZone } from "@/lib/credits";
import { plans, purchaseHistory, allowanceLeft, currentPlan, proRenewalDay } from "@/lib/payments";
import { MAX_ALERTS_PER_USER, alertStatus, describeAlert, listAlerts } from "@/lib/usage-alerts";

export const metadata: Metadata = { title: "Billing" };

/**
 * Plan and balance, then cards and the auto-refill setting, then history. Buying
 * happens in the one "Purchase More Credits" dialog (the button), never in a
 * second copy of the panel here. Every card is its own grid cell, so nothing overlaps.
 */
export default async function BillingPage() {
  const user = await requireUser();
  const [cookieStore, accountId] = await Promise.all([cookies(), accountIdForUser(user.id)]);
  const timeZone = safeTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value);
  const [panel, summary, spent7, history, plan, allowance, alerts] = await Promise.all([
    loadPanelData(user),
    creditSummary(accountId),
    recentSpend(accountId, 7),
    purchaseHistory(user.id),
    currentPlan(user.id),
    allowanceLeft(user.id),
    listAlerts(user.id),
  ]);
  const forecast = runOutForecast(summary.available, spent7, 7);
  const defaultCard = panel.cards.find((c) => c.isDefault);

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <RefreshOnBalanceChange />
      <Card title="Plan" className="min-w-0">
        <PlanCard
          data={{
            plan: plan.plan,
            proPriceCents: plans.pro.priceCents,
            proMonthlyCredits: plans.pro.monthlyCredits,
            status: plan.subscription?.status ?? null,
            periodEnd: plan.subscription?.currentPeriodEnd.toISOString() ?? null,
            cancelAtPeriodEnd: plan.subscription?.cancelAtPeriodEnd ?? false,
            defaultCard: defaultCard ? { id: defaultCard.id, label: defaultCard.label } : null,
            renewalDay: proRenewalDay(timeZone),
            timeZone,
          }}
        />
      </Card>
      <div className="min-w-0">
        <BalanceCard
          summary={summary}
          forecast={forecast}
          timeZone={timeZone}
          allowance={allowance}
          actions={<PurchaseCreditsButton label="Purchase More Credits" className="w-full sm:w-auto" />}
        />
      </div>

      <Card
        id="saved-cards"
        title="Saved cards"
        description="The default card pays for Pro and auto-refill, and is preselected when you buy credits."
        className="min-w-0"
      >
        <SavedCards data={panel} />
      </Card>
      <Card
        id="auto-refill"
        title="Auto-refill"
        description="Recharge a saved card when your balance runs low. The “Credit Auto-Refill” box in the purchase panel changes this same setting."
        className="min-w-0"
      >
        <AutoRefillForm data={panel} />
      </Card>

      <Card
        id="usage-alerts"
        title="Usage alerts"
        description="Be told when your balance falls below an amount, or when a day's use passes one."
        className="min-w-0 lg:col-span-2"
      >
        <UsageAlerts
          alerts={alerts.map((a) => ({ id: a.id, label: describeAlert(a.kind, a.threshold), status: alertStatus(a.kind, a.threshold, a.fired) }))}
          max={MAX_ALERTS_PER_USER}
        />
      </Card>

      <Card
        id="purchase-history"
        title="Purchase history"
        description="Purchases, auto-refills and Pro payments, newest first."
        className="min-w-0 lg:col-span-2"
      >
        <PurchaseHistory rows={history} timeZone={timeZone} payment={panel.payment} />
      </Card>
    </div>
  );
}
