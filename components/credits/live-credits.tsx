"use client";

import { useBalance } from "./balance-provider";

const numberFormat = new Intl.NumberFormat("en-US");

/**
 * One figure of the live balance ("1,234"), for server-rendered pages: every
 * balance shown reads the header's stream, so the page never disagrees with it.
 */
export function LiveCredits({ field = "balance" }: { field?: "balance" | "available" | "held" }) {
  return <>{numberFormat.format(useBalance()[field])}</>;
}
