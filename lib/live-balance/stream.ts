import "server-only";
import { getBalance } from "@/lib/credits";
import { bindLogContext, log } from "@/lib/log";
import { subscribe, whenListening, type BalanceEvent } from "./index";
import { claimStreamSlot } from "./stream-limits";

const HEARTBEAT_MS = 15_000;
/** How long EventSource waits before reconnecting after a drop. */
const RETRY_MS = 3_000;

/**
 * Server-sent events with an account's balance: the current one first on
 * every (re)connect, since NOTIFYs sent while disconnected are gone, then one
 * `balance` event per change, and a comment every 15 s so proxies and load
 * balancers keep the connection open. Ends, and unsubscribes, when `signal` aborts, or with
 * an `evicted` event when the user opens more than STREAMS_PER_USER (stream-limits.ts).
 * Throws a 503 AppError when this process holds as many streams as it may.
 */
export function balanceStream(accountId: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanUp = () => {};
  let evicted = false;
  const opened = performance.now();
  // Taken before the stream exists, so a refusal is an ordinary error response.
  const release = claimStreamSlot(accountId, () => {
    evicted = true;
    cleanUp();
  });
  cleanUp = release;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let ready = false;
      const queued: BalanceEvent[] = [];
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanUp();
        }
      };
      const sendBalance = ({ balance, available, held }: Omit<BalanceEvent, "accountId">) =>
        send(`event: balance\ndata: ${JSON.stringify({ balance, available, held })}\n\n`);

      // Subscribe before reading, so that no change falls between the read and the first event.
      // A watch that fails (even after the wait below gave up on it) closes the stream: the browser reconnects.
      const unsubscribe = subscribe(
        accountId,
        (event) => (ready ? sendBalance(event) : queued.push(event)),
        () => cleanUp(),
      );
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      // Bound to the request's log context: it runs from an abort event, after the handler returned.
      cleanUp = bindLogContext(() => {
        if (closed) return;
        // Told before the end, so the browser closes it rather than reconnecting (balance-provider.tsx).
        if (evicted) send(`event: evicted\ndata: {"reason":"too_many_streams"}\n\n`);
        closed = true;
        release();
        log.debug({ accountId, evicted, openMs: Math.round(performance.now() - opened) }, "balance stream closed");
        clearInterval(heartbeat);
        unsubscribe();
        signal.removeEventListener("abort", cleanUp);
        try {
          controller.close();
        } catch {
          // Already closed or errored by the runtime.
        }
      });
      if (signal.aborted) return cleanUp();
      signal.addEventListener("abort", cleanUp);

      send(`retry: ${RETRY_MS}\n\n`);
      try {
        await whenListening(5000, accountId);
        sendBalance(await getBalance(accountId));
      } catch (error) {
        log.error({ err: error }, "balance stream: could not read the balance");
        // Closing makes the browser reconnect (after `retry`) and try again.
        return cleanUp();
      }
      // Notifications that arrived during the read come after it, in commit order,
      // so the last event the client sees is always the latest balance.
      ready = true;
      for (const event of queued.splice(0)) sendBalance(event);
    },
    cancel() {
      cleanUp();
    },
  });

  return stream;
}
