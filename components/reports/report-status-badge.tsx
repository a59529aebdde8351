import { clsx } from "clsx";
import { CheckCircle2, CircleDot, Search, XCircle } from "lucide-react";

const styles = {
  open: {
    label: "Open",
    Icon: CircleDot,
    className: "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-400/30",
  },
  investigating: {
    label: "Investigating",
    Icon: Search,
    className: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/30",
  },
  resolved: {
    label: "Resolved",
    Icon: CheckCircle2,
    className: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-400/30",
  },
  rejected: {
    label: "Rejected",
    Icon: XCircle,
    className: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-400/30",
  },
} as const;

/** A report's status in words and an icon, so colour is never the only signal. */
export function ReportStatusBadge({ status }: { status: keyof typeof styles }) {
  const { label, Icon, className } = styles[status];
  return (
    <span className={clsx("inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", className)}>
      <Icon aria-hidden className="size-3.5" />
      {label}
    </span>
  );
}
