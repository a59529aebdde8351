/**
 * lib/credits: the one code path for money (DESIGN.md §2, §4). Pages,
 * actions, route handlers, webhooks and jobs use what is exported here.
 */
export { accountIdForUser } from "./accounts";
export { now, setClock, manualClock, systemClock, type Clock } from "./clock";
export {
  captureHold,
  clawBack,
  debit,
  getBalance,
  grantCredits,
  grantPriority,
  placeHold,
  releaseHold,
  setRefillThreshold,
  sweepExpired,
  type Balance,
  type Executor,
  type GrantInput,
  type SettleResult,
} from "./ledger";
export { priceRequest } from "./pricing";
export { recordRequestTokens } from "./request-tokens";
export {
  listUsage,
  usageCsvStream,
  usageRow,
  usageWindow,
  decodeCursor,
  encodeCursor,
  type UsageFilter,
  type UsageWindow,
} from "./usage-log";
export { hasFilters, parseUsageSearch, usageQuery, type SearchParams, type UsageSearch } from "./usage-filter";
export {
  creditSummary,
  dailyUsage,
  recentRequests,
  recentSpend,
  runOutForecast,
  type CreditSummary,
  type DailyUsage,
  type Expiring,
  type Forecast,
  type UsageDay,
} from "./insights";
export { DEFAULT_TIME_ZONE, TIME_ZONE_COOKIE, dayOf, safeTimeZone } from "./time-zone";
