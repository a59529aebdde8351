"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Tells the server the browser's time zone (a cookie), so pages render times
 * and day boundaries where the user is. Refreshes once when it was unknown
 * or has changed; renders nothing.
 */
export function TimeZoneSync({ serverTimeZone, cookieName }: { serverTimeZone: string; cookieName: string }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === serverTimeZone) return;
    document.cookie = `${cookieName}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [serverTimeZone, cookieName, router]);
  return null;
}
