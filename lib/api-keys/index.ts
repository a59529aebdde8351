import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db, sqlClient } from "@/lib/db";
import { apiKeySpend, apiKeys, users } from "@/db/schema";
import { timeZoneOfUser } from "@/lib/account";
import { accountIdForUser, now } from "@/lib/credits";
import { monthOf } from "@/lib/credits/shared";
import { AppError } from "@/lib/errors";

import { KeyCache, type KeyDecision } from "./key-cache";

/** Per key: bursts of 1,000 requests, 100 a second sustained (DESIGN.md §5). */
export const API_KEY_RATE = { capacity: 1000, refillPerSecond: 100 };

// One per server process, kept across hot reloads in development (one LISTEN).
const globalForKeys = globalThis as unknown as { creditsKeyCache?: KeyCache };
const keyCache = (globalForKeys.creditsKeyCache ??= new KeyCache(sqlClient, API_KEY_RATE));

/**
 * The owner of an API key, spending one token of its rate limit (`allowed:
 * false` when none is left); null for a key that does not exist or is revoked.
 * Served from this server's lease on the key's bucket when it has one (./key-cache.ts).
 */
export function authenticateApiKey(key: string): Promise<KeyDecision> {
  return keyCache.take(hashApiKey(key));
}

/** Active (unrevoked) keys one user may hold at a time. */
export const MAX_ACTIVE_API_KEYS = 20;

/** How many leading characters of a key are kept and shown, so people can tell keys apart. */
export const API_KEY_PREFIX_LENGTH = 11;

export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1, "Give the key a name.")
  .max(60, "Use at most 60 characters.");

/** The most a key's monthly limit may be, in credits. */
export const MAX_MONTHLY_LIMIT = 10_000_000;

/**
 * A key's monthly limit as a form sends it: whole credits 1..10,000,000, or
 * empty for no limit (null). Digits only (with optional thousands commas), so
 * "1e3", " 5 " and "0x10" are refused rather than read as numbers.
 */
export const monthlyLimitSchema = z
  .string()
  .max(20, "Enter a whole number of credits.")
  .transform((value) => value.trim().replaceAll(",", ""))
  .refine((value) => /^\d*$/.test(value), "Enter a whole number of credits, or leave it empty for no limit.")
  .transform((value) => (value === "" ? null : Number(value)))
  .refine((value) => value === null || value >= 1, "The limit must be at least 1 credit.")
  .refine(
    (value) => value === null || value <= MAX_MONTHLY_LIMIT,
    `The limit can be at most ${MAX_MONTHLY_LIMIT.toLocaleString("en-US")} credits.`,
  );

/** What the settings page shows of a key: never the key itself, nor its hash. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Credits per calendar month in the user's time zone; null = no limit of its own. */
  monthlyLimit: number | null;
}

/** A key as the keys table lists it: with what it used of its limit this month. */
export interface ApiKeyRow extends ApiKeySummary {
  /** Spent plus held by pending holds, this month (0 for keys without a limit: not counted). */
  usedThisMonth: number;
}

/**
 * The stored form of a key: SHA-256 (hex) of the whole key. A fast hash is
 * enough because keys are 256 random bits, not guessable passwords, and the
 * metering API must look a key up on every request.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A new secret key: `cr_` and 32 random bytes (base64url). */
export function generateApiKey(): string {
  return `cr_${randomBytes(32).toString("base64url")}`;
}

const summaryColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  monthlyLimit: apiKeys.monthlyLimit,
};

/**
 * Creates a key for the user. The returned `key` is the only time the secret
 * exists outside the caller's hands: only its hash is stored.
 */
export async function createApiKey(
  userId: string,
  name: string,
  monthlyLimit: number | null = null,
): Promise<{ key: string; apiKey: ApiKeySummary }> {
  assertMonthlyLimit(monthlyLimit);
  const parsedName = apiKeyNameSchema.safeParse(name);
  if (!parsedName.success) {
    throw new AppError("invalid_request", parsedName.error.issues[0]?.message ?? "Give the key a name.", {
      param: "name",
      status: 422,
    });
  }
  const accountId = await accountIdForUser(userId);
  const key = generateApiKey();

  const apiKey = await db.transaction(async (tx) => {
    // Locking the user row serializes concurrent creations, so the cap holds under races.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const [active] = await tx
      .select({ n: count() })
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
    if ((active?.n ?? 0) >= MAX_ACTIVE_API_KEYS) {
      throw new AppError(
        "invalid_request",
        `You have ${MAX_ACTIVE_API_KEYS} active keys, the most allowed. Revoke one you no longer use first.`,
        { status: 422 },
      );
    }
    const [created] = await tx
      .insert(apiKeys)
      .values({
        id: `key_${randomBytes(16).toString("base64url")}`,
        userId,
        accountId,
        name: parsedName.data,
        prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
        hash: hashApiKey(key),
        monthlyLimit,
      })
      .returning(summaryColumns);
    return created!;
  });
  return { key, apiKey };
}

/**
 * The user's keys, newest first, revoked ones included (they stay listed as
 * revoked), each with what it used this calendar month in the user's zone.
 */
export async function listApiKeys(userId: string): Promise<ApiKeyRow[]> {
  const month = `${monthOf(now(), await timeZoneOfUser(userId))}-01`;
  const rows = await db
    .select({ ...summaryColumns, spent: apiKeySpend.spent, held: apiKeySpend.held })
    .from(apiKeys)
    .leftJoin(apiKeySpend, and(eq(apiKeySpend.keyId, apiKeys.id), eq(apiKeySpend.month, month)))
    .where(eq(apiKeys.userId, userId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map(({ spent, held, ...key }) => ({ ...key, usedThisMonth: (spent ?? 0) + (held ?? 0) }));
}

function assertMonthlyLimit(limit: number | null) {
  if (limit !== null && (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_MONTHLY_LIMIT)) {
    throw new AppError("invalid_request", `The limit must be a whole number from 1 to ${MAX_MONTHLY_LIMIT.toLocaleString("en-US")}.`, {
      param: "monthlyLimit",
      status: 422,
    });
  }
}

/**
 * Sets (or, with null, clears) the monthly limit of one of the user's keys.
 * It applies to the next request: the ledger reads it under the account lock.
 * Another user's key, a revoked key or an unknown id is `not_found`.
 */
export async function setApiKeyLimit(userId: string, id: string, monthlyLimit: number | null): Promise<ApiKeySummary> {
  assertMonthlyLimit(monthlyLimit);
  const [updated] = await db
    .update(apiKeys)
    .set({ monthlyLimit })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning(summaryColumns);
  if (!updated) throw new AppError("not_found", "That API key does not exist or has been revoked.");
  return updated;
}

/**
 * Revokes one of the user's keys; it stops authenticating at once. Revoking a
 * key twice keeps the first revocation time. Another user's key, or an id that
 * does not exist, is `not_found` — the same answer, so ids cannot be probed.
 */
export async function revokeApiKey(userId: string, id: string): Promise<ApiKeySummary> {
  const [revoked] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning(summaryColumns);
  if (revoked) {
    // Other servers hear of it by NOTIFY (a trigger); this one forgets it now.
    keyCache.forget(revoked.id);
    return revoked;
  }

  const [already] = await db
    .select(summaryColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)));
  if (!already) throw new AppError("not_found", "That API key does not exist.");
  return already;
}
