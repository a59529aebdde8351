import { clsx } from "clsx";
import type { InputHTMLAttributes, ReactNode } from "react";

/** A labelled input with its hint and error wired up for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={clsx("space-y-1.5", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={clsx(hintId, errorId) || undefined}
        className={clsx(
          "block h-10 w-full rounded-lg border bg-white px-3 text-sm shadow-sm placeholder:text-zinc-400 dark:bg-zinc-900",
          error
            ? "border-red-500 focus-visible:outline-red-500"
            : "border-zinc-300 dark:border-zinc-700",
        )}
        {...input}
      />
      {hint ? (
        <div id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
