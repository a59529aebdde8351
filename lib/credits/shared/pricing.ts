/**
 * The rate card (DESIGN.md §5 "Prices"): what one request of a feature costs
 * in credits, by model and size. Plain data and one pure function, with no
 * server imports, so that the metering API, the pricing page and client
 * components all price requests the same way.
 *
 * How a request is priced:
 *
 *   credits = max(1, ceil(base(feature) × multiplier(model) × factor(tier)))
 *
 * - The tier is chosen by the request's total tokens (input + output); a
 *   request that reports no token counts is priced at the smallest tier.
 * - Credits are whole: any fraction is rounded up (a GPT-5 mini chat of
 *   0.5 credit costs 1), so a request never costs less than 1 credit.
 * - `agent_request` ("pro agent request") costs 1 credit flat, whatever the
 *   model and size: the packages are sold as that many agent requests.
 *
 * The arithmetic is done in integers (multipliers in hundredths), so no
 * floating-point rounding can push a whole result up by one.
 */

/** The price of one credit, in US cents. */
export const CREDIT_PRICE_CENTS = 4;

export const featureIds = ["code_generation", "chat", "agent_request"] as const;
export type FeatureId = (typeof featureIds)[number];

export const modelIds = ["gpt-5-mini", "claude-sonnet-4.5", "claude-opus-4.1"] as const;
export type ModelId = (typeof modelIds)[number];

export const tierIds = ["small", "medium", "large", "x-large"] as const;
export type TierId = (typeof tierIds)[number];

export interface Feature {
  id: FeatureId;
  name: string;
  description: string;
  /** Credits for a small request on a ×1 model. */
  baseCredits: number;
  /** A flat-priced feature costs `baseCredits` whatever the model and size. */
  flat: boolean;
}

export interface Model {
  id: ModelId;
  name: string;
  multiplier: number;
}

export interface Tier {
  id: TierId;
  name: string;
  /** Largest total (input + output) tokens in this tier; null for the open-ended last tier. */
  maxTokens: number | null;
  factor: number;
}

export const features: readonly Feature[] = [
  {
    id: "code_generation",
    name: "Code generation",
    description: "AI code completion and generation in the editor.",
    baseCredits: 2,
    flat: false,
  },
  { id: "chat", name: "Chat", description: "A message in an AI chat conversation.", baseCredits: 1, flat: false },
  {
    id: "agent_request",
    name: "Pro agent request",
    description: "One request to the coding agent, whatever the model and size.",
    baseCredits: 1,
    flat: true,
  },
];

export const models: readonly Model[] = [
  { id: "gpt-5-mini", name: "GPT-5 mini", multiplier: 0.5 },
  { id: "claude-sonnet-4.5", name: "Claude Sonnet 4.5", multiplier: 1 },
  { id: "claude-opus-4.1", name: "Claude Opus 4.1", multiplier: 3 },
];

/** In ascending order of size: the first tier whose `maxTokens` holds the total applies. */
export const tiers: readonly Tier[] = [
  { id: "small", name: "Small", maxTokens: 4_000, factor: 1 },
  { id: "medium", name: "Medium", maxTokens: 32_000, factor: 2 },
  { id: "large", name: "Large", maxTokens: 128_000, factor: 4 },
  { id: "x-large", name: "X-large", maxTokens: null, factor: 8 },
];

/** The formula in words, as published by `GET /api/v1/pricing`. */
export const pricingFormula =
  "credits = max(1, ceil(feature.baseCredits × model.multiplier × tier.factor)); flat features cost baseCredits " +
  "whatever the model and size. The tier is the first whose maxTokens holds inputTokens + outputTokens " +
  "(maxTokens null: no upper bound); a request without token counts is priced at the smallest tier.";

/** Credit packages sold in the "Purchase More Credits" panel. */
export const creditPackages = [
  { priceCents: 2_000, credits: 500 },
  { priceCents: 10_000, credits: 2_500 },
  { priceCents: 50_000, credits: 12_500 },
] as const;

/** Bounds of a custom purchase, in whole credits, each priced at CREDIT_PRICE_CENTS. */
export const CUSTOM_CREDITS_MIN = 125;
export const CUSTOM_CREDITS_MAX = 250_000;

export interface PriceRequestInput {
  feature: FeatureId;
  model: ModelId;
  inputTokens?: number;
  outputTokens?: number;
}

export interface Price {
  credits: number;
  tier: TierId;
}

const featureById = new Map(features.map((f) => [f.id, f]));
const modelById = new Map(models.map((m) => [m.id, m]));

function isTokenCount(value: number | undefined): boolean {
  return value === undefined || (Number.isSafeInteger(value) && value >= 0);
}

/** The size tier of a request with this many tokens in total (input + output). */
export function tierForTokens(totalTokens: number): Tier {
  return tiers.find((t) => t.maxTokens === null || totalTokens <= t.maxTokens) ?? tiers[tiers.length - 1]!;
}

/**
 * The credits one request costs, and the size tier it was priced at. Pure;
 * throws only for input the types already forbid (an unknown feature or
 * model, a negative or fractional token count), which callers validate first.
 */
export function priceRequest({ feature, model, inputTokens, outputTokens }: PriceRequestInput): Price {
  const f = featureById.get(feature);
  const m = modelById.get(model);
  if (!f) throw new RangeError(`Unknown feature: ${String(feature)}`);
  if (!m) throw new RangeError(`Unknown model: ${String(model)}`);
  if (!isTokenCount(inputTokens) || !isTokenCount(outputTokens)) {
    throw new RangeError("Token counts must be whole numbers of at least 0.");
  }

  const tier = tierForTokens((inputTokens ?? 0) + (outputTokens ?? 0));
  if (f.flat) return { credits: f.baseCredits, tier: tier.id };

  // In hundredths so that ×0.5 stays exact: ceil(n / 100) on integers.
  const hundredths = f.baseCredits * Math.round(m.multiplier * 100) * tier.factor;
  return { credits: Math.max(1, Math.ceil(hundredths / 100)), tier: tier.id };
}

/** Formats an amount in cents as US dollars, e.g. 2000 → "$20", 125 → "$1.25". */
export function formatUsd(cents: number): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100);
}
