import "server-only";
import { sqlClient as sql } from "@/lib/db";
import { hashApiKey } from "@/lib/api-keys";
import { AppError } from "@/lib/errors";
import { annotateLog } from "@/lib/log";

export interface ApiCaller {
  keyId: string;
  userId: string;
  accountId: number;
}

// Per key: bursts of 1,000 requests, 100 a second sustained (DESIGN.md §5).
const RATE = { capacity: 1000, refillPerSecond: 100 };

/**
 * The caller behind `Authorization: Bearer <API key>`. One statement looks the
 * key up by its hash and takes a token from its rate-limit bucket.
 */
export async function authenticate(request: Request): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
  if (!match) {
    throw new AppError("unauthenticated", "Send an API key as `Authorization: Bearer <key>`. Create keys in Settings › API keys.");
  }
  const [row] = await sql<{ key_id: string; user_id: string; account_id: number; allowed: boolean; retry_after_seconds: number }[]>`
    select * from api_authenticate(${hashApiKey(match[1]!)}, ${RATE.capacity}::float8, ${RATE.refillPerSecond}::float8)`;
  if (!row) throw new AppError("unauthenticated", "This API key is not valid or has been revoked.");
  // The access line and every line after it name the account and the key's id, never the key.
  annotateLog({ accountId: Number(row.account_id), keyId: row.key_id });
  if (!row.allowed) {
    throw new AppError("rate_limited", "Too many requests for this API key. Slow down and retry.", {
      retryAfterSeconds: row.retry_after_seconds,
    });
  }
  return { keyId: row.key_id, userId: row.user_id, accountId: Number(row.account_id) };
}
