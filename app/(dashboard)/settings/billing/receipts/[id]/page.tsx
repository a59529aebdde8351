import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { ReceiptView } from "@/components/billing/receipt-view";
import { requireUser } from "@/lib/auth/session";
import { TIME_ZONE_COOKIE, safeTimeZone } from "@/lib/credits";
import { receiptForUser } from "@/lib/payments";

export const metadata: Metadata = { title: "Receipt" };

export default async function ReceiptPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  // Another account's purchase is "not found", the same as one that does not exist.
  const receipt = await receiptForUser(user.id, (await params).id);
  if (!receipt) notFound();
  const timeZone = safeTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  return <ReceiptView receipt={receipt} timeZone={timeZone} />;
}
