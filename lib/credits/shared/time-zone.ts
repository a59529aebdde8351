/**
 * Days in the user's time zone. Pure and free of server imports, so the usage
 * filters, the export route and client components agree on where a day starts.
 */

export const DEFAULT_TIME_ZONE = "UTC";

/** The cookie in which the browser tells the server its IANA time zone. */
export const TIME_ZONE_COOKIE = "tz";

/** A valid IANA time zone name, else the default (a cookie or a URL is never trusted as is). */
export function safeTimeZone(value: string | null | undefined): string {
  return (value && canonicalTimeZone(value)) ?? DEFAULT_TIME_ZONE;
}

/** The canonical name of an IANA time zone, or null when `value` names none. */
export function canonicalTimeZone(value: string): string | null {
  if (value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-05-31" when it names a real calendar day, else null. */
export function parseDay(value: string): string | null {
  const m = dayPattern.exec(value);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value && Number(m[1]) >= 2000 && Number(m[1]) <= 2999 ? value : null;
}

/** The day before or after `day`, `n` days away: calendar arithmetic, no time zone involved. */
export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/**
 * One formatter per zone and kind: building an Intl.DateTimeFormat costs far
 * more than using one (the dashboard's 31 day bounds took ~25 ms of
 * formatter construction). Only zones that construct are kept, at most one
 * per IANA name.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: "parts" | "day", timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found =
      kind === "parts"
        ? new Intl.DateTimeFormat("en-US", {
            timeZone,
            hourCycle: "h23",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
          })
        : // en-CA formats dates as YYYY-MM-DD.
          new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(key, found);
  }
  return found;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in ms. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = formatter("parts", timeZone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant at which `day` begins in `timeZone` (twice corrected, for days that start on a DST change). */
export function startOfDay(day: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`);
  let instant = wall - offsetMs(wall, timeZone);
  instant = wall - offsetMs(instant, timeZone);
  return new Date(instant);
}

/** The calendar day (YYYY-MM-DD) of `instant` in `timeZone`. */
export function dayOf(instant: Date, timeZone: string): string {
  return formatter("day", timeZone).format(instant);
}
