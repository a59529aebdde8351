import { clsx } from "clsx";
import { Ban, CheckCircle2, Clock3, TimerOff, Undo2 } from "lucide-react";

const styles = {
  captured: {
    label: "Charged",
    Icon: CheckCircle2,
    className: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-400/30",
  },
  pending: {
    label: "Pending",
    Icon: Clock3,
    className: "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-400/30",
  },
  released: {
    label: "Returned",
    Icon: Undo2,
    className: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-400/30",
  },
  expired: {
    label: "Expired",
    Icon: TimerOff,
    className: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/30",
  },
  refused: {
    label: "Blocked — not enough credits",
    Icon: Ban,
    className: "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-950 dark:text-red-200 dark:ring-red-400/30",
  },
} as const;

/**
 * A request's status in the words people use (the log's machine values —
 * captured, released, refused — stay in the API and the CSV), with an icon,
 * so colour is never the only signal.
 */
export function StatusBadge({ status }: { status: string }) {
  const style = styles[status as keyof typeof styles] ?? styles.released;
  const { Icon } = style;
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        style.className,
      )}
    >
      <Icon aria-hidden className="size-3.5" />
      {status in styles ? style.label : status}
    </span>
  );
}
