"use client";

import { AlertTriangle, X } from "lucide-react";
import Link from "next/link";
import { useActionState } from "react";
import { dismissNoticeAction } from "@/lib/notifications/actions";
import { confirmRefillAction } from "@/lib/payments/auto-refill/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/form-state";

export interface Notice {
  id: number;
  kind: string;
  title: string;
  body: string;
  href: string | null;
}

/** Unread notices (auto-refill paused, its monthly limit reached…) at the top of every app page. */
export function NoticeBanners({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <div className="mx-auto w-full max-w-6xl space-y-2 px-4 pt-4 sm:px-6 print:hidden">
      {notices.map((notice) => (
        <NoticeBanner key={notice.id} notice={notice} />
      ))}
    </div>
  );
}

function NoticeBanner({ notice }: { notice: Notice }) {
  const [dismissState, dismiss] = useActionState(dismissNoticeAction, idle);
  const [confirmState, confirm] = useActionState(confirmRefillAction, idle);
  const confirmId = notice.href ? new URL(notice.href, "http://x").searchParams.get("confirm") : null;
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
          {confirmId ? (
            <form action={confirm}>
              <input type="hidden" name="purchaseId" value={confirmId} />
              <input type="hidden" name="noticeId" value={notice.id} />
              <SubmitButton pendingLabel="Confirming…">Confirm payment</SubmitButton>
            </form>
          ) : null}
          {notice.href ? (
            <Link href="/settings/billing" className="font-medium underline underline-offset-4">
              Billing settings
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
