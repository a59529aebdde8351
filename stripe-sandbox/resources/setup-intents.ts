/**
 * SetupIntents: save a card for later (usage off_session by default). A card
 * set up for off-session use is remembered (CardRecord.offSessionReady), which
 * is what lets a 3155 card pay off-session afterwards.
 */
import type Stripe from "stripe";
import { endAuthentication, evaluateCard, requestAuthentication } from "../authentication";
import type { Route, SandboxContext } from "../context";
import { ApiError, docUrl, invalidRequest, resourceMissing, unexpectedState } from "../errors";
import { clientSecret, newId } from "../ids";
import { listObjects } from "../list";
import { checkClientSecret, readPaymentMethodConfig, requireReturnUrl } from "../intent-rules";
import { mergeMetadata } from "../params";
import { getCustomer } from "./customers";
import { getPaymentMethod, resolvePaymentMethod } from "./payment-methods";

export function getSetupIntent(ctx: SandboxContext, id: string, param = "intent"): Stripe.SetupIntent {
  const si = ctx.state.data.setupIntents[id];
  if (!si) throw resourceMissing("setup_intent", id, param);
  return si;
}

const CONFIRMABLE: Stripe.SetupIntent.Status[] = ["requires_payment_method", "requires_confirmation", "requires_action"];

function confirmSetupIntent(ctx: SandboxContext, si: Stripe.SetupIntent, paymentMethod?: string, returnUrl?: string) {
  if (!CONFIRMABLE.includes(si.status)) {
    throw unexpectedState(
      `You cannot confirm this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
      "setup_intent",
    );
  }
  if (paymentMethod) si.payment_method = resolvePaymentMethod(ctx, paymentMethod, "payment_method").id;
  if (typeof si.payment_method !== "string") {
    throw unexpectedState("You cannot confirm this SetupIntent because it's missing a payment method.", "setup_intent");
  }
  const pm = getPaymentMethod(ctx, si.payment_method, "payment_method");
  if (pm.customer && si.customer && pm.customer !== si.customer) {
    throw invalidRequest("The provided PaymentMethod was previously attached to a different Customer.", "payment_method");
  }
  endAuthentication(ctx, si.id);
  const attempt = evaluateCard(ctx.state.data.cards[pm.id], "setup", { offSession: false });
  if (attempt.result === "succeeded") return succeedSetup(ctx, si, pm);
  if (attempt.result === "requires_action") {
    si.status = "requires_action";
    si.next_action = requestAuthentication(ctx, "setup_intent", si.id, returnUrl ?? null);
    ctx.emit("setup_intent.requires_action", si);
    return;
  }
  const error: Stripe.SetupIntent.LastSetupError = { type: "card_error", ...attempt.decline, doc_url: docUrl(attempt.decline.code) };
  failSetup(ctx, si, pm, error);
  throw new ApiError(402, {
    ...error,
    message: attempt.decline.message,
    setup_intent: structuredClone(si),
    payment_method: structuredClone(pm),
  });
}

function succeedSetup(ctx: SandboxContext, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod) {
  if (typeof si.customer === "string" && !pm.customer) {
    pm.customer = si.customer;
    ctx.emit("payment_method.attached", pm, { customer: null });
  }
  const card = ctx.state.data.cards[pm.id];
  if (card && si.usage === "off_session") card.offSessionReady = true;
  Object.assign(si, { status: "succeeded", next_action: null, last_setup_error: null } satisfies Partial<Stripe.SetupIntent>);
  ctx.emit("setup_intent.succeeded", si);
}

function failSetup(ctx: SandboxContext, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod, error: Stripe.SetupIntent.LastSetupError) {
  Object.assign(si, {
    status: "requires_payment_method",
    payment_method: null,
    next_action: null,
    last_setup_error: { ...error, payment_method: structuredClone(pm), payment_method_type: "card" },
  } satisfies Partial<Stripe.SetupIntent>);
  ctx.emit("setup_intent.setup_failed", si);
}

export function completeSetupAuthentication(ctx: SandboxContext, si: Stripe.SetupIntent, success: boolean): void {
  endAuthentication(ctx, si.id);
  const pm = getPaymentMethod(ctx, String(si.payment_method), "payment_method");
  if (success) return succeedSetup(ctx, si, pm);
  failSetup(ctx, si, pm, {
    type: "card_error",
    code: "setup_intent_authentication_failure",
    doc_url: docUrl("setup_intent_authentication_failure"),
    message:
      "The latest attempt to set up the payment method has failed because authentication failed. Provide a new payment method to attempt to set it up again.",
  });
}

const create: Route = {
  method: "POST",
  path: "/v1/setup_intents",
  handler: (ctx, { params }) => {
    const customer = params.string("customer");
    const paymentMethod = params.string("payment_method");
    const usage = params.oneOf("usage", ["on_session", "off_session"] as const) ?? "off_session";
    const confirm = params.bool("confirm") ?? false;
    const returnUrl = params.string("return_url");
    const metadata = params.metadata();
    const description = params.string("description");
    const methods = readPaymentMethodConfig(params);
    const useStripeSdk = params.bool("use_stripe_sdk") ?? false;
    params.ignore("payment_method_options", "mandate_data");
    params.done();
    if (returnUrl && !confirm) throw invalidRequest("You can only pass `return_url` when `confirm` is true.", "return_url");
    if (customer) getCustomer(ctx, customer, "customer");
    const pm = paymentMethod ? resolvePaymentMethod(ctx, paymentMethod, "payment_method").id : null;
    if (confirm) requireReturnUrl({ object: "setup_intent", automatic_payment_methods: methods.automatic }, returnUrl, useStripeSdk);

    const id = newId("seti");
    const si: Stripe.SetupIntent = {
      id,
      object: "setup_intent",
      allowed_payment_method_types: methods.automatic ? null : ["card"],
      application: null,
      automatic_payment_methods: methods.automatic,
      cancellation_reason: null,
      client_secret: clientSecret(id),
      created: ctx.now(),
      customer: customer ?? null,
      description: description ?? null,
      excluded_payment_method_types: null,
      flow_directions: null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: mergeMetadata({}, metadata),
      next_action: null,
      on_behalf_of: null,
      payment_method: pm,
      payment_method_configuration_details: null,
      payment_method_options: {
        card: { mandate_options: null, network: null, request_three_d_secure: "automatic" },
      },
      payment_method_types: methods.types,
      single_use_mandate: null,
      status: pm ? "requires_confirmation" : "requires_payment_method",
      usage,
    } satisfies Stripe.SetupIntent;
    ctx.state.data.setupIntents[id] = si;
    ctx.emit("setup_intent.created", si);
    if (confirm) confirmSetupIntent(ctx, si, undefined, returnUrl);
    return si;
  },
};

export const setupIntentRoutes: Route[] = [
  create,
  {
    method: "GET",
    path: "/v1/setup_intents/:id",
    publishable: true,
    handler: (ctx, { params, path, key }) => {
      const secret = params.string("client_secret");
      params.done();
      const si = getSetupIntent(ctx, path.id ?? "");
      checkClientSecret(si, key, secret);
      return si;
    },
  },
  {
    method: "POST",
    path: "/v1/setup_intents/:id/confirm",
    publishable: true,
    handler: (ctx, { params, path, key }) => {
      const si = getSetupIntent(ctx, path.id ?? "");
      const secret = params.string("client_secret");
      const paymentMethod = params.string("payment_method");
      const returnUrl = params.string("return_url");
      const useStripeSdk = params.bool("use_stripe_sdk") ?? false;
      params.ignore("payment_method_options", "mandate_data");
      params.done();
      checkClientSecret(si, key, secret);
      requireReturnUrl(si, returnUrl, useStripeSdk || key === "publishable");
      confirmSetupIntent(ctx, si, paymentMethod, returnUrl);
      return si;
    },
  },
  {
    method: "POST",
    path: "/v1/setup_intents/:id/cancel",
    handler: (ctx, { params, path }) => {
      const si = getSetupIntent(ctx, path.id ?? "");
      const reason = params.oneOf("cancellation_reason", ["abandoned", "duplicate", "requested_by_customer"] as const);
      params.done();
      if (!CONFIRMABLE.includes(si.status)) {
        throw unexpectedState(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`, "setup_intent");
      }
      endAuthentication(ctx, si.id);
      Object.assign(si, { status: "canceled", cancellation_reason: reason ?? null, next_action: null } satisfies Partial<Stripe.SetupIntent>);
      ctx.emit("setup_intent.canceled", si);
      return si;
    },
  },
  {
    method: "GET",
    path: "/v1/setup_intents",
    handler: (ctx, { params }) => {
      const customer = params.string("customer");
      const list = listObjects({
        url: "/v1/setup_intents",
        items: Object.values(ctx.state.data.setupIntents),
        params,
        filter: (si) => customer === undefined || si.customer === customer,
      });
      params.done();
      return list;
    },
  },
];
