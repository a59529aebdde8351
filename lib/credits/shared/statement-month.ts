/**
 * Calendar months in the user's time zone, for monthly statements. Pure, so
 * the page, the CSV route and the tests agree on where a month starts.
 */
import { z } from "zod";
import { dayOf, startOfDay } from "./time-zone";

/** "2026-11": a month of the years the app can have data for. */
export const statementMonthSchema = z
  .string()
  .regex(/^2\d{3}-(0[1-9]|1[0-2])$/, "a month as YYYY-MM");

/** The month (YYYY-MM) that contains `instant` in `timeZone`. */
export function monthOf(instant: Date, timeZone: string): string {
  return dayOf(instant, timeZone).slice(0, 7);
}

/** The month `n` months after (or before, when negative) `month`. */
export function addMonths(month: string, n: number): string {
  const [year, index] = month.split("-").map(Number) as [number, number];
  const total = year * 12 + (index - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** The instants [from, to) that the month covers in `timeZone`. */
export function monthRange(month: string, timeZone: string): { from: Date; to: Date } {
  return { from: startOfDay(`${month}-01`, timeZone), to: startOfDay(`${addMonths(month, 1)}-01`, timeZone) };
}

/**
 * The month a statement URL asks for: a valid month not after the current
 * one, else the current month with `invalid` set (never an error page).
 */
export function parseStatementMonth(value: unknown, current: string): { month: string; invalid: boolean } {
  if (value === undefined || value === null || value === "") return { month: current, invalid: false };
  const parsed = statementMonthSchema.safeParse(Array.isArray(value) ? value[0] : value);
  if (!parsed.success || parsed.data > current) return { month: current, invalid: true };
  return { month: parsed.data, invalid: false };
}

/** "November 2026". */
export function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}
