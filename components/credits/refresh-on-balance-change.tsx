"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useBalance } from "./balance-provider";

/** Quiet time after a change before the page is re-read: a burst of debits costs one refresh. */
const SETTLE_MS = 400;
/** At most one refresh this often, however busy the account is (an agent may debit many times a second). */
const MIN_GAP_MS = 2_000;

/**
 * Re-reads the server-rendered parts of a page that depend on the balance
 * (recent requests, the balance by source, the Pro allowance, the forecast)
 * when the live balance changes. The figures themselves follow at once
 * (LiveCredits); these follow within a couple of seconds, without a refresh per event.
 */
export function RefreshOnBalanceChange() {
  const router = useRouter();
  const { balance, available, held } = useBalance();
  const key = `${balance}/${available}/${held}`;
  const seen = useRef(key);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastRefresh = useRef(0);

  useEffect(() => {
    if (key === seen.current) return;
    seen.current = key;
    // One refresh is already on its way: it reads the page as it is then, this change included.
    if (timer.current !== undefined) return;
    const wait = Math.max(SETTLE_MS, lastRefresh.current + MIN_GAP_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      lastRefresh.current = Date.now();
      router.refresh();
    }, wait);
  }, [key, router]);

  useEffect(() => () => clearTimeout(timer.current), []);
  return null;
}
