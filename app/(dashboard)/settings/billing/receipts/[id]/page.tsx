import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ReceiptView } from "@/components/billing/receipt-view";
import { requireUser } from "@/lib/auth/session";
import { TIME_ZONE_COOKIE, safeTimeZone } from "@/lib/credits";
import { receiptForUser } from "@/lib/payments";

/** The receipt, read once for the title and the page; another account's purchase is "not found", like one that does not exist. */
const loadReceipt = cache(async (id: string) => receiptForUser((await requireUser()).id, id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  // A 404 met while the title is worked out is titled by app/not-found.tsx, not "Receipt".
  if (!(await loadReceipt((await params).id))) notFound();
  return { title: "Receipt" };
}

export default async function ReceiptPage({ params }: { params: Promise<{ id: string }> }) {
  const receipt = await loadReceipt((await params).id);
  if (!receipt) notFound();
  const timeZone = safeTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  return <ReceiptView receipt={receipt} timeZone={timeZone} />;
}
