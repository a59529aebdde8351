/**
 * A reader of GET /api/balance/stream, as a browser tab's EventSource would
 * hold it open: it collects the `balance` events and lets a test wait for one
 * that matches. It does not reconnect by itself; a test that wants to see the
 * stream survive an outage checks that it stays open.
 */
export interface BalanceData {
  balance: number;
  available: number;
  held: number;
}

export interface BalanceStreamReader {
  events: BalanceData[];
  /** Resolves with the first event (already seen or still to come) after index `from` that matches. */
  waitFor(match: (event: BalanceData) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<BalanceData>;
  /** True while the server keeps the response open. */
  open(): boolean;
  close(): void;
}

export async function openBalanceStream(baseUrl: string, cookie: string): Promise<BalanceStreamReader> {
  const abort = new AbortController();
  // Bounded until the headers arrive (a server that never answers fails the test, not hangs it); open after that.
  const connecting = setTimeout(() => abort.abort(new Error("balance stream: no answer within 30 s")), 30_000);
  const response = await fetch(`${baseUrl}/api/balance/stream`, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal }).finally(() =>
    clearTimeout(connecting),
  );
  if (response.status !== 200 || !response.body) throw new Error(`balance stream answered ${response.status}`);
  const events: BalanceData[] = [];
  const waiters = new Set<() => void>();
  let isOpen = true;

  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split("\n");
          if (!lines.includes("event: balance")) continue;
          const data = lines.find((l) => l.startsWith("data: "));
          if (data) events.push(JSON.parse(data.slice(6)) as BalanceData);
          for (const wake of [...waiters]) wake();
        }
      }
    } catch {
      // Aborted by close(), or the connection dropped: either way the stream is over.
    } finally {
      isOpen = false;
      for (const wake of [...waiters]) wake();
    }
  })();

  return {
    events,
    open: () => isOpen,
    close: () => abort.abort(),
    waitFor(match, { from = 0, timeoutMs = 30_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find(match);
          if (found) return done(() => resolve(found));
          if (!isOpen) done(() => reject(new Error(`balance stream closed; events: ${JSON.stringify(events)}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no matching balance event in ${timeoutMs} ms; events: ${JSON.stringify(events)}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
