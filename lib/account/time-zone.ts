import "server-only";
import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { db } from "@/lib/db";
import { users } from "@/db/schema";
import { TIME_ZONE_COOKIE, safeTimeZone } from "@/lib/credits/shared";

/**
 * The user's own time zone, for calendar days and months that pass without a
 * page open (the metering API, jobs): what their browser last reported, else UTC.
 */
export async function timeZoneOfUser(userId: string): Promise<string> {
  const [row] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId));
  return safeTimeZone(row?.timeZone);
}

/** Stores the zone a browser reported; an unknown name is stored as UTC rather than refused. */
export async function saveTimeZone(userId: string, reported: string): Promise<void> {
  await db.update(users).set({ timeZone: safeTimeZone(reported) }).where(eq(users.id, userId));
}

/** Whether this browser has told its zone (TimeZoneSync's cookie): without it the page's "UTC" is only a default. */
export async function reportedTimeZone(): Promise<boolean> {
  return (await cookies()).has(TIME_ZONE_COOKIE);
}
