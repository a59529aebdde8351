import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { OpenPurchasePanel } from "@/components/help/open-purchase-panel";
import { HelpfulVote } from "@/components/help/helpful-vote";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { CUSTOM_CREDITS_MAX, CUSTOM_CREDITS_MIN, creditPackages, formatUsd } from "@/lib/credits/shared";
import { HELP_LAST_UPDATED, type HelpAnswerId } from "@/lib/help/answers";
import { helpFeedbackOf } from "@/lib/help/feedback";
import { plans } from "@/lib/payments";

export const metadata: Metadata = { title: "Help" };

const link = "font-medium text-brand-600 underline underline-offset-4 dark:text-brand-100";
const n = (x: number) => x.toLocaleString("en-US");

const answers: { id: HelpAnswerId; question: string; answer: ReactNode }[] = [
  {
    id: "what-are-credits",
    question: "What are credits?",
    answer: (
      <>
        <p>
          Credits pay for the AI features: code generation, chat and pro agent requests. Each request costs a number of
          credits that depends on the feature, the model and the size of the request (its tokens). One credit costs
          $0.04. Costs are whole credits, rounded up.
        </p>
        <p>
          See what each feature and model costs on the <Link href="/pricing" className={link}>rate card</Link>, and try
          the features on the <Link href="/features" className={link}>Features page</Link>, where each model shows its cost.
        </p>
      </>
    ),
  },
  {
    id: "pro-plans",
    question: "What does Pro include?",
    answer: (
      <p>
        Pro costs {formatUsd(plans.pro.priceCents)} a month and gives you {n(plans.pro.monthlyCredits)} credits every month.
        That allowance is spent before the credits you buy and ends with the month it belongs to; once it is used you buy
        more as usual. Upgrade, cancel or resume in <Link href="/settings/billing" className={link}>Settings › Billing</Link>;
        a canceled Pro plan lasts until the end of the month already paid. Pro is charged to your default saved card:
        “Upgrade to Pro” first shows what will be charged, when and to which card (for example “
        {formatUsd(plans.pro.priceCents)} today, then monthly on the 2nd, Visa •••• 4242”), and nothing is charged
        until you confirm. A refunded or disputed Pro payment takes back what is left of the month’s allowance it paid
        for, as it would for credits you bought; if the bank decides a dispute for the payment, the allowance comes back
        until its month ends.
      </p>
    ),
  },
  {
    id: "auto-refill",
    question: "Can credits top up automatically? How do I turn that off?",
    answer: (
      <>
        <p>
          Yes: with <strong>auto-refill</strong> on, your saved card is charged for a refill (500 credits for $20 by
          default) whenever your balance falls below a threshold (100 credits by default), up to a monthly limit you set.
        </p>
        <p>
          The “Credit Auto-Refill” box in the “Purchase More Credits” panel is this setting. Once a card is saved,
          checking or unchecking it saves at once, and the panel says so; it stays that way after a reload. To turn it
          off, uncheck the box, or switch auto-refill off in{" "}
          <Link href="/settings/billing" className={link}>Settings › Billing</Link>. With it off, you are only charged
          when you buy credits yourself.
        </p>
        <p>
          Before a card is saved, the box goes with your first purchase: keep “Save this card” checked and auto-refill
          starts with that purchase, at the refill amount you set or else 500 credits for $20, whatever size of package
          you buy. The threshold, refill amount, card and monthly limit are changed in Settings › Billing (the box’s
          “Change amount” link).
        </p>
        <p>
          Instead of a fixed amount, a refill can <strong>refill up to a target balance</strong>: choose “Enough to
          refill up to a target balance” in Settings › Billing, and each refill buys what brings the credits you can
          spend (not counting credits held for work still running) back to that target, at least 125 credits. The
          target must be at least 125 credits above the threshold. A refill never passes the monthly limit: it buys
          only what still fits, and none when less than 125 credits fit. The amount is decided when the refill is first
          tried; if it has to be tried again, it charges that same amount to the same card.
        </p>
        <p>
          Only spending starts a refill: a refund or a disputed payment that takes credits back never charges your card.
          While a payment is disputed with your bank, auto-refill pauses and that card is not used for new payments
          until the dispute is resolved; credits taken back for a dispute decided in the payment’s favour come back.
        </p>
      </>
    ),
  },
  {
    id: "out-of-credits",
    question: "What happens when I run out of credits?",
    answer: (
      <p>
        At zero, every feature that needs credits is disabled and says “You have no credits left”, with a button to buy
        more; requests from your API keys are refused. Nothing else stops: your history, settings and the{" "}
        <Link href="/usage" className={link}>request log</Link> stay available, and the features come back by themselves
        as soon as credits arrive, without reloading the page. Before that, the “Purchase More Credits” panel opens by
        itself when your balance runs low.
      </p>
    ),
  },
  {
    id: "api-key-limits",
    question: "Can I limit what an API key spends?",
    answer: (
      <>
        <p>
          Yes. Each API key can have its own monthly limit in credits, set when you create the key or later in{" "}
          <Link href="/settings/api-keys" className={link}>Settings › API keys</Link> (“Set limit” or “Change”; empty
          the field to remove it). The keys list shows what each key has used this month against its limit, with a bar. A
          limit set on a key that had none counts what the key spends from then on.
        </p>
        <p>
          Credits held for a request that is still running count against the limit until the request ends; whatever
          it did not use comes back. Once a key has used its limit, its requests are refused with{" "}
          <code className="font-mono">key_limit_reached</code> until the month turns (at midnight on the 1st, in your
          time zone), even while your account has credits; your other keys and the features in this app keep working.
          When the account itself is out of credits, requests are refused as “not enough credits”, whatever the limit.
        </p>
      </>
    ),
  },
  {
    id: "usage-alerts",
    question: "Can I be told when my balance is low or I spend a lot?",
    answer: (
      <p>
        Yes: add a usage alert under <Link href="/settings/billing#usage-alerts" className={link}>Settings › Billing</Link>,
        either “my balance falls below” or “I spend more in a day than” a number of credits (up to 10 alerts). Each one
        tells you once each time it is crossed, with a notice here and an e-mail (turn the e-mail off under “Usage alerts”
        in Settings › Account › Notifications). A balance alert is armed again once your balance is back at its amount, by a
        purchase or a refill; a daily alert the next day, at midnight in your time zone. Alerts are checked every few
        seconds, so one may arrive a moment after the request that crossed it. With no alerts you are still told when
        credits run low.
      </p>
    ),
  },
  {
    id: "transfers",
    question: "Can I transfer credits to another account?",
    answer: (
      <p>
        No. Credits belong to the account that bought or received them and cannot be moved to another user. Each
        account’s balance is kept separately so that what you bought is always yours, and nobody else can spend it. Your
        own balance and where it came from are on the <Link href="/dashboard" className={link}>dashboard</Link>.
      </p>
    ),
  },
  {
    id: "used-credits",
    question: "I used too many credits. Can I get them back?",
    answer: (
      <>
        <p>
          Credits are not reversible once used: the request ran and the model did the work. A request that fails or
          that you cancel before any answer appears is not charged at all; one stopped or failed after its answer
          started is charged only for the part you were shown (its input and that output, never more than was held).
        </p>
        <p>
          Each request in the log says what happened to its credits: “Charged” (used), “Returned” (held for the
          request, then given back unused), or “Blocked — not enough credits” (it did not run and cost nothing).
        </p>
        <p>
          If credits were used because of a bug or a system error, report it: find the requests in the{" "}
          <Link href="/usage" className={link}>request log</Link>, note their request IDs (each row has a copy button),
          and report the problem with those IDs and a screenshot. Support looks at every report and credits back usage
          caused by an error on our side. An account keeps up to 50 MB of screenshots and can send ten reports at once,
          then ten an hour; screenshots not sent with a report within a day are deleted.
        </p>
      </>
    ),
  },
  {
    id: "buy-more",
    question: "How do I buy more credits?",
    answer: (
      <>
        <ol className="list-decimal space-y-1 pl-5">
          <li>
            Open the “Purchase More Credits” panel: <OpenPurchasePanel />. It also opens by itself when your credits
            run low, and from the “Purchase More Credits” button in your account settings,{" "}
            <Link href="/settings/billing" className={link}>Settings › Billing</Link>.
          </li>
          <li>
            Choose a package ({creditPackages.map((p) => `${formatUsd(p.priceCents)} for ${n(p.credits)}`).join(", ")}{" "}
            credits — as many pro agent requests, at 1 credit each), or type a “Credit Amount” of {n(CUSTOM_CREDITS_MIN)} to{" "}
            {n(CUSTOM_CREDITS_MAX)} credits.
          </li>
          <li>Use a saved card, or “Add new card” and type the card in the card fields.</li>
          <li>
            Click “Purchase Credits” once: the card is checked and charged in one step, and your Current Credits update at
            once. If your bank asks you to confirm the payment, its page opens over the panel.
          </li>
        </ol>
        <p>
          Uncheck “Credit Auto-Refill” if you only want to be charged when you buy. With a saved card the box is your
          auto-refill setting and saves as soon as you change it, not with the purchase.
        </p>
      </>
    ),
  },
  {
    id: "promo-codes",
    question: "How do I redeem a promo code?",
    answer: (
      <>
        <p>
          In the “Purchase More Credits” panel (<OpenPurchasePanel />), press “Have a code?”, type the code in “Promo
          code” (upper or lower case, it is the same code) and press “Redeem”. The panel says how many credits were added,
          and your Current Credits update at once. Each code can be redeemed once per account, and only while it is valid:
          a code that is unknown, expired, used up or no longer active adds nothing and the panel says why.
        </p>
        <p>
          Promo credits are spent before the credits you buy (after a Pro allowance), and they expire: the{" "}
          <Link href="/dashboard" className={link}>dashboard</Link> shows them as “Promo credits” with the date they
          expire. What is left on that date is gone. After ten wrong codes, wait a minute before trying another.
        </p>
      </>
    ),
  },
  {
    id: "see-balance",
    question: "Where do I see my balance?",
    answer: (
      <p>
        Your Current Credits are always in the header, updated live, and at the top of the purchase panel. The{" "}
        <Link href="/dashboard" className={link}>dashboard</Link> shows where your credits come from, when any expire and
        how long they will last; every request and what it cost is in the <Link href="/usage" className={link}>request log</Link>.
        The live updates follow you in up to 10 open tabs or windows; opening more pauses them in the one opened
        longest ago, which catches up as soon as you look at it again.
      </p>
    ),
  },
  {
    id: "account-security",
    question: "How do I verify my e-mail, reset my password or sign out everywhere?",
    answer: (
      <>
        <p>
          After you sign up we e-mail you a link to verify your address; until you open it a “Verify your e-mail” banner
          shows, with “Resend” for a new link.
          {plans.free.welcomeCredits > 0
            ? ` Your ${n(plans.free.welcomeCredits)} welcome credits are added once, when the address is verified (signing in with GitHub or Google verifies it at once).`
            : ""}
        </p>
        <p>
          Forgot your password? Use “Forgot password?” on the sign-in page: we send a link that works once, for one hour.
          Setting a new password, or changing it in <Link href="/settings" className={link}>Settings › Account</Link>,
          signs you out on every other device. There you can also change your e-mail address (the new address gets a link,
          and the change happens when you open it) and “Sign out of all devices”, this one included.
        </p>
      </>
    ),
  },
  {
    id: "receipts",
    question: "Where are my receipts and statements, and which e-mails do I get?",
    answer: (
      <>
        <p>
          Every paid purchase, auto-refill and Pro payment in the purchase history in{" "}
          <Link href="/settings/billing" className={link}>Settings › Billing</Link> has a “Receipt” link: a page with the
          date, the amount, the credits (for Pro, the month it paid for), the card and the purchase id, which you can print
          or save as a PDF.
        </p>
        <p>
          The <Link href="/usage/statements" className={link}>monthly statement</Link> (linked from the request log) adds
          up each calendar month in your time zone: the opening balance, credits added by source, usage by feature and
          model, credits that expired or were taken back after a refund or dispute, and the closing balance, with what
          was still held by running requests. It downloads as CSV too.
        </p>
        <p>
          A purchase your bank has not confirmed yet shows “Needs confirmation” there, with “Complete payment” (your
          bank’s check opens again; the credits arrive once it is confirmed) and “Cancel” (nothing is charged).
        </p>
        <p>
          A receipt is also e-mailed after every purchase, auto-refill and Pro payment, dated in your time zone (the
          one your browser last reported, named beside the date). We also e-mail you when
          auto-refill is paused or fails (with the reason and what to do), when a payment is disputed, and once each time
          your balance falls below its low-balance threshold (the auto-refill threshold while auto-refill is on, else 50
          credits; while auto-refill is on only when the balance reaches 0, as a refill is on its way otherwise); you can
          turn those off in <Link href="/settings" className={link}>Settings › Account</Link> under Notifications. Receipts
          and security e-mails are always sent.
        </p>
      </>
    ),
  },
  {
    id: "delete-account",
    question: "How do I delete my account?",
    answer: (
      <p>
        In <Link href="/settings" className={link}>Settings › Account</Link>, under “Delete account”, type the phrase it
        asks for. You are signed out everywhere and your API keys stop working; Pro is canceled at once, auto-refill is
        turned off and your saved cards are removed from Stripe, which keeps no name or e-mail for you; your name,
        e-mail, password, time zone, notices and uploaded screenshots are erased. Credits left on the account are lost. Records of past payments and credit use are kept
        without your name, because the books must still add up.
      </p>
    ),
  },
];

export default async function HelpPage() {
  const user = await requireUser();
  const feedback = await helpFeedbackOf(user.id);
  const updated = new Date(`${HELP_LAST_UPDATED}T12:00:00Z`);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Help"
        description={
          <>
            Credits, buying, auto-refill, receipts and what happens at zero. Last updated{" "}
            <time dateTime={HELP_LAST_UPDATED}>
              {updated.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" })}
            </time>
            .
          </>
        }
      />
      <nav aria-label="Questions" className="mb-6">
        <ul className="grid gap-1.5 text-sm sm:grid-cols-2">
          {answers.map((a) => (
            <li key={a.id}>
              <a href={`#${a.id}`} className="text-zinc-700 underline-offset-4 hover:underline dark:text-zinc-300">
                {a.question}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="space-y-4">
        {answers.map((a) => (
          <section
            key={a.id}
            id={a.id}
            aria-labelledby={`${a.id}-title`}
            className="scroll-mt-28 rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
          >
            <h2 id={`${a.id}-title`} className="text-base font-semibold">
              {a.question}
            </h2>
            <div className="mt-2 space-y-2 text-sm leading-relaxed text-zinc-700 dark:text-zinc-300">{a.answer}</div>
            <HelpfulVote answerId={a.id} initial={feedback[a.id] ?? null} />
          </section>
        ))}
      </div>
    </div>
  );
}
