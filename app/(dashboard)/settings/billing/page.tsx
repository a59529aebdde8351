import type { Metadata } from "next";
import { cookies } from "next/headers";
import { AutoRefillForm } from "@/components/billing/auto-refill-form";
import { EmbeddedPurchasePanel } from "@/components/billing/embedded-purchase-panel";
import { PurchaseHistory } from "@/components/billing/purchase-history";
import { SavedCards } from "@/components/billing/saved-cards";
import { loadPanelData } from "@/components/credits/panel-data";
import { BalanceCard } from "@/components/dashboard/balance-card";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { TIME_ZONE_COOKIE, accountIdForUser, creditSummary, recentSpend, runOutForecast, safeTimeZone } from "@/lib/credits";
import { purchaseHistory } from "@/lib/payments/purchases";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage() {
  const user = await requireUser();
  const [cookieStore, accountId] = await Promise.all([cookies(), accountIdForUser(user.id)]);
  const timeZone = safeTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value);
  const [panel, summary, spent7, history] = await Promise.all([
    loadPanelData(user),
    creditSummary(accountId),
    recentSpend(accountId, 7),
    purchaseHistory(user.id),
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
            <p className="text-2xl font-semibold">Free plan</p>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              You pay only for the credits you buy. A Pro plan with a monthly credit allowance is coming later.
            </p>
          </Card>
          <BalanceCard summary={summary} forecast={forecast} timeZone={timeZone} />
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Auto-refill"
          description="Recharge a saved card when your balance runs low. The “Credit Auto-Refill” box in the purchase panel changes this same setting."
        >
          <AutoRefillForm data={panel} />
        </Card>
        <Card title="Saved cards" description="The default card pays for auto-refill and is preselected when you buy credits.">
          <SavedCards data={panel} />
        </Card>
      </div>

      <Card title="Purchase history" description="Purchases and auto-refills, newest first.">
        <PurchaseHistory rows={history} timeZone={timeZone} />
      </Card>
    </div>
  );
}
