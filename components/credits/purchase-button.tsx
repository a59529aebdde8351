"use client";

import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { usePurchasePanel } from "./purchase-panel-provider";

/** "Purchase credits": opens the "Purchase More Credits" dialog. */
export function PurchaseCreditsButton({ variant = "primary", className }: { variant?: "primary" | "secondary"; className?: string }) {
  const { openPanel } = usePurchasePanel();
  return (
    <Button variant={variant} className={className} onClick={openPanel} aria-haspopup="dialog">
      <Plus aria-hidden className="size-4" />
      Purchase credits
    </Button>
  );
}
