import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

describe("safeCallbackUrl", () => {
  it.each([
    ["/usage?feature=chat", "/usage?feature=chat"],
    ["http://localhost:3000/settings/billing", "/settings/billing"],
    ["https://evil.example/steal", "/steal"],
    ["//evil.example", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["http://localhost:3000//evil.example", "/dashboard"],
    ["/sign-in?callbackUrl=/x", "/dashboard"],
    ["/api/health", "/dashboard"],
    ["", "/dashboard"],
    [undefined, "/dashboard"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});
