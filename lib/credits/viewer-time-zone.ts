import "server-only";
import { cookies } from "next/headers";
import { TIME_ZONE_COOKIE, safeTimeZone } from "./shared";

/**
 * The time zone of the person viewing the page, as their browser told it
 * (TimeZoneSync in the signed-in layout sets the cookie); UTC until it has.
 * Every page that shows a time formats it in this zone with lib/credits/shared's
 * formatDateTime or formatDate.
 */
export async function viewerTimeZone(): Promise<string> {
  return safeTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
}
