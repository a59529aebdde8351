/** Customers: create, retrieve, update (incl. invoice_settings.default_payment_method), list. */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { newId, randomToken } from "../ids";
import { listObjects } from "../list";
import { mergeMetadata, type Params } from "../params";
import { attachPaymentMethod, getPaymentMethod } from "./payment-methods";

export function getCustomer(ctx: SandboxContext, id: string, param = "id"): Stripe.Customer {
  const customer = ctx.state.data.customers[id];
  if (!customer) throw resourceMissing("customer", id, param);
  return customer;
}

/** Only a card saved on this customer can be its default, as in Stripe. */
function defaultPaymentMethod(ctx: SandboxContext, customer: Stripe.Customer, settings: Params | undefined) {
  const id = settings?.nullableString("default_payment_method");
  if (id === undefined || id === null) return id;
  const pm = getPaymentMethod(ctx, id, "invoice_settings[default_payment_method]");
  if (pm.customer !== customer.id) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      "invoice_settings[default_payment_method]",
      "resource_missing",
    );
  }
  return id;
}

const create: Route = {
  method: "POST",
  path: "/v1/customers",
  handler: (ctx, { params }) => {
    const email = params.string("email", { max: 512 });
    const name = params.string("name", { max: 256 });
    const description = params.string("description");
    const phone = params.string("phone");
    const metadata = params.metadata();
    const paymentMethod = params.string("payment_method");
    const settings = params.object("invoice_settings");
    const testClock = params.string("test_clock");
    params.done();
    if (testClock && !ctx.state.data.testClocks[testClock]) throw resourceMissing("test_clock", testClock, "test_clock");

    const customer: Stripe.Customer = {
      id: newId("cus"),
      object: "customer",
      address: null,
      balance: 0,
      created: ctx.now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: description ?? null,
      discount: null,
      email: email ?? null,
      invoice_prefix: randomToken(8).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: mergeMetadata({}, metadata),
      name: name ?? null,
      next_invoice_sequence: 1,
      phone: phone ?? null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: "none",
      test_clock: testClock ?? null,
    } satisfies Stripe.Customer;
    ctx.state.data.customers[customer.id] = customer;
    ctx.emit("customer.created", customer);
    if (paymentMethod) attachPaymentMethod(ctx, paymentMethod, customer.id, "payment_method");
    const defaultPm = defaultPaymentMethod(ctx, customer, settings);
    if (defaultPm) customer.invoice_settings.default_payment_method = defaultPm;
    return customer;
  },
};

const update: Route = {
  method: "POST",
  path: "/v1/customers/:id",
  handler: (ctx, { params, path }) => {
    const customer = getCustomer(ctx, path.id ?? "");
    const email = params.nullableString("email");
    const name = params.nullableString("name");
    const description = params.nullableString("description");
    const phone = params.nullableString("phone");
    const metadata = params.metadata();
    const settings = params.object("invoice_settings");
    const defaultPm = defaultPaymentMethod(ctx, customer, settings);
    params.done();

    const previous: Partial<Stripe.Customer> = {};
    const set = <K extends "email" | "name" | "description" | "phone">(key: K, value: string | null | undefined) => {
      if (value === undefined || customer[key] === value) return;
      previous[key] = customer[key];
      customer[key] = value;
    };
    set("email", email);
    set("name", name);
    set("description", description);
    set("phone", phone);
    if (metadata !== undefined) {
      previous.metadata = customer.metadata;
      customer.metadata = mergeMetadata(customer.metadata, metadata);
    }
    if (defaultPm !== undefined && defaultPm !== customer.invoice_settings.default_payment_method) {
      previous.invoice_settings = structuredClone(customer.invoice_settings);
      customer.invoice_settings.default_payment_method = defaultPm;
    }
    if (Object.keys(previous).length > 0) ctx.emit("customer.updated", customer, previous);
    return customer;
  },
};

export const customerRoutes: Route[] = [
  create,
  update,
  {
    method: "GET",
    path: "/v1/customers/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      return getCustomer(ctx, path.id ?? "");
    },
  },
  {
    method: "GET",
    path: "/v1/customers",
    handler: (ctx, { params }) => {
      const email = params.string("email");
      const testClock = params.string("test_clock");
      const list = listObjects({
        url: "/v1/customers",
        items: Object.values(ctx.state.data.customers),
        params,
        filter: (c) => (email === undefined || c.email === email) && (testClock === undefined || c.test_clock === testClock),
      });
      params.done();
      return list;
    },
  },
];
