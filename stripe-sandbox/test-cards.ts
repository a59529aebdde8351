/**
 * Stripe's test cards and what they do (https://docs.stripe.com/testing).
 * Only these numbers are accepted: like Stripe in test mode, a real card
 * number is declined with `test_mode_live_card`.
 */
import { passesLuhn } from "./luhn";

export type CardBehaviour =
  | "succeeds"
  | "declined_generic"
  | "declined_insufficient_funds"
  | "declined_expired"
  /** 4000 0025 0000 3155: authentication on-session; off-session only once set up. */
  | "auth_unless_setup"
  /** 4000 0027 6000 3184: authentication every time; off-session always fails. */
  | "auth_always"
  /** 4000 0000 0000 0341: attaches, every charge declined. */
  | "charge_fails"
  /** 4000 0000 0000 0259: succeeds, then a dispute is opened. */
  | "disputed";

export interface TestCard {
  number: string;
  brand: "visa" | "mastercard" | "amex" | "discover";
  funding: "credit" | "debit";
  behaviour: CardBehaviour;
}

const CARDS: TestCard[] = [
  { number: "4242424242424242", brand: "visa", funding: "credit", behaviour: "succeeds" },
  { number: "4000056655665556", brand: "visa", funding: "debit", behaviour: "succeeds" },
  { number: "5555555555554444", brand: "mastercard", funding: "credit", behaviour: "succeeds" },
  { number: "378282246310005", brand: "amex", funding: "credit", behaviour: "succeeds" },
  { number: "6011111111111117", brand: "discover", funding: "credit", behaviour: "succeeds" },
  { number: "4000000000000002", brand: "visa", funding: "credit", behaviour: "declined_generic" },
  { number: "4000000000009995", brand: "visa", funding: "credit", behaviour: "declined_insufficient_funds" },
  { number: "4000000000000069", brand: "visa", funding: "credit", behaviour: "declined_expired" },
  { number: "4000002500003155", brand: "visa", funding: "credit", behaviour: "auth_unless_setup" },
  { number: "4000002760003184", brand: "visa", funding: "credit", behaviour: "auth_always" },
  { number: "4000000000000341", brand: "visa", funding: "credit", behaviour: "charge_fails" },
  { number: "4000000000000259", brand: "visa", funding: "credit", behaviour: "disputed" },
];

/** Stripe's test PaymentMethod ids: each use makes a fresh PaymentMethod of that card. */
const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_discover: "6011111111111117",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_authenticationRequiredOnSetup: "4000002500003155",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_chargeCustomerFail: "4000000000000341",
  pm_card_createDispute: "4000000000000259",
};

/** Every test card number (the e2e run's log scan looks for each of them). */
export function testCardNumbers(): string[] {
  return CARDS.map((c) => c.number);
}

export function testCardByNumber(number: string): TestCard | undefined {
  return CARDS.find((c) => c.number === number);
}

export function testCardByPaymentMethodId(id: string): TestCard | undefined {
  const number = TEST_PAYMENT_METHODS[id];
  return number ? testCardByNumber(number) : undefined;
}

export function luhnValid(number: string): boolean {
  return /^\d{12,19}$/.test(number) && passesLuhn(number);
}

export type Decline = { code: string; decline_code?: string; message: string; param?: string };

/** The error Stripe returns for a declining card (also used for authentication failures off-session). */
export function declineFor(behaviour: CardBehaviour | "authentication_required"): Decline {
  switch (behaviour) {
    case "declined_insufficient_funds":
      return { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." };
    case "declined_expired":
      return { code: "expired_card", decline_code: "expired_card", message: "Your card has expired.", param: "exp_month" };
    case "authentication_required":
      return {
        code: "authentication_required",
        decline_code: "authentication_required",
        message:
          "Your card was declined. This transaction requires authentication.",
      };
    default:
      return { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." };
  }
}

/** Cards whose issuer declines even the check made when the card is saved. */
export function declinesOnSetup(behaviour: CardBehaviour): boolean {
  return behaviour === "declined_generic" || behaviour === "declined_insufficient_funds" || behaviour === "declined_expired";
}
