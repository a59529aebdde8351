"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  clearDismissed,
  endsDismissal,
  lowBalanceThreshold,
  readDismissedAt,
  shouldOpenPanel,
  writeDismissedAt,
  type AutoRefillSetting,
} from "@/lib/credits/shared";
import { useBalance } from "./balance-provider";

function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * Whether the "Purchase More Credits" panel should be open by itself
 * (DESIGN.md §5, Low balance), driven by the live balance. The panel that
 * renders it comes later; `dismiss` remembers the dismissal for this browser
 * session.
 */
export function useLowBalancePrompt({
  autoRefill = null,
  refillPending = false,
}: { autoRefill?: AutoRefillSetting | null; refillPending?: boolean } = {}) {
  const { balance, lastChange } = useBalance();
  const [open, setOpen] = useState(false);
  const openRef = useRef(false);
  const balanceRef = useRef(balance);
  const context = useRef({ autoRefill, refillPending });
  // Declared first, so the effects below see this render's values.
  useEffect(() => {
    balanceRef.current = balance;
    context.current = { autoRefill, refillPending };
  });

  const decide = useCallback((previous: number | null, next: number, isInitial: boolean) => {
    const { autoRefill: refill, refillPending: pending } = context.current;
    const threshold = lowBalanceThreshold(refill);
    if (previous !== null && endsDismissal(previous, next, threshold)) clearDismissed(sessionStore());
    const opens = shouldOpenPanel({ open: openRef.current }, previous, next, {
      threshold,
      autoRefillOn: Boolean(refill?.enabled),
      refillPending: pending,
      dismissedAt: readDismissedAt(sessionStore()),
      isInitial,
    });
    if (opens) {
      openRef.current = true;
      setOpen(true);
    }
  }, []);

  // On page load, with the balance the page was rendered with (sessionStorage is browser-only).
  useEffect(() => {
    decide(null, balanceRef.current, true);
  }, [decide]);

  // Then on every live change.
  useEffect(() => {
    if (lastChange) decide(lastChange.previous, lastChange.next, false);
  }, [lastChange, decide]);

  const dismiss = useCallback(() => {
    writeDismissedAt(sessionStore(), balanceRef.current);
    openRef.current = false;
    setOpen(false);
  }, []);

  return { open, dismiss };
}
