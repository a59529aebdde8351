"use client";

import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";

export interface BalanceSnapshot {
  balance: number;
  available: number;
  held: number;
}

export interface BalanceChange {
  previous: number;
  next: number;
  /** next − previous: negative for a debit. */
  delta: number;
  /** Date.now() when it arrived. */
  at: number;
}

export interface LiveBalance extends BalanceSnapshot {
  /** Whether the live stream is open right now. */
  connected: boolean;
  /** The last change of the balance seen live (null until one arrives). */
  lastChange: BalanceChange | null;
}

const BalanceContext = createContext<LiveBalance | null>(null);

const STREAM_URL = "/api/balance/stream";
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

function isSnapshot(value: unknown): value is BalanceSnapshot {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return [v.balance, v.available, v.held].every((n) => typeof n === "number" && Number.isFinite(n));
}

/**
 * The account's balance, kept live: one EventSource per tab on
 * /api/balance/stream. The server sends the current balance on every
 * (re)connect, so a drop loses nothing. EventSource retries a dropped stream
 * by itself; when it gives up (closed) we reopen with backoff, and at once
 * when the tab becomes visible or the network comes back. A stream closed as
 * the user's oldest (`evicted`) reopens only when its tab becomes visible again.
 */
export function BalanceProvider({ initial, children }: { initial: BalanceSnapshot; children: React.ReactNode }) {
  const [snapshot, setSnapshot] = useState<BalanceSnapshot>(initial);
  const [connected, setConnected] = useState(false);
  const [lastChange, setLastChange] = useState<BalanceChange | null>(null);
  const balanceRef = useRef(initial.balance);

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let backoff = MIN_BACKOFF_MS;
    let disposed = false;

    const onBalance = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      if (!isSnapshot(data)) return;
      backoff = MIN_BACKOFF_MS;
      const previous = balanceRef.current;
      balanceRef.current = data.balance;
      setSnapshot({ balance: data.balance, available: data.available, held: data.held });
      if (data.balance !== previous) {
        setLastChange({ previous, next: data.balance, delta: data.balance - previous, at: Date.now() });
      }
    };

    const open = () => {
      if (disposed) return;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      source?.close();
      const es = new EventSource(STREAM_URL);
      source = es;
      es.addEventListener("balance", onBalance);
      // This user opened more streams than the server keeps (10 per user; e.g. many tabs), and
      // this one was the oldest. Reconnecting now would evict the next-oldest tab, which would
      // do the same, forever: wait instead until this tab is looked at again (`wake`).
      es.addEventListener("evicted", () => {
        es.close();
        if (source === es) source = null;
        clearTimeout(retryTimer);
        retryTimer = undefined;
        setConnected(false);
      });
      es.onopen = () => setConnected(true);
      es.onerror = () => {
        setConnected(false);
        // CONNECTING: the browser is retrying by itself. CLOSED: it gave up
        // (e.g. a 401 or a 5xx), so we try again later, more slowly each time.
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          if (source === es) source = null;
          scheduleReopen();
        }
      };
    };

    const scheduleReopen = () => {
      if (disposed || retryTimer !== undefined) return;
      const delay = backoff + Math.random() * backoff * 0.3;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        if (document.visibilityState === "visible" && navigator.onLine !== false) open();
        // Hidden or offline: `wake` reopens when that changes.
      }, delay);
    };

    /** Back on screen or online: reopen now if the stream is not healthy. */
    const wake = () => {
      if (document.visibilityState !== "visible" || navigator.onLine === false) return;
      // A stream still "connecting" after the tab slept or the network came back may be
      // waiting out a long retry; a fresh one costs one request and brings the balance.
      if (source?.readyState === EventSource.OPEN) return;
      backoff = MIN_BACKOFF_MS;
      open();
    };

    // The stream cannot survive this; a fresh one opens when the network is back.
    const offline = () => {
      clearTimeout(retryTimer);
      retryTimer = undefined;
      source?.close();
      source = null;
      setConnected(false);
    };

    open();
    document.addEventListener("visibilitychange", wake);
    window.addEventListener("online", wake);
    window.addEventListener("offline", offline);
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      source?.close();
      document.removeEventListener("visibilitychange", wake);
      window.removeEventListener("online", wake);
      window.removeEventListener("offline", offline);
    };
  }, []);

  const value = useMemo<LiveBalance>(
    () => ({ ...snapshot, connected, lastChange }),
    [snapshot, connected, lastChange],
  );
  return <BalanceContext.Provider value={value}>{children}</BalanceContext.Provider>;
}

/** The live balance of the signed-in account; only inside BalanceProvider. */
export function useBalance(): LiveBalance {
  const value = useContext(BalanceContext);
  if (!value) throw new Error("useBalance must be used inside <BalanceProvider>");
  return value;
}
