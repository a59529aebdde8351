"use client";

import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { usePurchasePanel } from "./purchase-panel-provider";

/** "Purchase credits" (or `label`): opens the "Purchase More Credits" dialog. */
export function PurchaseCreditsButton({
  variant = "primary",
  className,
  label = "Purchase credits",
}: {
  variant?: "primary" | "secondary";
  className?: string;
  label?: string;
}) {
  const { openPanel } = usePurchasePanel();
  return (
    <Button variant={variant} className={className} onClick={openPanel} aria-haspopup="dialog">
      <Plus aria-hidden className="size-4" />
      {label}
    </Button>
  );
}
