/**
 * The request log's filters as they travel in a page's URL (dates as days in
 * the user's time zone) and their meaning for the query. Pure, so the page,
 * the export route and the filter form read them the same way. A value that
 * does not parse is dropped and named in `invalid`, never an error. Dates in
 * the wrong order are kept in the form, explained under the date fields
 * (`dateRangeError`), and not applied until they are put right.
 */
import { featureIds, modelIds, type FeatureId, type ModelId } from "./pricing";
import { addDays, parseDay, startOfDay } from "./time-zone";

/** Which rows of the usage log a page, an export or the API asks for. */
export interface UsageFilter {
  from?: Date;
  to?: Date;
  feature?: string;
  model?: string;
}

export interface UsageSearch {
  /** First day shown, YYYY-MM-DD in the user's time zone. */
  from?: string;
  /** Last day shown (inclusive). */
  to?: string;
  feature?: FeatureId;
  model?: ModelId;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const labels = { from: "start date", to: "end date", feature: "feature", model: "model" } as const;

/** Shown under the date fields when the start is after the end (by the form at once, by the page for a URL). */
export const DATE_RANGE_ERROR = "The start date is after the end date.";

/** The range error for two days (YYYY-MM-DD), if they are in the wrong order. */
export function dateRangeError(from: string | undefined, to: string | undefined): string | undefined {
  return from && to && from > to ? DATE_RANGE_ERROR : undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === "" ? undefined : v;
}

export function parseUsageSearch(params: SearchParams, timeZone: string) {
  const search: UsageSearch = {};
  const invalid: string[] = [];
  const from = single(params.from);
  const to = single(params.to);
  const feature = single(params.feature);
  const model = single(params.model);

  if (from !== undefined) {
    if (parseDay(from)) search.from = from;
    else invalid.push(labels.from);
  }
  if (to !== undefined) {
    if (parseDay(to)) search.to = to;
    else invalid.push(labels.to);
  }
  if (feature !== undefined) {
    if ((featureIds as readonly string[]).includes(feature)) search.feature = feature as FeatureId;
    else invalid.push(labels.feature);
  }
  if (model !== undefined) {
    if ((modelIds as readonly string[]).includes(model)) search.model = model as ModelId;
    else invalid.push(labels.model);
  }
  const rangeError = dateRangeError(search.from, search.to);
  const applied = rangeError ? { ...search, from: undefined, to: undefined } : search;
  return { search, filter: usageFilter(applied, timeZone), invalid, dateRangeError: rangeError };
}

/** The query filter: whole days in the user's time zone, as a half-open range of instants. */
export function usageFilter(search: UsageSearch, timeZone: string): UsageFilter {
  return {
    from: search.from ? startOfDay(search.from, timeZone) : undefined,
    to: search.to ? startOfDay(addDays(search.to, 1), timeZone) : undefined,
    feature: search.feature,
    model: search.model,
  };
}

/** The query string of a filtered view, with extra parameters (a cursor) after the filters. */
export function usageQuery(search: UsageSearch, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...search, ...extra })) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function hasFilters(search: UsageSearch): boolean {
  return Boolean(search.from || search.to || search.feature || search.model);
}
