"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

type CopyStatus = "idle" | "copied" | "failed";

interface CopyButtonProps {
  /** What to copy, or a function that reads it when clicked (text still streaming in, a rendered block). */
  text: string | (() => string);
  /** The button's accessible name while idle, e.g. "Copy code"; shown as "Copy". */
  label?: string;
  /** Said when the clipboard is unavailable. */
  fallback?: string;
  variant?: "secondary" | "ghost";
  className?: string;
}

/** Copies text to the clipboard; says so on the button and to screen readers. */
export function CopyButton({
  text,
  label = "Copy",
  fallback = "Could not copy. Select the key and copy it by hand.",
  variant = "secondary",
  className,
}: CopyButtonProps) {
  const [status, setStatus] = useState<CopyStatus>("idle");

  useEffect(() => {
    if (status !== "copied") return;
    const timer = setTimeout(() => setStatus("idle"), 2500);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(typeof text === "function" ? text() : text);
      setStatus("copied");
    } catch {
      // No clipboard (insecure origin, permission refused): the text stays selectable by hand.
      setStatus("failed");
    }
  }

  return (
    <>
      <Button variant={variant} onClick={copy} className={className} aria-label={status === "copied" ? "Copied" : label}>
        {status === "copied" ? (
          <Check aria-hidden className="size-4 text-emerald-600" />
        ) : (
          <Copy aria-hidden className="size-4" />
        )}
        {status === "copied" ? "Copied" : "Copy"}
      </Button>
      <span aria-live="polite" className="sr-only">
        {status === "copied" ? "Copied to the clipboard." : status === "failed" ? fallback : ""}
      </span>
    </>
  );
}
