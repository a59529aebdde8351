"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

type CopyStatus = "idle" | "copied" | "failed";

/** Copies `text` to the clipboard; says so on the button and to screen readers. */
export function CopyButton({ text, className }: { text: string; className?: string }) {
  const [status, setStatus] = useState<CopyStatus>("idle");

  useEffect(() => {
    if (status !== "copied") return;
    const timer = setTimeout(() => setStatus("idle"), 2500);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("copied");
    } catch {
      // No clipboard (insecure origin, permission refused): the key stays selectable by hand.
      setStatus("failed");
    }
  }

  return (
    <>
      <Button variant="secondary" onClick={copy} className={className}>
        {status === "copied" ? (
          <Check aria-hidden className="size-4 text-emerald-600" />
        ) : (
          <Copy aria-hidden className="size-4" />
        )}
        {status === "copied" ? "Copied" : "Copy"}
      </Button>
      <span aria-live="polite" className="sr-only">
        {status === "copied" ? "Copied to the clipboard." : status === "failed" ? "Could not copy. Select the key and copy it by hand." : ""}
      </span>
    </>
  );
}
