import { describe, expect, it } from "vitest";
import { peekToken, takeToken } from "@/lib/rate-limit";

describe("rate limit buckets in PostgreSQL", () => {
  const rule = { capacity: 10, refillPerSecond: 0.001 };

  it("hands out exactly the capacity to concurrent callers", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => takeToken("test:burst", rule)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const refused = results.find((r) => !r.allowed);
    expect(refused && !refused.allowed && refused.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("peeking takes nothing", async () => {
    for (let i = 0; i < 20; i++) expect((await peekToken("test:peek", rule)).allowed).toBe(true);
    expect((await takeToken("test:peek", rule, 10)).allowed).toBe(true);
    expect((await peekToken("test:peek", rule)).allowed).toBe(false);
  });

  it("keeps keys apart", async () => {
    await takeToken("test:a", rule, 10);
    expect((await takeToken("test:a", rule)).allowed).toBe(false);
    expect((await takeToken("test:b", rule)).allowed).toBe(true);
  });

  it("refills with time", async () => {
    // One token a second: slow enough that a loaded machine cannot refill between the first two calls.
    const fast = { capacity: 2, refillPerSecond: 1 };
    await takeToken("test:refill", fast, 2);
    expect((await takeToken("test:refill", fast)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await takeToken("test:refill", fast)).allowed).toBe(true);
  });
});
