import { describe, expect, it } from "vitest";
import {
  DEFAULT_LOW_BALANCE_THRESHOLD,
  LOW_BALANCE_DISMISSED_KEY,
  clearDismissed,
  endsDismissal,
  lowBalanceThreshold,
  readDismissedAt,
  shouldOpenPanel,
  writeDismissedAt,
  type LowBalanceContext,
} from "@/lib/credits/shared";

const closed = { open: false };
const live: LowBalanceContext = { threshold: 50, autoRefillOn: false, refillPending: false, dismissedAt: null, isInitial: false };
const onLoad: LowBalanceContext = { ...live, isInitial: true };

describe("the low-balance threshold", () => {
  it("is 50 credits when auto-refill is off", () => {
    expect(DEFAULT_LOW_BALANCE_THRESHOLD).toBe(50);
    expect(lowBalanceThreshold(null)).toBe(50);
    expect(lowBalanceThreshold(undefined)).toBe(50);
    expect(lowBalanceThreshold({ enabled: false, threshold: 300 })).toBe(50);
  });

  it("is the auto-refill threshold when auto-refill is on", () => {
    expect(lowBalanceThreshold({ enabled: true, threshold: 300 })).toBe(300);
    expect(lowBalanceThreshold({ enabled: true, threshold: 10 })).toBe(10);
  });
});

describe("while a page is open", () => {
  it("opens when a debit takes the balance from at or above the threshold to below it", () => {
    expect(shouldOpenPanel(closed, 60, 49, live)).toBe(true);
    expect(shouldOpenPanel(closed, 50, 49, live)).toBe(true);
    expect(shouldOpenPanel(closed, 1000, 10, live)).toBe(true);
  });

  it("uses the auto-refill threshold when auto-refill is on", () => {
    const refill = { ...live, threshold: 300, autoRefillOn: true };
    expect(shouldOpenPanel(closed, 300, 299, refill)).toBe(true);
    expect(shouldOpenPanel(closed, 60, 49, refill)).toBe(false);
  });

  it("does not open for a change that stays on one side of the threshold", () => {
    expect(shouldOpenPanel(closed, 500, 50, live)).toBe(false);
    expect(shouldOpenPanel(closed, 51, 50, live)).toBe(false);
    expect(shouldOpenPanel(closed, 40, 39, live)).toBe(false);
    expect(shouldOpenPanel(closed, 49, 48, live)).toBe(false);
  });

  it("does not open when the balance rises, even to a low value", () => {
    expect(shouldOpenPanel(closed, 0, 10, live)).toBe(false);
    expect(shouldOpenPanel(closed, 10, 40, live)).toBe(false);
    expect(shouldOpenPanel(closed, 40, 40, live)).toBe(false);
  });

  it("opens when a debit takes an already low balance to zero", () => {
    expect(shouldOpenPanel(closed, 3, 0, live)).toBe(true);
    expect(shouldOpenPanel(closed, 1, 0, live)).toBe(true);
  });

  it("does not open again for zero staying zero", () => {
    expect(shouldOpenPanel(closed, 0, 0, live)).toBe(false);
  });

  it("is never stacked twice", () => {
    expect(shouldOpenPanel({ open: true }, 60, 49, live)).toBe(false);
    expect(shouldOpenPanel({ open: true }, 5, 0, live)).toBe(false);
    expect(shouldOpenPanel({ open: true }, null, 0, onLoad)).toBe(false);
  });
});

describe("while an auto-refill is on its way", () => {
  const pending = { ...live, threshold: 100, autoRefillOn: true, refillPending: true };

  it("does not open on crossing the threshold", () => {
    expect(shouldOpenPanel(closed, 120, 90, pending)).toBe(false);
  });

  it("still opens at zero", () => {
    expect(shouldOpenPanel(closed, 120, 0, pending)).toBe(true);
    expect(shouldOpenPanel(closed, 30, 0, pending)).toBe(true);
    expect(shouldOpenPanel(closed, null, 0, { ...pending, isInitial: true })).toBe(true);
  });

  it("is ignored when auto-refill is off (nothing can be on its way)", () => {
    expect(shouldOpenPanel(closed, 60, 49, { ...live, refillPending: true })).toBe(true);
  });
});

describe("on page load", () => {
  it("opens only at zero", () => {
    expect(shouldOpenPanel(closed, null, 0, onLoad)).toBe(true);
    expect(shouldOpenPanel(closed, null, 1, onLoad)).toBe(false);
    expect(shouldOpenPanel(closed, null, 49, onLoad)).toBe(false);
    expect(shouldOpenPanel(closed, null, 5000, onLoad)).toBe(false);
  });

  it("treats a missing previous balance as a page load", () => {
    expect(shouldOpenPanel(closed, null, 10, live)).toBe(false);
    expect(shouldOpenPanel(closed, null, 0, live)).toBe(true);
  });

  it("does not reopen at zero after it was dismissed at zero in this session", () => {
    expect(shouldOpenPanel(closed, null, 0, { ...onLoad, dismissedAt: 0 })).toBe(false);
  });

  it("opens at zero when it was dismissed at a higher balance", () => {
    expect(shouldOpenPanel(closed, null, 0, { ...onLoad, dismissedAt: 30 })).toBe(true);
  });
});

describe("after it was dismissed in this browser session", () => {
  it("does not open again for a crossing that is not lower than the dismissed balance", () => {
    const dismissed = { ...live, dismissedAt: 40 };
    expect(shouldOpenPanel(closed, 500, 49, dismissed)).toBe(false);
    expect(shouldOpenPanel(closed, 500, 40, dismissed)).toBe(false);
  });

  it("opens again when the balance gets lower than it was", () => {
    expect(shouldOpenPanel(closed, 500, 39, { ...live, dismissedAt: 40 })).toBe(true);
  });

  it("opens again when the balance hits zero", () => {
    expect(shouldOpenPanel(closed, 45, 0, { ...live, dismissedAt: 45 })).toBe(true);
    // Dismissed at zero, topped up, then spent to zero again.
    expect(shouldOpenPanel(closed, 20, 0, { ...live, dismissedAt: 0 })).toBe(true);
  });

  it("needs a debit: a balance that does not cross or hit zero stays quiet", () => {
    expect(shouldOpenPanel(closed, 40, 30, { ...live, dismissedAt: 40 })).toBe(false);
  });
});

describe("a dismissal ends when credits arrive", () => {
  it("ends when the balance rises back to the threshold, by any means (purchase, refill, allowance, grant)", () => {
    expect(endsDismissal(0, 500, 50)).toBe(true);
    expect(endsDismissal(30, 50, 50)).toBe(true);
    // Dismissed at 30, topped up to 600 by support: the next crossing of 50 opens the panel again.
    expect(endsDismissal(30, 600, 50)).toBe(true);
    expect(shouldOpenPanel(closed, 50, 49, { ...live, dismissedAt: null })).toBe(true);
  });

  it("does not end while the balance stays below the threshold or goes down", () => {
    expect(endsDismissal(10, 40, 50)).toBe(false);
    expect(endsDismissal(600, 500, 50)).toBe(false);
    expect(endsDismissal(50, 50, 50)).toBe(false);
  });
});

describe("the dismissal in sessionStorage", () => {
  function memoryStorage() {
    const data = new Map<string, string>();
    return {
      data,
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => void data.set(key, value),
      removeItem: (key: string) => void data.delete(key),
    };
  }

  it("round-trips the balance it was dismissed at", () => {
    const storage = memoryStorage();
    expect(readDismissedAt(storage)).toBeNull();
    writeDismissedAt(storage, 42);
    expect(storage.data.get(LOW_BALANCE_DISMISSED_KEY)).toBe("42");
    expect(readDismissedAt(storage)).toBe(42);
    writeDismissedAt(storage, 0);
    expect(readDismissedAt(storage)).toBe(0);
    clearDismissed(storage);
    expect(readDismissedAt(storage)).toBeNull();
  });

  it("reads garbage, a missing or a failing storage as no dismissal", () => {
    const storage = memoryStorage();
    storage.data.set(LOW_BALANCE_DISMISSED_KEY, "not a number");
    expect(readDismissedAt(storage)).toBeNull();
    expect(readDismissedAt(undefined)).toBeNull();
    const throwing = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    expect(readDismissedAt(throwing)).toBeNull();
    expect(() => writeDismissedAt(throwing, 3)).not.toThrow();
    expect(() => clearDismissed(throwing)).not.toThrow();
  });
});
