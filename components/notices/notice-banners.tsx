"use client";

import { AlertTriangle, X } from "lucide-react";
import Link from "next/link";
import { useActionState, useState } from "react";
import { dismissNoticeAction } from "@/lib/notifications/actions";
import { confirmRefillAction } from "@/lib/payments/auto-refill/actions";
import { loadStripeFor, type BrowserPaymentConfig } from "@/components/payments/load-stripe";
import { Button } from "@/components/ui/button";
import { noticeLink } from "./notice-link";
import { idle, type FormState } from "@/lib/form-state";

export interface Notice {
  id: number;
  kind: string;
  title: string;
  body: string;
  href: string | null;
}

/** Unread notices (auto-refill paused, its monthly limit reached…) at the top of every app page. */
export function NoticeBanners({ notices, payment }: { notices: Notice[]; payment: BrowserPaymentConfig }) {
  if (notices.length === 0) return null;
  return (
    <div className="mx-auto w-full max-w-6xl space-y-2 px-4 pt-4 sm:px-6 print:hidden">
      {notices.map((notice) => (
        <NoticeBanner key={notice.id} notice={notice} payment={payment} />
      ))}
    </div>
  );
}

function NoticeBanner({ notice, payment }: { notice: Notice; payment: BrowserPaymentConfig }) {
  const [dismissState, dismiss] = useActionState(dismissNoticeAction, idle);
  const [confirmState, setConfirmState] = useState<FormState>(idle);
  const [confirming, setConfirming] = useState(false);
  const confirmId = notice.href ? new URL(notice.href, "http://x").searchParams.get("confirm") : null;
  const link = noticeLink(notice.href);
  if (dismissState.status === "ok") return null;
  return (
    <section
      aria-label={notice.title}
      className="flex items-start gap-3 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
    >
      <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1">
        <h2 className="font-semibold">{notice.title}</h2>
        <p className="mt-0.5">{notice.body}</p>
        {confirmState.status === "error" ? <p role="alert" className="mt-1 font-medium">{confirmState.message}</p> : null}
        {confirmState.status === "ok" ? <p role="status" className="mt-1 font-medium">{confirmState.message}</p> : null}
        <div className="mt-2 flex flex-wrap items-center gap-3">
          {confirmId && confirmState.status !== "ok" ? (
            <Button
              disabled={confirming}
              onClick={async () => {
                setConfirming(true);
                try {
                  setConfirmState(await confirmRefill(confirmId, notice.id, payment));
                } finally {
                  setConfirming(false);
                }
              }}
            >
              {confirming ? "Confirming…" : "Confirm payment"}
            </Button>
          ) : null}
          {link ? (
            <Link href={link.href} className="font-medium underline underline-offset-4">
              {link.label}
            </Link>
          ) : null}
        </div>
      </div>
      <form action={dismiss}>
        <input type="hidden" name="id" value={notice.id} />
        <button
          type="submit"
          aria-label={`Dismiss: ${notice.title}`}
          className="rounded-md p-1 hover:bg-amber-100 dark:hover:bg-amber-900"
        >
          <X aria-hidden className="size-4" />
        </button>
      </form>
    </section>
  );
}

/**
 * "Confirm payment" for a refill the bank held back: the server confirms the
 * PaymentIntent, the bank's check runs in the page (Stripe.js's modal, as a
 * purchase's does), and the server then says how it ended. Without Stripe.js
 * the bank's page by redirect is the way left.
 */
async function confirmRefill(purchaseId: string, noticeId: number, payment: BrowserPaymentConfig): Promise<FormState> {
  const form = new FormData();
  form.set("purchaseId", purchaseId);
  form.set("noticeId", String(noticeId));
  form.set("step", "confirm");
  const answer = await confirmRefillAction(idle, form);
  if (!("nextAction" in answer)) return answer;
  const stripe = await loadStripeFor(payment).catch(() => null);
  if (!stripe || !answer.nextAction.clientSecret) {
    window.location.assign(answer.nextAction.url);
    return { status: "ok", message: "Opening your bank’s page…" };
  }
  await stripe.handleNextAction({ clientSecret: answer.nextAction.clientSecret });
  form.set("step", "finish");
  const finished = await confirmRefillAction(idle, form);
  return "nextAction" in finished ? { status: "error", message: "Your bank has not confirmed this payment yet. Nothing was charged; try again." } : finished;
}
