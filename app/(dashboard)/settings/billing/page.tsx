import type { Metadata } from "next";
import { cookies } from "next/headers";
import { AutoRefillForm } from "@/components/billing/auto-refill-form";
import { PlanCard } from "@/components/billing/plan-card";
import { EmbeddedPurchasePanel } from "@/components/billing/embedded-purchase-panel";
import { PurchaseHistory } from "@/components/billing/purchase-history";
import { SavedCards } from "@/components/billing/saved-cards";
import { loadPanelData } from "@/components/credits/panel-data";
import { BalanceCard } from "@/components/dashboard/balance-card";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { TIME_ZONE_COOKIE, accountIdForUser, creditSummary, recentSpend, runOutForecast, safeTimeZone } from "@/lib/credits";
import { plans, purchaseHistory, allowanceLeft, currentPlan } from "@/lib/payments";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage() {
  const user = await requireUser();
  const [cookieStore, accountId] = await Promise.all([cookies(), accountIdForUser(user.id)]);
  const timeZone = safeTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value);
  const [panel, summary, spent7, history, plan, allowance] = await Promise.all([
    loadPanelData(user),
    creditSummary(accountId),
    recentSpend(accountId, 7),
    purchaseHistory(user.id),
    currentPlan(user.id),
    allowanceLeft(user.id),
  ]);
  const forecast = runOutForecast(summary.available, spent7, 7);

  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <EmbeddedPurchasePanel data={panel} />
        </div>
        <div className="space-y-6">
          <Card title="Plan">
            <PlanCard
              data={{
                plan: plan.plan,
                proPriceCents: plans.pro.priceCents,
                proMonthlyCredits: plans.pro.monthlyCredits,
                status: plan.subscription?.status ?? null,
                periodEnd: plan.subscription?.currentPeriodEnd.toISOString() ?? null,
                cancelAtPeriodEnd: plan.subscription?.cancelAtPeriodEnd ?? false,
                defaultCard: panel.cards.find((c) => c.isDefault)?.label ?? null,
                timeZone,
                payment: panel.payment,
              }}
            />
          </Card>
          <BalanceCard summary={summary} forecast={forecast} timeZone={timeZone} allowance={allowance} />
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          id="auto-refill"
          title="Auto-refill"
          description="Recharge a saved card when your balance runs low. The “Credit Auto-Refill” box in the purchase panel changes this same setting."
        >
          <AutoRefillForm data={panel} />
        </Card>
        <Card title="Saved cards" description="The default card pays for auto-refill and is preselected when you buy credits.">
          <SavedCards data={panel} />
        </Card>
      </div>

      <Card id="purchase-history" title="Purchase history" description="Purchases, auto-refills and Pro payments, newest first.">
        <PurchaseHistory rows={history} timeZone={timeZone} payment={panel.payment} />
      </Card>
    </div>
  );
}
