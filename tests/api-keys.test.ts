import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { apiKeys, creditAccounts, users } from "@/db/schema";
import {
  createApiKey,
  generateApiKey,
  hashApiKey,
  listApiKeys,
  MAX_ACTIVE_API_KEYS,
  revokeApiKey,
} from "@/lib/api-keys";
import { AppError } from "@/lib/errors";

async function newUser() {
  const id = randomUUID();
  await db.insert(users).values({ id, email: `${id}@example.com` });
  return id;
}

async function storedRows(userId: string) {
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId));
}

describe("API keys", () => {
  it("hashes with SHA-256 hex, the signature the metering API relies on", () => {
    expect(hashApiKey("cr_test")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(generateApiKey()).toMatch(/^cr_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(generateApiKey());
  });

  it("stores the hash and the prefix, never the key", async () => {
    const userId = await newUser();
    const { key, apiKey } = await createApiKey(userId, "  CI pipeline  ");
    expect(key).toMatch(/^cr_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: "CI pipeline", prefix: key.slice(0, 11), lastUsedAt: null, revokedAt: null });
    expect(apiKey.id).toMatch(/^key_[A-Za-z0-9_-]{22}$/);

    const [row] = await storedRows(userId);
    expect(row!.hash).toBe(hashApiKey(key));
    expect(row!.prefix).toBe(key.slice(0, 11));
    expect(Object.values(row!).some((v) => typeof v === "string" && v.includes(key))).toBe(false);
    // The key belongs to the user's credit account.
    const [account] = await db.select().from(creditAccounts).where(eq(creditAccounts.userId, userId));
    expect(row!.accountId).toBe(account!.id);
  });

  it("refuses an empty or overlong name", async () => {
    const userId = await newUser();
    await expect(createApiKey(userId, "   ")).rejects.toMatchObject({ code: "invalid_request", param: "name" });
    await expect(createApiKey(userId, "x".repeat(61))).rejects.toMatchObject({ code: "invalid_request" });
    expect(await storedRows(userId)).toHaveLength(0);
  });

  it("lists only the user's own keys, newest first", async () => {
    const alice = await newUser();
    const bob = await newUser();
    await createApiKey(alice, "first");
    await createApiKey(bob, "bob's");
    await createApiKey(alice, "second");

    const listed = await listApiKeys(alice);
    expect(listed.map((k) => k.name)).toEqual(["second", "first"]);
    expect(listed[0]).not.toHaveProperty("hash");
    expect((await listApiKeys(bob)).map((k) => k.name)).toEqual(["bob's"]);
  });

  it("revokes the user's own key, once", async () => {
    const userId = await newUser();
    const { apiKey } = await createApiKey(userId, "laptop");
    const revoked = await revokeApiKey(userId, apiKey.id);
    expect(revoked.revokedAt).toBeInstanceOf(Date);

    const again = await revokeApiKey(userId, apiKey.id);
    expect(again.revokedAt).toEqual(revoked.revokedAt);
    expect((await listApiKeys(userId))[0]!.revokedAt).toEqual(revoked.revokedAt);
  });

  it("answers not found for another user's key and changes nothing", async () => {
    const alice = await newUser();
    const mallory = await newUser();
    const { apiKey } = await createApiKey(alice, "production");
    const before = await storedRows(alice);

    const attempt = revokeApiKey(mallory, apiKey.id);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "not_found", status: 404 });
    await expect(revokeApiKey(mallory, "key_does_not_exist")).rejects.toMatchObject({ code: "not_found" });

    expect(await storedRows(alice)).toEqual(before);
    expect(before[0]!.revokedAt).toBeNull();
  });

  it(`caps active keys at ${MAX_ACTIVE_API_KEYS}, even when created concurrently`, async () => {
    const userId = await newUser();
    const results = await Promise.allSettled(
      Array.from({ length: MAX_ACTIVE_API_KEYS + 5 }, (_, i) => createApiKey(userId, `key ${i}`)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_ACTIVE_API_KEYS);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "invalid_request" });
    expect(await storedRows(userId)).toHaveLength(MAX_ACTIVE_API_KEYS);

    // A revoked key frees its place.
    const [first] = await listApiKeys(userId);
    await revokeApiKey(userId, first!.id);
    await expect(createApiKey(userId, "replacement")).resolves.toMatchObject({ apiKey: { name: "replacement" } });
    await expect(createApiKey(userId, "one too many")).rejects.toMatchObject({ code: "invalid_request" });
  });
});
