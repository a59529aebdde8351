/**
 * lib/credits: the one code path for money (DESIGN.md §2, §4). Pages,
 * actions, route handlers, webhooks and jobs use what is exported here.
 */
export { accountIdForUser } from "./accounts";
export { now, setClock, manualClock, systemClock, type Clock } from "./clock";
export {
  captureHold,
  debit,
  getBalance,
  grantCredits,
  grantPriority,
  placeHold,
  releaseHold,
  sweepExpired,
  type Balance,
  type GrantInput,
  type SettleResult,
} from "./ledger";
export { priceRequest } from "./pricing";
export { listUsage, usageCsvStream, usageRow, decodeCursor, encodeCursor, type UsageFilter } from "./usage-log";
