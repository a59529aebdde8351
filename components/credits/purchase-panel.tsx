"use client";

import { CheckCircle2, Loader2, TriangleAlert } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import {
  purchaseCreditsAction,
  resumePurchaseAction,
  type PurchaseState,
} from "@/lib/payments/purchases/actions";
import { setAutoRefillOnAction } from "@/lib/payments/auto-refill/actions";
import { buttonClass } from "@/components/ui/button";
import { clearDismissed, CREDIT_PRICE_CENTS, creditPackages, answerEndsAttempt, attemptFor, autoRefillPossible, formatUsdExact, parseCustomAmount, type PurchaseAttempt } from "@/lib/credits/shared";
import { idle } from "@/lib/form-state";
import { TestInboxLink } from "@/components/auth/test-inbox-link";
import { StripeProvider, type CardEntryHandle } from "@/components/payments/stripe-elements";
import { AutoRefillBox, type AutoRefillNote } from "./auto-refill-box";
import { useBalance } from "./balance-provider";
import { CardPicker, type PayWith } from "./card-picker";
import { PackagePicker, type Choice } from "./package-picker";
import { PromoCodeBox } from "./promo-code-box";
import { RETURN_PARAMS, type PanelData } from "./panel-types";

const whole = new Intl.NumberFormat("en-US");
// Errors for an amount still being typed wait this long, so "1" on the way to "1000" is not scolded.
const TYPING_GRACE_MS = 700;
// Longer than any double-click interval (Windows allows up to 900 ms).
const SAME_PRESS_MS = 1500;

/** After a purchase succeeds: until when, and for which amount, a press is the rest of the one that bought. */
type QuietPress = { until: number; amount: string | null };

function restOfLastPress(quiet: QuietPress, amount: string): boolean {
  return performance.now() < quiet.until && amount === quiet.amount;
}

function defaultPayWith(data: PanelData): PayWith {
  const card = data.cards.find((c) => c.isDefault) ?? data.cards[0];
  return card ? { kind: "saved", cardId: card.id } : { kind: "new" };
}

/**
 * "Purchase More Credits" (credits-help.txt steps 1–5): Current Credits,
 * a package or a custom amount, a saved or new card, "Purchase Credits", and
 * the "Credit Auto-Refill" box. Rendered in the one dialog of the page
 * (PurchasePanelProvider); `heading` is the dialog's title.
 */
export function PurchasePanel({
  data,
  heading,
  intro,
  handleReturn,
  footer,
}: {
  data: PanelData;
  heading: ReactNode;
  intro?: ReactNode;
  /** This copy resumes a purchase when the card's authentication page sends the browser back. */
  handleReturn: boolean;
  footer?: ReactNode;
}) {
  const id = useId();
  const router = useRouter();
  const pathname = usePathname();
  const { balance } = useBalance();
  const formRef = useRef<HTMLFormElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const cardRef = useRef<CardEntryHandle>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  // Focus moves to the error once it is on screen: an effect of the render that shows it. (A
  // requestAnimationFrame from the handler could run before React had committed that render,
  // and a first error then went unfocused: seen once in CI, under load.)
  const [errorShown, setErrorShown] = useState(0);
  const focusError = useCallback(() => setErrorShown((n) => n + 1), []);
  useEffect(() => {
    if (errorShown) alertRef.current?.focus();
  }, [errorShown]);

  // One attempt id per intent to buy (what is bought, with which card): see attemptFor.
  const attempt = useRef<PurchaseAttempt | null>(null);
  const [choice, setChoice] = useState<Choice>({ kind: "package", index: 0 });
  const [lastPackage, setLastPackage] = useState(0);
  const [customText, setCustomText] = useState("");
  const [settledText, setSettledText] = useState("");
  const [checkedText, setCheckedText] = useState<string | null>(null);
  // Null: the default card (or a new card when none is saved), also after a purchase saved one.
  const [chosenPayWith, setPayWith] = useState<PayWith | null>(null);
  // The new card's PaymentMethod, kept while its attempt is open (an uncertain answer is retried with the same card).
  const newCard = useRef<string | null>(null);
  const [saveCard, setSaveCard] = useState(true);
  // With no saved card the box goes with the purchase (offered checked until the user chose once).
  const [wantsAutoRefill, setWantsAutoRefill] = useState(data.autoRefill.chosen ? data.autoRefill.enabled : true);
  // With a saved card the box is the setting: shown as the user set it while the save is on its way.
  const [boxShown, setBoxShown] = useState<boolean | null>(null);
  const [boxNote, setBoxNote] = useState<AutoRefillNote | null>(null);
  const boxSeq = useRef(0);
  const [cardNotice, setCardNotice] = useState<string>();
  const [state, setState] = useState<PurchaseState>(idle);
  const [busy, setBusy] = useState(false);
  const [authenticating, setAuthenticating] = useState(false);
  // Taken synchronously by the first press, before anything is awaited: a double click buys once.
  const lock = useRef(false);
  // Until then a press of the same amount is the rest of the press that just bought (a slow double click):
  // it buys nothing, even when the panel has meanwhile gone back to the default card. Another amount was
  // chosen on purpose (a double click cannot type one), so it is bought.
  const quiet = useRef<QuietPress>({ until: 0, amount: null });
  const pressedAmount = useRef<string | null>(null);

  // A saved card removed meanwhile (Settings › Billing) is no longer offered.
  const payWith: PayWith =
    !chosenPayWith || (chosenPayWith.kind === "saved" && !data.cards.some((c) => c.id === chosenPayWith.cardId))
      ? defaultPayWith(data)
      : chosenPayWith;

  /** What an answer means for the panel: the attempt ends (or not), the card is used up, the tab may prompt again. */
  const settleAnswer = useCallback((next: PurchaseState, savedNewCard: boolean) => {
    if (answerEndsAttempt(next)) {
      attempt.current = null;
      newCard.current = null;
    }
    if (next.status === "ok") quiet.current = { until: performance.now() + SAME_PRESS_MS, amount: pressedAmount.current };
    // Credits bought: a low-balance prompt dismissed earlier in this tab may open again when they run low.
    if (next.status === "ok" && "result" in next && next.result.kind === "succeeded") clearDismissed(window.sessionStorage);
    // A new card that was saved is now among the saved cards: offer it (the default) next time.
    if (next.status === "ok" && savedNewCard) setPayWith(null);
    setState(next);
    if (next.status === "error") focusError();
  }, [focusError]);

  /** After the bank's page (in-page, or the redirect fallback): finish the purchase and show how it went. */
  const resume = useCallback(
    async (attemptId: string, autoRefill: "on" | "off" | "keep", savedNewCard: boolean) => {
      const form = new FormData();
      form.set("intent", "resume");
      form.set("attemptId", attemptId);
      form.set("autoRefill", autoRefill);
      settleAnswer(await resumePurchaseAction(idle, form), savedNewCard);
    },
    [settleAnswer],
  );
  const result = state.status === "ok" && "result" in state ? state.result : null;
  const redirecting = result?.kind === "requires_action";
  const pending = busy || redirecting;

  // Back from the card's authentication page (the redirect fallback): finish that purchase and show how it went.
  useEffect(() => {
    if (!handleReturn) return;
    const params = new URLSearchParams(window.location.search);
    const returning = params.get("purchase");
    if (!returning) return;
    const box = params.get("auto_refill");
    const autoRefill = box === "on" || box === "off" ? box : "keep";
    // After this render: the answer is set when it arrives, not within the effect.
    setTimeout(() => void resume(returning, autoRefill, false), 0);
    const url = new URL(window.location.href);
    for (const key of RETURN_PARAMS) url.searchParams.delete(key);
    router.replace(`${url.pathname}${url.search}`, { scroll: false });
  }, [handleReturn, resume, router]);

  // Validation as you type, once the typing pauses (so "1" on the way to "1000" is not scolded), or on leaving the field.
  useEffect(() => {
    const timer = setTimeout(() => setSettledText(customText), TYPING_GRACE_MS);
    return () => clearTimeout(timer);
  }, [customText]);
  const custom = parseCustomAmount(customText);
  const serverCreditsError =
    state.status === "error" && state.values?.credits === customText ? state.fieldErrors?.credits : undefined;
  const customError =
    choice.kind !== "custom"
      ? undefined
      : !custom.ok && (settledText === customText || checkedText === customText)
        ? custom.message
        : serverCreditsError;

  const selected =
    choice.kind === "package"
      ? { credits: creditPackages[choice.index]!.credits, cents: creditPackages[choice.index]!.priceCents }
      : custom.ok
        ? { credits: custom.credits, cents: custom.amountCents }
        : null;
  const hasSavedCard = data.cards.length > 0;
  const canAutoRefill = autoRefillPossible({ hasSavedCard, payWith: payWith.kind, saveCard });
  const refillCard = data.cards.find((c) => c.id === data.autoRefill.paymentMethodId) ?? data.cards.find((c) => c.isDefault) ?? data.cards[0];

  /** The box with a saved card: saved at once; the latest change wins when changes cross on the way. */
  async function saveBox(on: boolean) {
    const seq = ++boxSeq.current;
    setBoxShown(on);
    setBoxNote(null);
    const form = new FormData();
    if (on) form.set("enabled", "on");
    const answer = await setAutoRefillOnAction(idle, form);
    if (seq !== boxSeq.current) return;
    // Not saved: the page's data is the truth again. Saved: the box keeps the new value until the
    // page's data, refreshed by the action, says so too (the action can answer before that data
    // is rendered, and clearing the box at once flashed the old value: CI caught it checked again).
    if (answer.status !== "ok") setBoxShown(null);
    setBoxNote({ tone: answer.status === "ok" ? "ok" : "error", text: ("message" in answer ? answer.message : undefined) ?? "" });
  }
  useEffect(() => {
    if (boxShown === data.autoRefill.enabled && boxSeq.current > 0) setBoxShown(null);
  }, [boxShown, data.autoRefill.enabled]);
  // On a small screen the answer may sit below the fold: bring it into view once it is rendered
  // (an effect, like the error's focus above, not a frame that may come before the render).
  useEffect(() => {
    if (boxNote) document.getElementById(`${id}-auto-refill-note`)?.scrollIntoView({ block: "nearest" });
  }, [boxNote, id]);

  /**
   * "Purchase Credits": one press tokenizes a new card (in Stripe's frame),
   * pays, and runs the bank's check in the page when it asks. The lock is
   * taken before anything is awaited, and one attempt id covers the press to
   * the end, so a double click — or a retry after an uncertain answer — is
   * charged once.
   */
  async function purchase() {
    const form = formRef.current;
    const amount = JSON.stringify([selected?.credits, selected?.cents]);
    if (!form || lock.current || restOfLastPress(quiet.current, amount)) return;
    setCardNotice(undefined);
    if (choice.kind === "custom" && !custom.ok) {
      setCheckedText(customText);
      document.getElementById(`${id}-amount`)?.focus();
      return;
    }
    lock.current = true;
    pressedAmount.current = amount;
    // What was chosen at the press, read before the form is disabled while it works (disabled fields are not submitted).
    const body = new FormData(form);
    setBusy(true);
    const savingNewCard = payWith.kind === "new" && saveCard;
    try {
      let pm = payWith.kind === "saved" ? payWith.cardId : newCard.current;
      if (!pm) {
        const card = await (cardRef.current?.createPaymentMethod() ?? Promise.resolve({ error: "Enter your card details." }));
        if ("error" in card) {
          setState({ status: "error", message: card.error, fieldErrors: { card: card.error } });
          focusError();
          return;
        }
        pm = newCard.current = card.paymentMethodId;
      }
      body.set("paymentMethodId", pm);
      // What the server compares an attempt by: the credits, their price and the card.
      const request = JSON.stringify([selected?.credits, selected?.cents, pm]);
      attempt.current = attemptFor(attempt.current, request, () => crypto.randomUUID());
      const attemptId = attempt.current.id;
      body.set("attemptId", attemptId);
      const next = await purchaseCreditsAction(state, body);
      if (next.status === "ok" && "result" in next && next.result.kind === "requires_action") {
        const stripe = cardRef.current?.stripe() ?? null;
        if (!stripe || !next.result.clientSecret) {
          // Stripe.js is not available: the bank's page, by redirect, is the way left.
          setState(next);
          window.location.assign(next.result.url);
          return;
        }
        setAuthenticating(true);
        try {
          await stripe.handleNextAction({ clientSecret: next.result.clientSecret });
        } finally {
          setAuthenticating(false);
        }
        await resume(attemptId, hasSavedCard ? "keep" : body.get("autoRefill") === "on" ? "on" : "off", savingNewCard);
        return;
      }
      settleAnswer(next, savingNewCard);
    } finally {
      lock.current = false;
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void purchase();
  };

  const succeeded = result?.kind === "succeeded";

  return (
    <StripeProvider config={data.payment}>
    <div className="space-y-5">
      <div className="pr-10 sm:pr-0">
        {heading}
        {data.sandbox ? (
          <p className="mt-1.5 inline-flex items-center rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-400/15 dark:text-amber-200">
            Test mode — no real charges
          </p>
        ) : null}
        {data.testInbox ? (
          <TestInboxLink href={data.testInbox} className="ml-2 text-xs font-medium text-amber-900 underline underline-offset-4 dark:text-amber-200" />
        ) : null}
      </div>
      <div
        role="group"
        aria-labelledby={`${id}-balance-label`}
        className="flex items-baseline justify-between gap-3 rounded-lg bg-zinc-50 px-4 py-3 dark:bg-zinc-950/50"
      >
        <p id={`${id}-balance-label`} className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
          Current Credits
        </p>
        <p className="text-2xl font-semibold tabular-nums">{whole.format(balance)}</p>
      </div>
      {intro}

      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5" aria-busy={pending || undefined}>
        <input type="hidden" name="choice" value={choice.kind} />
        <input type="hidden" name="packageIndex" value={choice.kind === "package" ? choice.index : ""} />
        <input type="hidden" name="credits" value={choice.kind === "custom" ? customText : ""} />
        <input type="hidden" name="payWith" value={payWith.kind} />
        <input type="hidden" name="returnPath" value={pathname} />

        <PackagePicker
          idPrefix={id}
          choice={choice}
          lastPackage={lastPackage}
          customText={customText}
          customError={customError}
          disabled={pending}
          onChoose={(next) => {
            setChoice(next);
            if (next.kind === "package") {
              setLastPackage(next.index);
              setCustomText("");
            }
          }}
          onCustomText={setCustomText}
          onCustomBlur={() => setCheckedText(customText)}
        />

        <div className="space-y-3">
          {/* Declines and card errors right above the card fields, where the next try happens; focus moves here. */}
          {state.status === "error" ? (
            <div
              ref={alertRef}
              tabIndex={-1}
              role="alert"
              className="flex scroll-mt-4 gap-2.5 rounded-lg border border-red-200 bg-red-50 px-3.5 py-3 text-sm text-red-800 outline-none focus-visible:ring-2 focus-visible:ring-red-400 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
            >
              <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
              <div>
                <p className="font-medium">{state.message}</p>
                <p className="mt-0.5">
                  {state.fieldErrors?.card
                    ? "Nothing was charged. Correct the card details and press “Purchase Credits” again."
                    : state.fieldErrors?.paymentMethodId
                      ? "No credits were added and nothing was charged. Pick another card, or add a new one."
                      : state.fieldErrors?.credits
                        ? "Change the amount and try again."
                        : "No credits were added. Try again in a moment."}
                </p>
              </div>
            </div>
          ) : null}
          <CardPicker
            idPrefix={id}
            data={data}
            payWith={payWith}
            cardRef={cardRef}
            saveCard={saveCard}
            disabled={pending}
            onPayWith={(next) => {
              setPayWith(next);
              setCardNotice(undefined);
            }}
            onCardChange={() => {
              // Another card typed: the next press tokenizes it afresh.
              newCard.current = null;
            }}
            onSaveCard={setSaveCard}
          />
          {cardNotice ? <p className="text-sm text-red-700 dark:text-red-400">{cardNotice}</p> : null}
        </div>

        <AutoRefillBox
          id={`${id}-auto-refill`}
          savesAtOnce={hasSavedCard}
          checked={hasSavedCard ? (boxShown ?? data.autoRefill.enabled) : canAutoRefill && wantsAutoRefill}
          disabled={hasSavedCard ? false : !canAutoRefill || pending}
          reason={
            canAutoRefill
              ? undefined
              : "Auto-refill charges a saved card: keep “Save this card” checked to use it."
          }
          thresholdCredits={data.autoRefill.thresholdCredits}
          size={data.autoRefill}
          monthlyLimitCents={data.autoRefill.monthlyLimitCents}
          cardLabel={refillCard?.label ?? null}
          pausedReason={data.autoRefill.enabled ? null : data.autoRefill.pausedReason}
          note={boxNote}
          onChange={(on) => (hasSavedCard ? void saveBox(on) : setWantsAutoRefill(on))}
        />

        <div>
          {succeeded && result ? (
            <div
              role="status"
              className="flex gap-2.5 rounded-lg border border-emerald-200 bg-emerald-50 px-3.5 py-3 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
            >
              <CheckCircle2 aria-hidden className="mt-0.5 size-4 shrink-0" />
              <div>
                <p className="font-medium">{whole.format(result.credits)} credits added</p>
                <p className="mt-0.5">Your Current Credits are updated. A receipt is in Settings › Billing.</p>
              </div>
            </div>
          ) : state.status === "ok" && result?.kind === "pending" ? (
            <p role="status" className="rounded-lg border border-zinc-200 px-3.5 py-3 text-sm dark:border-zinc-800">
              {state.message}
            </p>
          ) : null}
        </div>

        {/* The total and "Purchase Credits" stay in view at the bottom of the dialog while it scrolls. */}
        <div className="sticky bottom-0 z-10 -mb-5 flex flex-col-reverse gap-3 border-t border-zinc-200 bg-white pt-4 pb-5 sm:-mb-6 sm:flex-row sm:items-center sm:justify-between sm:pb-6 dark:border-zinc-800 dark:bg-zinc-900">
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
            {selected ? (
              <>
                Total <span className="font-semibold text-zinc-900 tabular-nums dark:text-zinc-100">{formatUsdExact(selected.cents)}</span>{" "}
                for {whole.format(selected.credits)} credits
              </>
            ) : (
              <>Enter an amount to see the total ({formatUsdExact(CREDIT_PRICE_CENTS)} a credit).</>
            )}
          </p>
          <div className="flex flex-col-reverse gap-2 sm:flex-row">
            {footer}
            <button ref={submitRef} type="submit" className={buttonClass("primary")} disabled={pending} aria-disabled={pending || undefined}>
              {pending ? (
                <>
                  <Loader2 aria-hidden className="size-4 animate-spin" />
                  {authenticating ? "Waiting for your bank…" : redirecting ? "Opening your bank’s page…" : "Purchasing…"}
                </>
              ) : (
                "Purchase Credits"
              )}
            </button>
          </div>
        </div>
      </form>
      {/* After the purchase form: the dialog's first stop stays the chosen package, and a code is the rarer errand. */}
      <PromoCodeBox />
    </div>
    </StripeProvider>
  );
}
