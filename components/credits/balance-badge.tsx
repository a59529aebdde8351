"use client";

import { Coins } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useBalance } from "./balance-provider";

const numberFormat = new Intl.NumberFormat("en-US");
/** Screen readers hear at most one balance change this often; the latest wins. */
const ANNOUNCE_EVERY_MS = 2_500;

/**
 * "Current Credits" in the header: the live balance, a short highlight when
 * it changes, and a polite live region that announces changes without
 * reading out every debit of a busy agent.
 */
export function BalanceBadge() {
  const { balance, available, held, connected, lastChange } = useBalance();
  const formatted = numberFormat.format(balance);
  const badgeRef = useRef<HTMLAnchorElement>(null);
  const [announcement, setAnnouncement] = useState("");
  const lastAnnouncedAt = useRef(0);

  useEffect(() => {
    if (!lastChange) return;
    const badge = badgeRef.current;
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    // A colour pulse (no movement); green when credits arrive, amber when they are spent.
    const tint = lastChange.delta > 0 ? "rgb(16 185 129 / 0.28)" : "rgb(245 158 11 / 0.3)";
    const animation = badge?.animate?.(
      [{ backgroundColor: tint, boxShadow: `0 0 0 3px ${tint}` }, { backgroundColor: "transparent", boxShadow: "0 0 0 0 transparent" }],
      { duration: reduceMotion ? 900 : 1400, easing: "ease-out" },
    );

    const wait = Math.max(0, lastAnnouncedAt.current + ANNOUNCE_EVERY_MS - Date.now());
    const timer = setTimeout(() => {
      lastAnnouncedAt.current = Date.now();
      const count = numberFormat.format(lastChange.next);
      setAnnouncement(`Credits ${lastChange.delta > 0 ? "added" : "used"}. Current Credits: ${count}.`);
    }, wait);
    return () => {
      clearTimeout(timer);
      animation?.cancel();
    };
  }, [lastChange]);

  return (
    <>
      <Link
        ref={badgeRef}
        href="/dashboard"
        data-live={connected ? "connected" : "connecting"}
        title={held > 0 ? `${numberFormat.format(available)} available, ${numberFormat.format(held)} held` : undefined}
        className="inline-flex h-8 shrink-0 items-center gap-1.5 rounded-full border border-zinc-200 bg-white px-2.5 text-sm font-medium tabular-nums text-zinc-900 transition-colors hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
      >
        <Coins aria-hidden className="size-4 text-brand-600 dark:text-brand-100" />
        <span className="sr-only">Current Credits: </span>
        <span>{formatted}</span>
        <span aria-hidden className="hidden text-zinc-600 sm:inline dark:text-zinc-400">
          credits
        </span>
      </Link>
      <span role="status" aria-live="polite" aria-atomic="true" className="sr-only">
        {announcement}
      </span>
    </>
  );
}
