/**
 * Delivers events to the app the way Stripe does: POST of the event JSON,
 * `Stripe-Signature: t=<unix ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">` keyed
 * by the whsec_ secret, re-signed on every attempt, retried with exponential
 * backoff on a non-2xx answer or a network error, a bounded number of times.
 * First attempts go out in the order the events happened; retries run on
 * their own timers, so one failing event does not hold up the others.
 */
import { createHmac } from "node:crypto";

export function signPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

export interface DeliveryAttempt {
  eventId: string;
  attempt: number;
  /** HTTP status, or undefined when the request itself failed. */
  status?: number;
  error?: string;
  at: number;
}

export interface WebhookOptions {
  url?: string;
  secret: string;
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
  /** Called once an event is delivered (2xx), to clear its `pending_webhooks`. */
  onDelivered(eventId: string): void;
}

export class WebhookDispatcher {
  readonly attempts: DeliveryAttempt[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: WebhookOptions) {}

  get url(): string | undefined {
    return this.options.url;
  }

  setUrl(url: string | undefined): void {
    this.options.url = url;
  }

  enqueue(eventId: string, payload: string): void {
    if (!this.options.url || this.closed) return;
    this.chain = this.chain.then(() => this.attempt(eventId, payload, 1));
    this.track(this.chain);
  }

  /** Resolves once no delivery is queued, running or waiting for a retry. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.all([...this.inFlight]);
      if (this.timers.size > 0) await new Promise((r) => setTimeout(r, 5));
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async attempt(eventId: string, payload: string, attempt: number): Promise<void> {
    const url = this.options.url;
    if (!url || this.closed) return;
    const record: DeliveryAttempt = { eventId, attempt, at: Date.now() };
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signPayload(payload, this.options.secret, Math.floor(Date.now() / 1000)),
        },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      record.status = response.status;
      await response.body?.cancel();
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.attempts.push(record);
    if (record.status !== undefined && record.status >= 200 && record.status < 300) {
      this.options.onDelivered(eventId);
      return;
    }
    if (attempt >= this.options.maxAttempts || this.closed) return;
    const delay = this.options.retryBaseMs * 2 ** (attempt - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.attempt(eventId, payload, attempt + 1));
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
