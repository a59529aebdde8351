/** Products and prices: create, retrieve, list (prices by lookup_keys[] too). */
import type Stripe from "stripe";
import type { Route, SandboxContext } from "../context";
import { invalidParam, invalidRequest, resourceMissing } from "../errors";
import { newId } from "../ids";
import { listObjects } from "../list";
import { mergeMetadata } from "../params";

export function getProduct(ctx: SandboxContext, id: string, param = "id"): Stripe.Product {
  const product = ctx.state.data.products[id];
  if (!product) throw resourceMissing("product", id, param);
  return product;
}

export function getPrice(ctx: SandboxContext, id: string, param = "id"): Stripe.Price {
  const price = ctx.state.data.prices[id];
  if (!price) throw resourceMissing("price", id, param);
  return price;
}

const createProduct: Route = {
  method: "POST",
  path: "/v1/products",
  handler: (ctx, { params }) => {
    const name = params.requiredString("name");
    const id = params.string("id");
    const description = params.string("description");
    const active = params.bool("active") ?? true;
    const metadata = params.metadata();
    params.done();
    if (id && ctx.state.data.products[id]) throw invalidRequest(`Product already exists.`, "id", "resource_already_exists");
    const now = ctx.now();
    const product: Stripe.Product = {
      id: id ?? newId("prod"),
      object: "product",
      active,
      created: now,
      default_price: null,
      description: description ?? null,
      images: [],
      livemode: false,
      marketing_features: [],
      metadata: mergeMetadata({}, metadata),
      name,
      package_dimensions: null,
      shippable: null,
      statement_descriptor: null,
      tax_code: null,
      tax_details: null,
      type: "service",
      unit_label: null,
      updated: now,
      url: null,
    } satisfies Stripe.Product;
    ctx.state.data.products[product.id] = product;
    ctx.emit("product.created", product);
    return product;
  },
};

const createPrice: Route = {
  method: "POST",
  path: "/v1/prices",
  handler: (ctx, { params }) => {
    const currency = params.requiredString("currency").toLowerCase();
    const productId = params.requiredString("product");
    const unitAmount = params.int("unit_amount", { min: 0 });
    const recurringParams = params.object("recurring");
    const interval = recurringParams?.oneOf("interval", ["day", "week", "month", "year"] as const);
    const intervalCount = recurringParams?.int("interval_count", { min: 1, max: 12 }) ?? 1;
    const lookupKey = params.string("lookup_key", { max: 200 });
    const transferLookupKey = params.bool("transfer_lookup_key") ?? false;
    const nickname = params.string("nickname");
    const active = params.bool("active") ?? true;
    const metadata = params.metadata();
    params.ignore("tax_behavior");
    params.done();
    if (unitAmount === undefined) throw invalidParam("Missing required param: unit_amount.", "unit_amount", "parameter_missing");
    if (recurringParams && !interval) throw invalidParam("Missing required param: recurring[interval].", "recurring[interval]", "parameter_missing");
    getProduct(ctx, productId, "product");
    if (lookupKey) {
      const holder = Object.values(ctx.state.data.prices).find((p) => p.lookup_key === lookupKey);
      if (holder && !transferLookupKey) {
        throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, "lookup_key");
      }
      if (holder) holder.lookup_key = null;
    }
    const price: Stripe.Price = {
      id: newId("price"),
      object: "price",
      active,
      billing_scheme: "per_unit",
      created: ctx.now(),
      currency,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: lookupKey ?? null,
      metadata: mergeMetadata({}, metadata),
      nickname: nickname ?? null,
      product: productId,
      recurring: interval
        ? { interval, interval_count: intervalCount, meter: null, trial_period_days: null, usage_type: "licensed" }
        : null,
      tax_behavior: "unspecified",
      tiers_mode: null,
      transform_quantity: null,
      type: interval ? "recurring" : "one_time",
      unit_amount: unitAmount,
      unit_amount_decimal: null,
    } satisfies Stripe.Price;
    ctx.state.data.prices[price.id] = price;
    ctx.emit("price.created", price);
    return price;
  },
};

export const productRoutes: Route[] = [
  createProduct,
  {
    method: "GET",
    path: "/v1/products/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      return getProduct(ctx, path.id ?? "");
    },
  },
  {
    method: "GET",
    path: "/v1/products",
    handler: (ctx, { params }) => {
      const active = params.bool("active");
      const ids = params.strings("ids");
      const list = listObjects({
        url: "/v1/products",
        items: Object.values(ctx.state.data.products),
        params,
        filter: (p) => (active === undefined || p.active === active) && (!ids || ids.includes(p.id)),
      });
      params.done();
      return list;
    },
  },
  createPrice,
  {
    method: "GET",
    path: "/v1/prices/:id",
    handler: (ctx, { params, path }) => {
      params.done();
      return getPrice(ctx, path.id ?? "");
    },
  },
  {
    method: "GET",
    path: "/v1/prices",
    handler: (ctx, { params }) => {
      const active = params.bool("active");
      const product = params.string("product");
      const type = params.oneOf("type", ["one_time", "recurring"] as const);
      const lookupKeys = params.strings("lookup_keys");
      const list = listObjects({
        url: "/v1/prices",
        items: Object.values(ctx.state.data.prices),
        params,
        filter: (p) =>
          (active === undefined || p.active === active) &&
          (product === undefined || p.product === product) &&
          (type === undefined || p.type === type) &&
          (!lookupKeys || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))),
      });
      params.done();
      return list;
    },
  },
];
