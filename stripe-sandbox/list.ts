/**
 * Stripe's cursor pagination: newest first, `limit` (1–100, default 10),
 * `starting_after` / `ending_before` an object id, `has_more`, and the
 * `created` filter (`created=<ts>` or `created[gt|gte|lt|lte]=<ts>`).
 */
import type Stripe from "stripe";
import { resourceMissing } from "./errors";
import type { Params } from "./params";

interface Listable {
  id: string;
  created: number;
}

export interface ListOptions<T extends Listable> {
  url: string;
  /** The collection, oldest first (insertion order). */
  items: T[];
  params: Params;
  /** Resource-specific filters (customer=, payment_intent=, type= …), applied before paging. */
  filter?: (item: T) => boolean;
}

export function listObjects<T extends Listable>({ url, items, params, filter }: ListOptions<T>): Stripe.ApiList<T> {
  const limit = params.int("limit", { min: 1, max: 100 }) ?? 10;
  const startingAfter = params.string("starting_after");
  const endingBefore = params.string("ending_before");
  const created = createdFilter(params);

  const all = items.filter((item) => (!filter || filter(item)) && created(item.created)).reverse();
  let start = 0;
  let end = all.length;
  if (startingAfter) {
    const at = all.findIndex((i) => i.id === startingAfter);
    if (at < 0) throw resourceMissing("object", startingAfter, "starting_after");
    start = at + 1;
  } else if (endingBefore) {
    const at = all.findIndex((i) => i.id === endingBefore);
    if (at < 0) throw resourceMissing("object", endingBefore, "ending_before");
    end = at;
    start = Math.max(0, end - limit);
    // Going backwards, "more" means more objects newer than this page.
    return { object: "list", url, has_more: start > 0, data: all.slice(start, end) };
  }
  const data = all.slice(start, start + limit);
  return { object: "list", url, has_more: start + limit < end, data };
}

function createdFilter(params: Params): (created: number) => boolean {
  if (!params.has("created")) return () => true;
  const range = params.isHash("created") ? params.object("created") : undefined;
  if (!range) {
    const exact = params.int("created");
    return (c) => c === exact;
  }
  const gt = range.int("gt");
  const gte = range.int("gte");
  const lt = range.int("lt");
  const lte = range.int("lte");
  return (c) =>
    (gt === undefined || c > gt) &&
    (gte === undefined || c >= gte) &&
    (lt === undefined || c < lt) &&
    (lte === undefined || c <= lte);
}
