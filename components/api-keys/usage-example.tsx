/** How a key is used: one metered request with curl. */
export function UsageExample({ origin }: { origin: string }) {
  const sample = [
    `curl ${origin}/api/v1/usage \\`,
    `  -H "Authorization: Bearer $KEY" \\`,
    `  -H "Idempotency-Key: $(uuidgen)" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"feature":"chat","model":"claude-sonnet-4.5"}'`,
  ].join("\n");
  return (
    <figure className="text-left">
      <figcaption className="mb-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Record one chat request (the <code className="font-mono">Idempotency-Key</code> makes a retry safe for 7
        days; a retry after that is a new request):
      </figcaption>
      {/* Focusable so keyboard users can scroll the long lines on a narrow screen. */}
      <pre
        tabIndex={0}
        className="overflow-x-auto rounded-lg bg-zinc-950 p-4 font-mono text-xs leading-relaxed text-zinc-100 ring-1 ring-zinc-800"
      >
        <code>{sample}</code>
      </pre>
      <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
        A request the balance cannot pay answers <code className="font-mono">402 insufficient_credits</code>. A key with
        a monthly limit that it has used up (credits held by pending holds count) answers{" "}
        <code className="font-mono">402 key_limit_reached</code> until the month turns in your time zone, even while the
        account has credits. Neither uses up the Idempotency-Key: retry it with the same key later.
      </p>
    </figure>
  );
}
