import type { Metadata } from "next";
import Link from "next/link";
import { Chat } from "@/components/features/chat";
import { CodeGeneration } from "@/components/features/code-generation";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { aiEndpointConfigured } from "@/lib/features";

export const metadata: Metadata = { title: "AI features" };

const link = "font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100";

export default async function FeaturesPage() {
  await requireUser();
  return (
    <>
      <PageHeader
        title="AI features"
        description={
          <>
            Each request spends credits by feature, model and size (see the{" "}
            <Link href="/pricing" className={link}>
              rate card
            </Link>
            ). Every request is listed in the{" "}
            <Link href="/usage" className={link}>
              request log
            </Link>
            . A request you stop, or that fails, after its answer has started is charged for the part already shown
            (its input and that output, never more than was held); one stopped before any answer is free.
          </>
        }
      />
      {aiEndpointConfigured ? null : (
        <div className="mb-6">
          <Alert tone="info">
            Demo mode: no AI endpoint is configured on this server, so answers come from a built-in offline responder.
            Credits are held and charged exactly as they would be for a real model.
          </Alert>
        </div>
      )}
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <CodeGeneration />
        <Chat />
      </div>
    </>
  );
}
