import "server-only";
import type { Sql } from "postgres";
import { log } from "@/lib/log";

/**
 * What a server knows about an API key between two visits to the database
 * (issue 22). Looking the key up and taking a rate-limit token used to be one
 * write of the key's row per request: a second hot row beside the account.
 * Now a server takes tokens from the key's shared bucket in small leases
 * (api_take_lease, db/migrations/0017) and spends them from memory.
 *
 * - The limit holds across instances: every token spent was taken from the one
 *   bucket in PostgreSQL. A lease lapses after LEASE_MS, unspent tokens with it,
 *   so leases only ever make the limit stricter, never looser.
 * - Revocation is immediate: revoking (or deleting) a key NOTIFYs every server
 *   (a trigger, so every way of revoking does), and each forgets the key when it
 *   hears it; this server also forgets it at once when it revokes it itself. A
 *   NOTIFY missed while the LISTEN connection was down costs at most LEASE_MS:
 *   a lapsed lease sends the next request to the database, which checks the
 *   key again; after a reconnect everything cached is dropped.
 */

export const KEY_CHANGED_CHANNEL = "api_key_changed";
/** Tokens taken from the shared bucket at a time. */
const LEASE_TOKENS = 16;
/** How long a lease (and what it says about the key) is trusted. */
const LEASE_MS = 1000;
/** Keys remembered at most; beyond, the oldest is dropped (it is only a cache). */
const MAX_KEYS = 10_000;

export interface BucketRule {
  capacity: number;
  refillPerSecond: number;
}

export interface KeyOwner {
  keyId: string;
  userId: string;
  accountId: number;
}

export type KeyDecision =
  | ({ allowed: true } & KeyOwner)
  | ({ allowed: false; retryAfterSeconds: number } & KeyOwner)
  /** No such key, or revoked. */
  | null;

interface Lease extends KeyOwner {
  tokens: number;
  until: number;
}

type LeaseRow = { key_id: string; user_id: string; account_id: string; granted: number; retry_after_seconds: number };

export class KeyCache {
  private leases = new Map<string, Lease>();
  /** One lease request per key at a time; the other requests for that key wait for it. */
  private fetching = new Map<string, Promise<LeaseRow | null>>();
  private listening: Promise<void> | null = null;
  private heard = false;
  /** Counts forgets, so that a lease asked for before one is not kept after it. */
  private forgets = 0;

  constructor(
    private readonly sql: Sql,
    private readonly rule: BucketRule,
  ) {}

  /** Resolves once revocations are heard (leases are kept from then on). */
  whenListening(): Promise<void> {
    return (this.listening ??= this.listen());
  }

  /** Authenticates a key by its hash and spends one of its tokens. */
  async take(hash: string): Promise<KeyDecision> {
    void this.whenListening();
    for (;;) {
      const lease = this.leases.get(hash);
      if (lease && lease.until > Date.now() && lease.tokens >= 1) {
        lease.tokens -= 1;
        return owner(lease, true);
      }
      const inFlight = this.fetching.get(hash);
      if (inFlight) {
        const row = await inFlight;
        // Nothing granted: the bucket is empty (or the key unknown) for everyone waiting.
        if (!row) return null;
        if (row.granted < 1) return { ...ownerOf(row), allowed: false, retryAfterSeconds: row.retry_after_seconds };
        continue;
      }
      const forgetsBefore = this.forgets;
      const request = this.lease(hash);
      this.fetching.set(hash, request);
      let row: LeaseRow | null;
      try {
        row = await request;
      } finally {
        this.fetching.delete(hash);
      }
      if (!row) return null;
      if (row.granted < 1) return { ...ownerOf(row), allowed: false, retryAfterSeconds: row.retry_after_seconds };
      // The first token is this request's; the rest are kept only while a LISTEN is heard.
      if (this.heard && row.granted > 1 && this.forgets === forgetsBefore) this.remember(hash, { ...ownerOf(row), tokens: row.granted - 1, until: Date.now() + LEASE_MS });
      return { ...ownerOf(row), allowed: true };
    }
  }

  /** Forgets a key (revoked here, or heard revoked elsewhere). */
  forget(keyId: string) {
    this.forgets += 1;
    for (const [hash, lease] of this.leases) if (lease.keyId === keyId) this.leases.delete(hash);
  }

  private async lease(hash: string): Promise<LeaseRow | null> {
    // Until the LISTEN is heard nothing is kept, so a token at a time: none is lost.
    const want = this.heard ? LEASE_TOKENS : 1;
    const [row] = await this.sql<LeaseRow[]>`
      select * from api_take_lease(${hash}, ${this.rule.capacity}::float8, ${this.rule.refillPerSecond}::float8, ${want}::int)`;
    if (!row) this.leases.delete(hash);
    return row ?? null;
  }

  private remember(hash: string, lease: Lease) {
    this.leases.delete(hash);
    if (this.leases.size >= MAX_KEYS) this.leases.delete(this.leases.keys().next().value!);
    this.leases.set(hash, lease);
  }

  private listen(): Promise<void> {
    return this.sql
      .listen(
        KEY_CHANGED_CHANNEL,
        (keyId) => this.forget(keyId),
        () => {
          // (Re)connected: whatever was revoked meanwhile went unheard.
          this.leases.clear();
          this.heard = true;
        },
      )
      .then(
        () => undefined,
        (error: unknown) => log.error({ err: error }, "api keys: LISTEN failed; leases are not kept until it is back"),
      );
  }
}

function ownerOf(row: LeaseRow): KeyOwner {
  return { keyId: row.key_id, userId: row.user_id, accountId: Number(row.account_id) };
}

function owner(lease: Lease, allowed: true): KeyDecision {
  return { keyId: lease.keyId, userId: lease.userId, accountId: lease.accountId, allowed };
}
