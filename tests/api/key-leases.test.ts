/**
 * API keys served from leases on their shared bucket (issue 22): the limit
 * holds across server instances (each a KeyCache of its own on the same
 * database), and a revocation made anywhere is obeyed by every instance as
 * soon as its NOTIFY is heard. The naive control takes leases by reading the
 * bucket and then writing it back, and hands out more tokens than there were.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, sqlClient } from "@/lib/db";
import { API_KEY_RATE, authenticateApiKey, createApiKey, hashApiKey, revokeApiKey } from "@/lib/api-keys";
import { KEY_CHANGED_CHANNEL, KeyCache } from "@/lib/api-keys/key-cache";
import { createUser } from "../support/accounts";

/** The key's bucket as the app has it, but refilling so slowly that none come back during a test. */
const STILL = { capacity: API_KEY_RATE.capacity, refillPerSecond: 1e-6 };

/** A fresh key whose bucket holds exactly `tokens` (read under the STILL rule). */
async function keyWithTokens(tokens: number) {
  const { user } = await createUser();
  const { key, apiKey } = await createApiKey(user.id, "lease test");
  await db.execute(
    sql`update api_keys set rate_tokens = ${tokens}, rate_refilled_at = clock_timestamp() where id = ${apiKey.id}`,
  );
  return { user, key, apiKey, hash: hashApiKey(key) };
}

describe("rate-limit leases", () => {
  it("control: leases taken by read-then-write hand out more tokens than the bucket held", async () => {
    const { hash, apiKey } = await keyWithTokens(25);
    const naiveLease = async () => {
      const [row] = await sqlClient<{ rate_tokens: number }[]>`select rate_tokens from api_keys where hash = ${hash}`;
      const granted = Math.min(4, Math.floor(row!.rate_tokens));
      await sqlClient`update api_keys set rate_tokens = ${row!.rate_tokens - granted} where id = ${apiKey.id}`;
      return granted;
    };
    const granted = (await Promise.all(Array.from({ length: 40 }, naiveLease))).reduce((a, b) => a + b, 0);
    expect(granted).toBeGreaterThan(25);
  });

  it("two instances spending one key at once allow exactly what its bucket held", async () => {
    const { hash } = await keyWithTokens(25);
    const instances = [new KeyCache(sqlClient, STILL), new KeyCache(sqlClient, STILL)];
    await Promise.all(instances.map((instance) => instance.whenListening()));
    const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => instances[i % 2]!.take(hash)));
    expect(decisions.filter((d) => d?.allowed)).toHaveLength(25);
    const refused = decisions.filter((d) => d && !d.allowed);
    expect(refused).toHaveLength(35);
    for (const d of refused) expect(d).toMatchObject({ retryAfterSeconds: expect.any(Number) });
  });

  it("most requests are served from the lease: the key's row is written once per lease, not per request", async () => {
    const { hash, apiKey } = await keyWithTokens(1000);
    const instance = new KeyCache(sqlClient, STILL);
    await instance.whenListening(); // from then on leases are kept
    // Counts the writes of the key's row (this test's database is its own).
    await db.execute(sql`create table key_row_writes (at timestamptz)`);
    await db.execute(sql`create function count_key_write() returns trigger language plpgsql as $$
      begin insert into key_row_writes values (now()); return null; end $$`);
    await db.execute(sql`create trigger count_key_writes after update on api_keys for each row execute function count_key_write()`);
    for (let i = 0; i < 64; i++) expect(await instance.take(hash)).toMatchObject({ allowed: true, keyId: apiKey.id });
    const [writes] = await db.execute<{ n: string }>(sql`select count(*) as n from key_row_writes`);
    expect(Number(writes!.n)).toBeLessThanOrEqual(Math.ceil(64 / 16));
    const [row] = await db.execute<{ rate_tokens: number }>(sql`select rate_tokens from api_keys where id = ${apiKey.id}`);
    // Every request's token came out of the one bucket.
    expect(1000 - Math.round(Number(row!.rate_tokens))).toBeGreaterThanOrEqual(64);
  });

  it("a key revoked by another instance stops working here as soon as the NOTIFY is heard", async () => {
    const { hash, apiKey } = await keyWithTokens(1000);
    const here = new KeyCache(sqlClient, STILL);
    await here.whenListening();
    expect(await here.take(hash)).toMatchObject({ allowed: true });
    expect(await here.take(hash)).toMatchObject({ allowed: true }); // from the lease now
    // Our own listener on the same LISTEN connection is called after the cache's.
    let heard: () => void = () => {};
    const notified = new Promise<void>((resolve) => (heard = resolve));
    await sqlClient.listen(KEY_CHANGED_CHANNEL, (id) => id === apiKey.id && heard());
    // Another instance revokes it: straight in the database, not through this process's revokeApiKey.
    await db.execute(sql`update api_keys set revoked_at = now() where id = ${apiKey.id}`);
    await notified;
    expect(await here.take(hash)).toBeNull();
  });

  it("a key revoked by this server stops working at once", async () => {
    const { user, key, apiKey } = await keyWithTokens(1000);
    expect(await authenticateApiKey(key)).toMatchObject({ allowed: true });
    expect(await authenticateApiKey(key)).toMatchObject({ allowed: true });
    await revokeApiKey(user.id, apiKey.id);
    expect(await authenticateApiKey(key)).toBeNull();
  });
});
