/**
 * Stripe's idempotency: a key seen again with the same request replays the
 * first response (`Idempotent-Replayed: true`); with other parameters, or on
 * another endpoint, it is refused with `idempotency_error`. Concurrent
 * duplicates run once: the later ones wait for the first and replay it.
 * Keys are kept 24 hours. A request refused before the endpoint ran (bad
 * parameters) records nothing, so the key can be used again.
 */
import { ApiError } from "./errors";

export interface StoredResponse {
  status: number;
  body: string;
}

interface Entry {
  fingerprint: string;
  createdAt: number;
  result?: StoredResponse;
  pending?: Promise<StoredResponse | undefined>;
}

const RETENTION_MS = 24 * 60 * 60 * 1000;

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** `clock`: milliseconds since the epoch, the sandbox's (injectable, so tests can let 24 hours pass). */
  constructor(private readonly clock: () => number = Date.now) {}

  async run(
    key: string,
    fingerprint: string,
    execute: () => Promise<StoredResponse & { keep: boolean }>,
  ): Promise<{ response: StoredResponse; replayed: boolean }> {
    this.prune();
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new ApiError(400, {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      const result = existing.result ?? (await existing.pending);
      if (result) return { response: result, replayed: true };
      // The first attempt kept no result: this one runs for real.
      return this.run(key, fingerprint, execute);
    }

    const entry: Entry = { fingerprint, createdAt: this.clock() };
    let settle: (r: StoredResponse | undefined) => void = () => {};
    entry.pending = new Promise((resolve) => (settle = resolve));
    this.entries.set(key, entry);
    try {
      const { keep, ...response } = await execute();
      if (keep) entry.result = response;
      else this.entries.delete(key);
      settle(keep ? response : undefined);
      return { response, replayed: false };
    } catch (error) {
      this.entries.delete(key);
      settle(undefined);
      throw error;
    } finally {
      delete entry.pending;
    }
  }

  private prune(): void {
    const cutoff = this.clock() - RETENTION_MS;
    for (const [key, entry] of this.entries) {
      if (entry.createdAt >= cutoff) break; // insertion order is age order
      if (!entry.pending) this.entries.delete(key);
    }
  }
}
