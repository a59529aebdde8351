/**
 * lib/credits: the one code path for money (DESIGN.md §2, §4), and the only
 * way into the ledger. Pages, actions, route handlers, webhooks and jobs use
 * what is exported here; browser code uses lib/credits/shared (re-exported
 * below for the server's convenience). ESLint refuses imports of anything
 * else under lib/credits from outside it.
 */
import "server-only";

export { accountIdForUser, existingAccountId, userIdForAccount } from "./accounts";
export { now, setClock, manualClock, systemClock, type Clock } from "./clock";
export {
  captureHold,
  clawBack,
  clawBackOwed,
  debit,
  getBalance,
  grantCredits,
  grantPriority,
  placeHold,
  releaseHold,
  setRefillThreshold,
  sweepExpired,
  type Balance,
  type Answered,
  type GrantInput,
  type KeyLimitReached,
  type Refused,
  type SettleResult,
} from "./ledger";
export { recordRequestTokens } from "./request-tokens";
export { IDEMPOTENCY_KEY_RETENTION_DAYS, pruneIdempotencyKeys } from "./retention";
export {
  listUsage,
  usagePageQuery,
  csvField,
  usageCsvStream,
  usageRow,
  usageWindow,
  decodeCursor,
  encodeCursor,
  type UsageFilter,
  type UsageWindow,
} from "./usage-log";
export {
  creditSummary,
  dailyUsage,
  recentRequests,
  recentSpend,
  runOutForecast,
  PROMO_CODE_REF_PREFIX,
  type CreditSummary,
  type DailyUsage,
  type Expiring,
  type Forecast,
  type UsageDay,
} from "./insights";
export { spentBetweenSql } from "./spent-between";
export { isGranted, recentTransfers, requestsAround } from "./history";
export { viewerTimeZone } from "./viewer-time-zone";
export * from "./shared";
export { monthlyStatement, statementCsv, type MonthlyStatement, type GrantLine, type UsageLine } from "./statement";
