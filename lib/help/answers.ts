/** The questions on the Help page, by anchor; feedback is stored per user and question. */
export const helpAnswerIds = [
  "what-are-credits",
  "pro-plans",
  "auto-refill",
  "out-of-credits",
  "api-key-limits",
  "usage-alerts",
  "transfers",
  "used-credits",
  "buy-more",
  "promo-codes",
  "see-balance",
  "account-security",
  "receipts",
  "delete-account",
] as const;

export type HelpAnswerId = (typeof helpAnswerIds)[number];

/** When the Help page's answers last changed (shown as "Last updated"). */
export const HELP_LAST_UPDATED = "2026-12-02";
