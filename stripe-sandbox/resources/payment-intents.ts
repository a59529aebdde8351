/** PaymentIntents: create (optionally confirming), retrieve, update, confirm, cancel, list. */
import type Stripe from "stripe";
import { endAuthentication } from "../authentication";
import type { Route, SandboxContext } from "../context";
import { invalidParam, resourceMissing, unexpectedState } from "../errors";
import { clientSecret, newId } from "../ids";
import { listObjects } from "../list";
import { checkClientSecret, readPaymentMethodConfig, requireReturnUrl } from "../intent-rules";
import { mergeMetadata, type Params } from "../params";
import { getCustomer } from "./customers";
import { confirmPaymentIntent } from "./payment-intent-confirm";
import { resolvePaymentMethod } from "./payment-methods";

export function getPaymentIntent(ctx: SandboxContext, id: string, param = "intent"): Stripe.PaymentIntent {
  const pi = ctx.state.data.paymentIntents[id];
  if (!pi) throw resourceMissing("payment_intent", id, param);
  return pi;
}

function readAmount(params: Params): number | undefined {
  const amount = params.int("amount");
  if (amount === undefined) return undefined;
  if (amount < 50) throw invalidParam("Amount must be at least $0.50 usd", "amount", "amount_too_small");
  if (amount > 99_999_999) throw invalidParam("Amount must be no more than $999,999.99", "amount", "amount_too_large");
  return amount;
}

/** `off_session` is a boolean or, for Stripe, `one_off` / `recurring` (both mean true). */
function readOffSession(params: Params): boolean | undefined {
  const v = params.string("off_session");
  if (v === undefined) return undefined;
  if (v === "true" || v === "one_off" || v === "recurring") return true;
  if (v === "false") return false;
  throw invalidParam(`Invalid off_session: ${v}`, "off_session");
}

/** What confirm accepts, at create (with confirm=true) or on /confirm. */
function readConfirmParams(params: Params) {
  const options = {
    paymentMethod: params.string("payment_method"),
    offSession: readOffSession(params),
    returnUrl: params.string("return_url"),
    errorOnRequiresAction: params.bool("error_on_requires_action"),
    useStripeSdk: params.bool("use_stripe_sdk") ?? false,
  };
  params.ignore("payment_method_options", "mandate_data", "expand");
  return options;
}

const create: Route = {
  method: "POST",
  path: "/v1/payment_intents",
  handler: (ctx, { params }) => {
    const amount = readAmount(params);
    if (amount === undefined) throw invalidParam("Missing required param: amount.", "amount", "parameter_missing");
    const currency = params.requiredString("currency").toLowerCase();
    const customer = params.string("customer");
    const confirm = params.bool("confirm") ?? false;
    const setupFutureUsage = params.oneOf("setup_future_usage", ["on_session", "off_session"] as const);
    const metadata = params.metadata();
    const description = params.string("description");
    const receiptEmail = params.string("receipt_email");
    const suffix = params.string("statement_descriptor_suffix", { max: 22 });
    const captureMethod = params.oneOf("capture_method", ["automatic", "automatic_async"] as const);
    const confirmationMethod = params.oneOf("confirmation_method", ["automatic", "manual"] as const);
    const methods = readPaymentMethodConfig(params);
    const confirmParams = readConfirmParams(params);
    params.done();

    if (!/^[a-z]{3}$/.test(currency)) throw invalidParam(`Invalid currency: ${currency}`, "currency");
    if (!confirm && (confirmParams.offSession !== undefined || confirmParams.returnUrl)) {
      const param = confirmParams.returnUrl ? "return_url" : "off_session";
      throw invalidParam(`You can only pass \`${param}\` when \`confirm\` is true.`, param);
    }
    if (customer) getCustomer(ctx, customer, "customer");
    const paymentMethod = confirmParams.paymentMethod
      ? resolvePaymentMethod(ctx, confirmParams.paymentMethod, "payment_method").id
      : null;
    if (confirm) {
      requireReturnUrl({ object: "payment_intent", automatic_payment_methods: methods.automatic }, confirmParams.returnUrl, confirmParams.useStripeSdk);
    }

    const id = newId("pi");
    const pi: Stripe.PaymentIntent = {
      id,
      object: "payment_intent",
      allowed_payment_method_types: methods.automatic ? null : ["card"],
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: methods.automatic,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod ?? "automatic_async",
      client_secret: clientSecret(id),
      confirmation_method: confirmationMethod ?? "automatic",
      created: ctx.now(),
      currency,
      customer: customer ?? null,
      customer_account: null,
      description: description ?? null,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      managed_payments: null,
      metadata: mergeMetadata({}, metadata),
      next_action: null,
      on_behalf_of: null,
      payment_method: paymentMethod,
      payment_method_configuration_details: null,
      payment_method_options: {
        card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
      },
      payment_method_types: methods.types,
      payment_record: null,
      processing: null,
      receipt_email: receiptEmail ?? null,
      review: null,
      setup_future_usage: setupFutureUsage ?? null,
      shipping: null,
      source: null,
      statement_descriptor: null,
      statement_descriptor_suffix: suffix ?? null,
      status: paymentMethod ? "requires_confirmation" : "requires_payment_method",
      transfer_data: null,
      transfer_group: null,
    } satisfies Stripe.PaymentIntent;
    ctx.state.data.paymentIntents[id] = pi;
    ctx.emit("payment_intent.created", pi);
    if (confirm) confirmPaymentIntent(ctx, pi, { ...confirmParams, paymentMethod: undefined, offSession: confirmParams.offSession ?? false });
    return pi;
  },
};

const update: Route = {
  method: "POST",
  path: "/v1/payment_intents/:id",
  handler: (ctx, { params, path }) => {
    const pi = getPaymentIntent(ctx, path.id ?? "");
    const amount = readAmount(params);
    const metadata = params.metadata();
    const description = params.nullableString("description");
    const receiptEmail = params.nullableString("receipt_email");
    const paymentMethod = params.string("payment_method");
    const customer = params.string("customer");
    const setupFutureUsage = params.oneOf("setup_future_usage", ["on_session", "off_session"] as const);
    params.done();
    if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(pi.status)) {
      throw unexpectedState(`You cannot update this PaymentIntent because it has a status of ${pi.status}.`, "payment_intent");
    }
    if (customer) getCustomer(ctx, customer, "customer");
    if (amount !== undefined) pi.amount = amount;
    if (metadata !== undefined) pi.metadata = mergeMetadata(pi.metadata, metadata);
    if (description !== undefined) pi.description = description;
    if (receiptEmail !== undefined) pi.receipt_email = receiptEmail;
    if (customer) pi.customer = customer;
    if (setupFutureUsage) pi.setup_future_usage = setupFutureUsage;
    if (paymentMethod) {
      // A new card needs a new confirmation, as in Stripe.
      pi.payment_method = resolvePaymentMethod(ctx, paymentMethod, "payment_method").id;
      pi.status = "requires_confirmation";
      pi.next_action = null;
      endAuthentication(ctx, pi.id);
    }
    // Stripe has no payment_intent.updated event: an update emits nothing.
    return pi;
  },
};

export const paymentIntentRoutes: Route[] = [
  create,
  update,
  {
    method: "GET",
    path: "/v1/payment_intents/:id",
    publishable: true,
    handler: (ctx, { params, path, key }) => {
      const secret = params.string("client_secret");
      params.done();
      const pi = getPaymentIntent(ctx, path.id ?? "");
      checkClientSecret(pi, key, secret);
      return pi;
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/confirm",
    publishable: true,
    handler: (ctx, { params, path, key }) => {
      const pi = getPaymentIntent(ctx, path.id ?? "");
      const secret = params.string("client_secret");
      const options = readConfirmParams(params);
      const sfu = params.oneOf("setup_future_usage", ["on_session", "off_session"] as const);
      params.done();
      checkClientSecret(pi, key, secret);
      // Stripe.js (the publishable key) runs next actions itself; the server must say where to come back.
      requireReturnUrl(pi, options.returnUrl, options.useStripeSdk || key === "publishable");
      if (sfu) pi.setup_future_usage = sfu;
      confirmPaymentIntent(ctx, pi, { ...options, useStripeSdk: options.useStripeSdk || key === "publishable", offSession: options.offSession ?? false });
      return pi;
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/cancel",
    handler: (ctx, { params, path }) => {
      const pi = getPaymentIntent(ctx, path.id ?? "");
      const reason = params.oneOf("cancellation_reason", ["duplicate", "fraudulent", "requested_by_customer", "abandoned"] as const);
      params.done();
      if (!["requires_payment_method", "requires_confirmation", "requires_action", "requires_capture", "processing"].includes(pi.status)) {
        throw unexpectedState(
          `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
          "payment_intent",
        );
      }
      endAuthentication(ctx, pi.id);
      Object.assign(pi, {
        status: "canceled",
        canceled_at: ctx.now(),
        cancellation_reason: reason ?? null,
        next_action: null,
      } satisfies Partial<Stripe.PaymentIntent>);
      ctx.emit("payment_intent.canceled", pi);
      return pi;
    },
  },
  {
    method: "GET",
    path: "/v1/payment_intents",
    handler: (ctx, { params }) => {
      const customer = params.string("customer");
      const list = listObjects({
        url: "/v1/payment_intents",
        items: Object.values(ctx.state.data.paymentIntents),
        params,
        filter: (pi) => customer === undefined || pi.customer === customer,
      });
      params.done();
      return list;
    },
  },
];
