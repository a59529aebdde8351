import { ListOrdered } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Usage" description="Every request that used credits, newest first." />
      <EmptyState icon={<ListOrdered className="size-5" />} title="No requests yet">
        Each request your AI features make is listed here with its request id, model, tokens and the credits it used.
      </EmptyState>
    </>
  );
}
