import { clsx } from "clsx";
import type { ReactNode, TextareaHTMLAttributes } from "react";

/** A labelled textarea with its hint and error wired up for screen readers (the Field of components/ui, for long text). */
export function TextareaField({
  id,
  label,
  hint,
  error,
  className,
  inputClassName,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; label: string; hint?: ReactNode; error?: string; inputClassName?: string }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={clsx("space-y-1.5", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={clsx(hintId, errorId) || undefined}
        className={clsx(
          "block w-full rounded-lg border bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-400 dark:bg-zinc-900",
          error ? "border-red-500 focus-visible:outline-red-500" : "border-zinc-300 dark:border-zinc-700",
          inputClassName,
        )}
        {...textarea}
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
