/**
 * What a person reads when a card or a payment fails. Stripe's `message` is
 * written for developers as often as for cardholders ("…provide
 * payment_method_data or a new PaymentMethod…"), so it never reaches a user:
 * every door (the purchase panel, saved cards, Pro, auto-refill and its
 * notices) turns Stripe's codes into these sentences here. Pure, with no
 * server imports, so Stripe.js's errors in the browser go through it too.
 */

/** The parts of a Stripe error (SDK, Stripe.js, or a PaymentIntent's last_payment_error) that say what went wrong. */
export type PaymentProblem = {
  type?: string | null;
  code?: string | null;
  decline_code?: string | null;
  declineCode?: string | null;
};

/** Whether money was at stake ("payment") or a card was being saved for later ("card"). */
export type PaymentContext = "payment" | "card";

const NOTHING = { payment: "Nothing was charged.", card: "The card was not saved." } as const;
const authenticationRequired = {
  payment: "Your bank asks you to confirm this payment. Nothing was charged yet.",
  card: "Your bank asks you to confirm this card before it can be saved.",
} as const;

function sentence(problem: PaymentProblem, context: PaymentContext): string | null {
  const decline = problem.decline_code ?? problem.declineCode;
  const nothing = NOTHING[context];
  switch (problem.code) {
    case "payment_intent_authentication_failure":
    case "setup_intent_authentication_failure":
      return context === "payment"
        ? "Your bank couldn't confirm this payment. Nothing was charged. Try again, or use another card."
        : "Your bank couldn't confirm this card, so it was not saved. Try again, or use another card.";
    case "authentication_required":
      return authenticationRequired[context];
    case "expired_card":
      return `Your card has expired. ${nothing} Use another card.`;
    case "incorrect_cvc":
    case "invalid_cvc":
      return `The security code (CVC) is not right. ${nothing} Check it and try again.`;
    case "incorrect_number":
    case "invalid_number":
      return `The card number is not right. ${nothing} Check it and try again.`;
    case "invalid_expiry_month":
    case "invalid_expiry_year":
      return `The expiration date is not right. ${nothing} Check it and try again.`;
    case "processing_error":
      return `Your bank couldn't process the card just now. ${nothing} Try again in a moment.`;
  }
  if (decline === "insufficient_funds") return `Your card doesn't have enough funds. ${nothing} Use another card.`;
  if (decline === "expired_card") return `Your card has expired. ${nothing} Use another card.`;
  if (decline === "authentication_required") return authenticationRequired[context];
  if (problem.code === "card_declined" || problem.type === "card_error" || problem.type === "StripeCardError") {
    return `Your card was declined. ${nothing} Try another card, or ask your bank why.`;
  }
  return null;
}

/** The plain sentence for a failed payment or card; `fallback` when Stripe's answer says nothing about the card. */
export function paymentErrorMessage(
  problem: PaymentProblem | null | undefined,
  context: PaymentContext = "payment",
  fallback = context === "payment" ? "The payment did not go through. Nothing was charged. Try another card." : "The card could not be saved. Try another card.",
): string {
  return (problem && sentence(problem, context)) ?? fallback;
}
