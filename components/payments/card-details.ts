/**
 * Card details in the browser, for the sandbox card form: formatting as the
 * user types, the inline validation Stripe Elements does (same messages), and
 * tokenizing with the sandbox's publishable key. Nothing here runs on the
 * app's server: card numbers go from the browser to the sandbox only.
 */
export type CardField = "number" | "expiry" | "cvc";
export type CardErrors = Partial<Record<CardField, string>>;

export interface CardInput {
  number: string;
  expiry: string;
  cvc: string;
}

export interface CardData {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

const digits = (s: string) => s.replace(/\D/g, "");
const isAmex = (number: string) => /^3[47]/.test(number);

export function formatCardNumber(raw: string): string {
  const d = digits(raw).slice(0, 19);
  // American Express groups 4-6-5; other brands in fours.
  const groups = isAmex(d) ? [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)] : d.match(/.{1,4}/g) ?? [];
  return groups.filter(Boolean).join(" ");
}

export function formatExpiry(raw: string): string {
  let d = digits(raw).slice(0, 4);
  // "4" means April: a first digit above 1 cannot start a two-digit month.
  if (d.length === 1 && d > "1") d = `0${d}`;
  return d.length > 2 ? `${d.slice(0, 2)} / ${d.slice(2)}` : d;
}

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let n = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

export function validateCard(input: CardInput, today = new Date()): { errors: CardErrors; card?: CardData } {
  const errors: CardErrors = {};
  const number = digits(input.number);
  const needed = isAmex(number) ? 15 : 16;
  if (number.length === 0) errors.number = "Enter your card number.";
  else if (number.length < needed && !(number.length >= 12 && luhn(number))) errors.number = "Your card number is incomplete.";
  else if (!luhn(number)) errors.number = "Your card number is invalid.";

  const [mm = "", yy = ""] = input.expiry.split("/").map((p) => digits(p));
  const month = Number(mm);
  const year = 2000 + Number(yy);
  if (!mm && !yy) errors.expiry = "Enter the expiration date.";
  else if (mm.length !== 2 || yy.length !== 2) errors.expiry = "Your card's expiration date is incomplete.";
  else if (month < 1 || month > 12) errors.expiry = "Your card's expiration date is invalid.";
  else if (year * 12 + month < today.getFullYear() * 12 + today.getMonth() + 1) {
    errors.expiry = "Your card's expiration date is in the past.";
  }

  const cvc = digits(input.cvc);
  const cvcLength = isAmex(number) ? 4 : 3;
  if (cvc.length === 0) errors.cvc = "Enter the security code.";
  else if (cvc.length < cvcLength) errors.cvc = "Your card's security code is incomplete.";

  if (Object.keys(errors).length > 0) return { errors };
  return { errors, card: { number, exp_month: month, exp_year: year, cvc } };
}

/** Which field a sandbox (Stripe) error's `param` is about. */
function fieldOf(param: unknown): CardField | undefined {
  if (param === "number" || param === "card[number]") return "number";
  if (typeof param === "string" && /exp_(month|year)/.test(param)) return "expiry";
  if (param === "cvc" || param === "card[cvc]") return "cvc";
  return undefined;
}

export type TokenizeResult = { id: string } | { error: { field?: CardField; message: string } };

/**
 * Creates a PaymentMethod at the sandbox as Stripe.js does: a form POST with
 * the publishable key in the body (a "simple" request, so no preflight).
 */
export async function tokenizeCard(options: { sandboxUrl: string; publishableKey: string; card: CardData }): Promise<TokenizeResult> {
  const body = new URLSearchParams({
    key: options.publishableKey,
    type: "card",
    "card[number]": options.card.number,
    "card[exp_month]": String(options.card.exp_month),
    "card[exp_year]": String(options.card.exp_year),
    "card[cvc]": options.card.cvc,
  });
  let response: Response;
  try {
    response = await fetch(new URL("/v1/payment_methods", options.sandboxUrl), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
  } catch {
    return { error: { message: "The payment service could not be reached. Check your connection and try again." } };
  }
  const json: unknown = await response.json().catch(() => null);
  const record = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
  if (response.ok && typeof record.id === "string") return { id: record.id };
  const error = typeof record.error === "object" && record.error !== null ? (record.error as Record<string, unknown>) : {};
  const message = typeof error.message === "string" ? error.message : "Your card could not be saved. Try again.";
  return { error: { field: fieldOf(error.param), message } };
}
