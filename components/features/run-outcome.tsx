"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { usePurchasePanel } from "@/components/credits/purchase-panel-provider";
import type { RunState } from "./use-feature-run";

const plural = (n: number) => `${n.toLocaleString("en-US")} credit${n === 1 ? "" : "s"}`;

/** What the last request cost (or why it cost nothing), announced politely. */
export function RunOutcome({ state }: { state: RunState }) {
  const { openPanel } = usePurchasePanel();
  return (
    <div role="status" aria-live="polite" className="text-sm">
      {state.status === "done" ? (
        <p className="text-zinc-700 dark:text-zinc-300">
          Charged <strong>{plural(state.credits)}</strong> for {state.inputTokens.toLocaleString("en-US")} input and{" "}
          {state.outputTokens.toLocaleString("en-US")} output tokens · request{" "}
          <code className="break-all rounded bg-zinc-100 px-1 py-0.5 text-xs dark:bg-zinc-800">{state.requestId}</code> ·{" "}
          <Link href="/usage" className="font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100">
            request log
          </Link>
        </p>
      ) : state.status === "cancelled" ? (
        <p className="text-zinc-700 dark:text-zinc-300">
          {state.text
            ? "Cancelled. Only the part of the answer already shown is charged (never more than was held); see the request log."
            : "Cancelled before any answer. This request was not charged."}
        </p>
      ) : state.status === "error" ? (
        <div
          className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          <p>{state.message}</p>
          {state.code === "insufficient_credits" ? (
            <Button variant="secondary" className="h-9" onClick={openPanel} aria-haspopup="dialog">
              Purchase more credits
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
