/**
 * PaymentMethods: created from card details with the publishable key (as
 * Stripe.js does in the browser), attached to / detached from customers,
 * listed, retrieved. `pm_card_visa`-style ids make a fresh card on each use.
 */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { ApiError, docUrl, invalidRequest, resourceMissing } from "../errors";
import { fingerprint, newId } from "../ids";
import { listObjects } from "../list";
import { mergeMetadata } from "../params";
import { declineFor, declinesOnSetup, luhnValid, testCardByNumber, testCardByPaymentMethodId, type TestCard } from "../test-cards";
import { getCustomer } from "./customers";

function cardError(code: string, message: string, param?: string, declineCode?: string): ApiError {
  return new ApiError(402, {
    type: "card_error",
    code,
    doc_url: docUrl(code),
    message,
    ...(param ? { param } : {}),
    ...(declineCode ? { decline_code: declineCode } : {}),
  });
}

function storeCard(
  ctx: SandboxContext,
  card: TestCard,
  details: { expMonth: number; expYear: number; billing?: Stripe.PaymentMethod.BillingDetails; metadata?: Record<string, string> },
): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: details.billing ?? { address: null, email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: card.brand,
      exp_month: details.expMonth,
      exp_year: details.expYear,
      fingerprint: fingerprint(),
      funding: card.funding,
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: ctx.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: details.metadata ?? {},
    type: "card",
  } satisfies Stripe.PaymentMethod;
  ctx.state.data.paymentMethods[pm.id] = pm;
  ctx.state.data.cards[pm.id] = { behaviour: card.behaviour, offSessionReady: false };
  return pm;
}

export function getPaymentMethod(ctx: SandboxContext, id: string, param = "id"): Stripe.PaymentMethod {
  const pm = ctx.state.data.paymentMethods[id];
  if (!pm) throw resourceMissing("PaymentMethod", id, param);
  return pm;
}

/** A stored PaymentMethod, or a fresh one for a `pm_card_…` test id. */
export function resolvePaymentMethod(ctx: SandboxContext, id: string, param: string): Stripe.PaymentMethod {
  const test = testCardByPaymentMethodId(id);
  if (test) {
    const year = new Date(ctx.now() * 1000).getUTCFullYear() + 1;
    return storeCard(ctx, test, { expMonth: 12, expYear: year });
  }
  return getPaymentMethod(ctx, id, param);
}

export function attachPaymentMethod(ctx: SandboxContext, id: string, customerId: string, param = "payment_method") {
  const customer = getCustomer(ctx, customerId, "customer");
  const pm = resolvePaymentMethod(ctx, id, param);
  if (pm.customer === customer.id) return pm;
  if (pm.customer) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", param);
  }
  // Saving a card runs a check with the issuer: cards that decline everything decline here too.
  const behaviour = ctx.state.data.cards[pm.id]?.behaviour;
  if (behaviour && declinesOnSetup(behaviour)) {
    const d = declineFor(behaviour);
    throw cardError(d.code, d.message, d.param, d.decline_code);
  }
  pm.customer = customer.id;
  ctx.emit("payment_method.attached", pm, { customer: null });
  return pm;
}

export function detachPaymentMethod(ctx: SandboxContext, pm: Stripe.PaymentMethod) {
  const customerId = typeof pm.customer === "string" ? pm.customer : pm.customer?.id;
  if (!customerId) {
    throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.", "payment_method");
  }
  pm.customer = null;
  ctx.emit("payment_method.detached", pm, { customer: customerId });
  // Stripe clears a customer's default when that card goes.
  const customer = ctx.state.data.customers[customerId];
  if (customer && customer.invoice_settings.default_payment_method === pm.id) {
    const previous = { invoice_settings: structuredClone(customer.invoice_settings) };
    customer.invoice_settings.default_payment_method = null;
    ctx.emit("customer.updated", customer, previous);
  }
  return pm;
}

const create: Route = {
  method: "POST",
  path: "/v1/payment_methods",
  publishable: true,
  handler: (ctx, { params, key }) => {
    params.oneOf("type", ["card"] as const);
    const card = params.object("card");
    const billing = params.object("billing_details");
    const metadata = params.metadata();
    params.ignore("payment_user_agent", "time_on_page", "guid", "muid", "sid", "allow_redisplay");
    const number = card?.string("number")?.replace(/[\s-]/g, "");
    const expMonth = card?.int("exp_month");
    const expYearRaw = card?.int("exp_year");
    const cvc = card?.string("cvc");
    const address = billing?.object("address");
    const billingDetails: Stripe.PaymentMethod.BillingDetails = {
      address: address
        ? {
            city: address.string("city") ?? null,
            country: address.string("country") ?? null,
            line1: address.string("line1") ?? null,
            line2: address.string("line2") ?? null,
            postal_code: address.string("postal_code") ?? null,
            state: address.string("state") ?? null,
          }
        : null,
      email: billing?.string("email") ?? null,
      name: billing?.string("name") ?? null,
      phone: billing?.string("phone") ?? null,
      tax_id: null,
    };
    params.done();

    if (key === "secret" && number) {
      // Stripe refuses raw card numbers from servers; so does the sandbox, keeping the app honest.
      throw invalidRequest(
        "Sending credit card numbers directly to the Stripe API is generally unsafe. Tokenize the card in the browser with the publishable key.",
        "card[number]",
      );
    }
    if (!number) throw invalidRequest("Missing required param: card[number].", "card[number]", "parameter_missing");
    if (!luhnValid(number)) throw cardError("incorrect_number", "Your card number is incorrect.", "number");
    const test = testCardByNumber(number);
    if (!test) {
      throw cardError(
        "card_declined",
        "Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
        undefined,
        "test_mode_live_card",
      );
    }
    if (expMonth === undefined || expMonth < 1 || expMonth > 12) {
      throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", "exp_month");
    }
    const expYear = expYearRaw !== undefined && expYearRaw < 100 ? 2000 + expYearRaw : expYearRaw;
    const today = new Date(ctx.now() * 1000);
    const thisMonth = today.getUTCFullYear() * 12 + today.getUTCMonth();
    if (expYear === undefined || expYear > today.getUTCFullYear() + 50 || expYear * 12 + (expMonth - 1) < thisMonth) {
      throw cardError("invalid_expiry_year", "Your card's expiration year is invalid.", "exp_year");
    }
    const cvcLength = test.brand === "amex" ? 4 : 3;
    if (cvc !== undefined && !new RegExp(`^\\d{${cvcLength}}$`).test(cvc)) {
      throw cardError("invalid_cvc", "Your card's security code is invalid.", "cvc");
    }
    return storeCard(ctx, test, { expMonth, expYear, billing: billingDetails, metadata: mergeMetadata({}, metadata) });
  },
};

function listFor(ctx: SandboxContext, customer: string, params: import("../params").Params, url: string) {
  getCustomer(ctx, customer, "customer");
  params.oneOf("type", ["card"] as const);
  params.ignore("allow_redisplay");
  const list = listObjects({
    url,
    items: Object.values(ctx.state.data.paymentMethods),
    params,
    filter: (pm) => pm.customer === customer,
  });
  params.done();
  return list;
}

export const paymentMethodRoutes: Route[] = [
  create,
  {
    method: "GET",
    path: "/v1/payment_methods/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      return getPaymentMethod(ctx, path.id ?? "");
    },
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/attach",
    handler: (ctx, { params, path }) => {
      const customer = params.requiredString("customer");
      params.done();
      return attachPaymentMethod(ctx, path.id ?? "", customer, "payment_method");
    },
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/detach",
    handler: (ctx, { params, path }) => {
      params.done();
      return detachPaymentMethod(ctx, getPaymentMethod(ctx, path.id ?? ""));
    },
  },
  {
    method: "GET",
    path: "/v1/payment_methods",
    handler: (ctx, { params }) => listFor(ctx, params.requiredString("customer"), params, "/v1/payment_methods"),
  },
  {
    method: "GET",
    path: "/v1/customers/:id/payment_methods",
    handler: (ctx, { params, path }) =>
      listFor(ctx, path.id ?? "", params, `/v1/customers/${path.id ?? ""}/payment_methods`),
  },
];
