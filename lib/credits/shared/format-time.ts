/**
 * Times as people read them: in their own time zone (the browser's, told to
 * the server in a cookie) and in one format on every page, so a request's
 * time in the log, on the dashboard, in a report and on a receipt reads alike.
 * Pure, for server and client components.
 */

type Instant = Date | string | number;

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions) {
  let format = cache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    cache.set(timeZone, format);
  }
  return format;
}

/** "Jun 3, 2026, 14:05" in `timeZone` (24-hour clock, as the request log has always used). */
export function formatDateTime(instant: Instant, timeZone: string): string {
  return cached(dateTimeFormats, timeZone, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(instant));
}

/** "Jun 3, 2026": the day of `instant` in `timeZone`. */
export function formatDate(instant: Instant, timeZone: string): string {
  return cached(dateFormats, timeZone, { year: "numeric", month: "short", day: "numeric" }).format(new Date(instant));
}

/** "Europe/Paris" as "Europe/Paris", "America/New_York" as "America/New York": how pages name the zone. */
export function timeZoneName(timeZone: string): string {
  return timeZone.replaceAll("_", " ");
}
