import type { Metadata } from "next";
import { CreatePromoCodeForm } from "@/components/admin/promo-code-forms";
import { PromoCodeTable } from "@/components/admin/promo-code-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/admin";
import { listPromoCodes, promoStatus } from "@/lib/promo";

export const metadata: Metadata = { title: "Promo codes" };

export default async function PromoCodesPage() {
  await requireAdmin();
  const codes = (await listPromoCodes()).map((c) => ({ ...c, status: promoStatus(c) }));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Promo codes"
        description="Users redeem a code under “Have a code?” in the purchase panel, once each. Its credits are spent before purchased ones and expire."
      />
      <CreatePromoCodeForm />
      <PromoCodeTable codes={codes} />
    </div>
  );
}
