"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { saveTimeZoneAction } from "@/lib/account/actions";

/**
 * Tells the server the browser's time zone: a cookie, so pages render times and
 * day boundaries where the user is (refreshing once when it was unknown or has
 * changed), and the user's row, for months and days that pass with no page open
 * (a key's monthly limit, a daily usage alert). Renders nothing.
 */
export function TimeZoneSync({
  serverTimeZone,
  savedTimeZone,
  cookieName,
}: {
  serverTimeZone: string;
  savedTimeZone: string | null;
  cookieName: string;
}) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    if (zone !== savedTimeZone) {
      const form = new FormData();
      form.set("timeZone", zone);
      // Best effort: the next page load tries again.
      void saveTimeZoneAction({ status: "idle" }, form).catch(() => {});
    }
    if (zone === serverTimeZone) return;
    document.cookie = `${cookieName}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [serverTimeZone, savedTimeZone, cookieName, router]);
  return null;
}
