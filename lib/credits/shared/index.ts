/**
 * The browser-safe part of lib/credits: pure rules and data with no database
 * behind them, for client components and the server alike — the rate card
 * and packages, the purchase choice, the low-balance rule, time zones and the
 * usage log's filters. Everything that reads or moves credits is in the
 * server-only index, lib/credits.
 */
export * from "./pricing";
export * from "./purchase-choice";
export * from "./low-balance";
export * from "./time-zone";
export * from "./usage-filter";
export * from "./format-time";
export * from "./statement-month";
