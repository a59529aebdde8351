import { describe, expect, it } from "vitest";
import { dateRangeError, formatDate, formatDateTime, parseUsageSearch } from "@/lib/credits/shared";

// Issue 20 item 8: one format for times, in the reader's zone; a reversed date range is explained, not dropped.
describe("times as people read them", () => {
  const instant = new Date("2026-06-03T23:30:00Z");

  it("shows the same instant on the reader's own clock and calendar day", () => {
    expect(formatDateTime(instant, "UTC")).toBe("Jun 3, 2026, 23:30");
    expect(formatDateTime(instant, "Europe/Paris")).toBe("Jun 4, 2026, 01:30");
    expect(formatDateTime(instant, "America/Los_Angeles")).toBe("Jun 3, 2026, 16:30");
    expect(formatDate(instant, "Asia/Tokyo")).toBe("Jun 4, 2026");
    expect(formatDate(instant.toISOString(), "UTC")).toBe("Jun 3, 2026");
  });
});

describe("a reversed date range on the usage filters", () => {
  it("keeps both dates for the form, says why, and filters by neither", () => {
    const { search, filter, invalid, dateRangeError: error } = parseUsageSearch({ from: "2026-06-10", to: "2026-06-01" }, "UTC");
    expect(error).toBe("The start date is after the end date.");
    expect(search).toMatchObject({ from: "2026-06-10", to: "2026-06-01" });
    expect(filter.from).toBeUndefined();
    expect(filter.to).toBeUndefined();
    expect(invalid).toEqual([]);
  });

  it("says nothing about dates in order, or a single day", () => {
    expect(dateRangeError("2026-06-01", "2026-06-10")).toBeUndefined();
    expect(dateRangeError("2026-06-01", "2026-06-01")).toBeUndefined();
    expect(parseUsageSearch({ from: "2026-06-01", to: "2026-06-10" }, "UTC").filter.from).toEqual(new Date("2026-06-01T00:00:00Z"));
  });
});
