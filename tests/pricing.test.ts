import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CREDIT_PRICE_CENTS,
  creditPackages,
  featureIds,
  formatUsd,
  modelIds,
  priceRequest,
  tierForTokens,
  tierIds,
  tiers,
} from "@/lib/credits/shared";

const feature = fc.constantFrom(...featureIds);
const model = fc.constantFrom(...modelIds);
const tokens = fc.integer({ min: 0, max: 2_000_000 });

describe("the rate card", () => {
  it.each([
    // feature, model, input, output → credits, tier
    ["code_generation", "claude-sonnet-4.5", undefined, undefined, 2, "small"],
    ["code_generation", "gpt-5-mini", 1_000, 500, 1, "small"],
    ["code_generation", "claude-opus-4.1", 4_000, 0, 6, "small"],
    ["code_generation", "claude-opus-4.1", 4_000, 1, 12, "medium"],
    ["code_generation", "claude-sonnet-4.5", 20_000, 12_000, 4, "medium"],
    ["code_generation", "claude-sonnet-4.5", 100_000, 28_001, 16, "x-large"],
    ["code_generation", "claude-opus-4.1", 500_000, 500_000, 48, "x-large"],
    ["chat", "gpt-5-mini", undefined, undefined, 1, "small"], // 0.5 rounds up to 1
    ["chat", "gpt-5-mini", 30_000, 2_000, 1, "medium"], // 1 × 0.5 × 2
    ["chat", "gpt-5-mini", 64_000, 64_000, 2, "large"],
    ["chat", "claude-sonnet-4.5", 0, 0, 1, "small"],
    ["chat", "claude-opus-4.1", 128_000, 0, 12, "large"],
    ["chat", "claude-opus-4.1", 128_001, 0, 24, "x-large"],
    ["agent_request", "claude-opus-4.1", 1_000_000, 1_000_000, 1, "x-large"],
    ["agent_request", "gpt-5-mini", undefined, undefined, 1, "small"],
  ] as const)("%s on %s with %s + %s tokens costs %i (%s)", (f, m, inputTokens, outputTokens, credits, tier) => {
    expect(priceRequest({ feature: f, model: m, inputTokens, outputTokens })).toEqual({ credits, tier });
  });

  it("prices a request with only one token count by that count", () => {
    expect(priceRequest({ feature: "chat", model: "claude-sonnet-4.5", outputTokens: 5_000 })).toEqual({
      credits: 2,
      tier: "medium",
    });
  });

  it("puts tier boundaries on the inclusive side", () => {
    expect(tierForTokens(0).id).toBe("small");
    expect(tierForTokens(4_000).id).toBe("small");
    expect(tierForTokens(4_001).id).toBe("medium");
    expect(tierForTokens(32_000).id).toBe("medium");
    expect(tierForTokens(128_000).id).toBe("large");
    expect(tierForTokens(128_001).id).toBe("x-large");
    expect(tiers.map((t) => t.id)).toEqual([...tierIds]);
  });

  it("refuses what the types forbid instead of guessing a price", () => {
    expect(() => priceRequest({ feature: "chat", model: "claude-sonnet-4.5", inputTokens: -1 })).toThrow(RangeError);
    expect(() => priceRequest({ feature: "chat", model: "claude-sonnet-4.5", inputTokens: 1.5 })).toThrow(RangeError);
    const unknown = JSON.parse('{"feature":"images","model":"claude-sonnet-4.5"}') as Parameters<typeof priceRequest>[0];
    expect(() => priceRequest(unknown)).toThrow(RangeError);
  });

  it("sells packages at the credit price", () => {
    expect(CREDIT_PRICE_CENTS).toBe(4);
    for (const p of creditPackages) expect(p.credits * CREDIT_PRICE_CENTS).toBe(p.priceCents);
    expect(formatUsd(2_000)).toBe("$20");
    expect(formatUsd(500)).toBe("$5");
    expect(formatUsd(1_000_000)).toBe("$10,000");
    expect(formatUsd(125)).toBe("$1.25");
  });
});

describe("pricing properties", () => {
  it("always charges a whole number of at least 1 credit", () => {
    fc.assert(
      fc.property(feature, model, fc.option(tokens, { nil: undefined }), fc.option(tokens, { nil: undefined }), (f, m, i, o) => {
        const { credits } = priceRequest({ feature: f, model: m, inputTokens: i, outputTokens: o });
        expect(Number.isInteger(credits)).toBe(true);
        expect(credits).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it("never charges less for more tokens", () => {
    fc.assert(
      fc.property(feature, model, tokens, tokens, tokens, tokens, (f, m, i, o, moreIn, moreOut) => {
        const smaller = priceRequest({ feature: f, model: m, inputTokens: i, outputTokens: o });
        const larger = priceRequest({ feature: f, model: m, inputTokens: i + moreIn, outputTokens: o + moreOut });
        expect(larger.credits).toBeGreaterThanOrEqual(smaller.credits);
        expect(tierIds.indexOf(larger.tier)).toBeGreaterThanOrEqual(tierIds.indexOf(smaller.tier));
      }),
    );
  });

  it("prices a request without token counts like a request of 0 tokens", () => {
    fc.assert(
      fc.property(feature, model, (f, m) => {
        expect(priceRequest({ feature: f, model: m })).toEqual(
          priceRequest({ feature: f, model: m, inputTokens: 0, outputTokens: 0 }),
        );
      }),
    );
  });

  it("charges exactly 1 credit for every agent request", () => {
    fc.assert(
      fc.property(model, fc.option(tokens, { nil: undefined }), fc.option(tokens, { nil: undefined }), (m, i, o) => {
        expect(priceRequest({ feature: "agent_request", model: m, inputTokens: i, outputTokens: o }).credits).toBe(1);
      }),
    );
  });

  it("never charges more on a cheaper model", () => {
    fc.assert(
      fc.property(feature, tokens, tokens, (f, i, o) => {
        const price = (m: (typeof modelIds)[number]) => priceRequest({ feature: f, model: m, inputTokens: i, outputTokens: o }).credits;
        expect(price("gpt-5-mini")).toBeLessThanOrEqual(price("claude-sonnet-4.5"));
        expect(price("claude-sonnet-4.5")).toBeLessThanOrEqual(price("claude-opus-4.1"));
      }),
    );
  });
});
