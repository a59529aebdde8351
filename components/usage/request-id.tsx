"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";

/**
 * A request id: monospace and cut short on screen (the full id stays in the
 * text, for screen readers, selection and the tooltip), with a copy button
 * that announces "Copied".
 */
export function RequestId({ id }: { id: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (status === "idle") return;
    const timer = setTimeout(() => setStatus("idle"), 2500);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(id);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  }

  return (
    <span className="inline-flex max-w-full items-center gap-1">
      <code title={id} className="block min-w-0 max-w-[11ch] truncate font-mono text-xs sm:max-w-[14ch]">
        {id}
      </code>
      <button
        type="button"
        onClick={copy}
        aria-label={status === "copied" ? "Copied" : `Copy request id ${id}`}
        className="inline-flex size-7 shrink-0 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        {status === "copied" ? (
          <Check aria-hidden className="size-3.5 text-emerald-600 dark:text-emerald-400" />
        ) : (
          <Copy aria-hidden className="size-3.5" />
        )}
      </button>
      <span role="status" className="sr-only">
        {status === "copied" ? "Copied" : status === "failed" ? "Could not copy. Select the id and copy it by hand." : ""}
      </span>
    </span>
  );
}
