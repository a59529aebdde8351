import { Activity, Coins } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader
        title={user.name ? `Welcome, ${user.name}` : "Welcome"}
        description="Your credits, what they were spent on, and what is left."
      />
      <div className="grid gap-6 md:grid-cols-3">
        <Card title="Current Credits" className="md:col-span-1">
          <p className="text-4xl font-semibold tabular-nums">0</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">credits available</p>
        </Card>
        <div className="md:col-span-2">
          <EmptyState icon={<Activity className="size-5" />} title="No usage yet">
            Requests your AI features make appear here and in the{" "}
            <Link href="/usage" className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100">
              usage log
            </Link>
            , with the credits each one used.
          </EmptyState>
        </div>
      </div>
      <div className="mt-6">
        <EmptyState icon={<Coins className="size-5" />} title="No credits yet">
          Credits pay for AI code generation, chat and agent requests. Once purchases open, you can buy a package
          here or in Settings.
        </EmptyState>
      </div>
    </>
  );
}
