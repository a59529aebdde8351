import { CircleDot, Coins, MessageSquare, RefreshCw } from "lucide-react";
import type { ReportEvent } from "@/db/schema";
import { ReportStatusBadge } from "./report-status-badge";
import { formatDateTime } from "@/lib/credits/shared";


function Entry({ event, showActors }: { event: ReportEvent; showActors?: Map<string, string> }) {
  const actor = showActors && event.actorUserId ? showActors.get(event.actorUserId) : undefined;
  switch (event.kind) {
    case "created":
      return <p>Report sent{actor ? ` by ${actor}` : ""}.</p>;
    case "status":
      return (
        <div className="space-y-1">
          <p className="flex flex-wrap items-center gap-1.5">
            Status changed to {event.status ? <ReportStatusBadge status={event.status} /> : null}
            {actor ? <span className="text-zinc-600 dark:text-zinc-400">by {actor}</span> : null}
          </p>
          {event.body ? <p className="whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{event.body}</p> : null}
        </div>
      );
    case "reply":
      return (
        <div className="space-y-1">
          <p className="font-medium">Support replied{actor ? ` (${actor})` : ""}</p>
          <p className="whitespace-pre-wrap rounded-lg bg-zinc-50 px-3 py-2 text-zinc-800 dark:bg-zinc-800/60 dark:text-zinc-200">{event.body}</p>
        </div>
      );
    case "adjustment":
      return (
        <div className="space-y-1">
          <p className="font-medium text-emerald-800 dark:text-emerald-300">
            {event.credits?.toLocaleString("en-US")} credits added to {showActors ? "the user's" : "your"} balance{actor ? ` by ${actor}` : ""}
          </p>
          {event.body ? <p className="text-zinc-700 dark:text-zinc-300">Reason: {event.body}</p> : null}
        </div>
      );
  }
}

const icons = { created: CircleDot, status: RefreshCw, reply: MessageSquare, adjustment: Coins } as const;

/** A report's history, oldest first: sent, status changes, replies, the credit adjustment. */
/** `timeZone`: the reader's (support reads in UTC). */
export function ReportHistory({
  events,
  actors,
  timeZone,
}: {
  events: ReportEvent[];
  actors?: Map<string, string>;
  timeZone: string;
}) {
  return (
    <ol className="space-y-4">
      {events.map((event) => {
        const Icon = icons[event.kind];
        return (
          <li key={event.id} className="flex gap-3 text-sm">
            <span aria-hidden className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
              <Icon className="size-3.5" />
            </span>
            <div className="min-w-0 flex-1 space-y-1">
              <Entry event={event} showActors={actors} />
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                <time dateTime={event.createdAt.toISOString()}>{formatDateTime(event.createdAt, timeZone)}{timeZone === "UTC" ? " UTC" : ""}</time>
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
