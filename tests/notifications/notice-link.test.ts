/** A notice's link goes to the page its notice names (a daily usage alert: the request log; support's reply: the report), never off-site. */
import { describe, expect, it } from "vitest";
import { noticeLink } from "@/components/notices/notice-link";

describe("a notice's link", () => {
  it("names the page it opens", () => {
    expect(noticeLink("/usage")).toEqual({ href: "/usage", label: "Request log" });
    expect(noticeLink("/settings/billing")).toEqual({ href: "/settings/billing", label: "Billing settings" });
    expect(noticeLink("/reports/42")).toEqual({ href: "/reports/42", label: "Your report" });
    expect(noticeLink("/settings/api-keys")).toEqual({ href: "/settings/api-keys", label: "Details" });
  });

  it("drops a refill's confirm parameter (the banner's button confirms)", () => {
    expect(noticeLink("/settings/billing?confirm=pi_123")).toEqual({ href: "/settings/billing", label: "Billing settings" });
  });

  it.each([null, "", "https://example.com/usage", "//example.com/usage", "javascript:alert(1)"])("gives no link for %s", (href) => {
    expect(noticeLink(href)).toBeNull();
  });
});
