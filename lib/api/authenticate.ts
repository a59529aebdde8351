import "server-only";
import { authenticateApiKey } from "@/lib/api-keys";
import { AppError } from "@/lib/errors";
import { annotateLog } from "@/lib/log";

export interface ApiCaller {
  keyId: string;
  userId: string;
  accountId: number;
}

/**
 * The caller behind `Authorization: Bearer <API key>`, after taking a token
 * from the key's rate limit (100/s, bursts of 1,000). Mostly answered from
 * memory: lib/api-keys keeps a short lease on the key's shared bucket.
 */
export async function authenticate(request: Request): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
  if (!match) {
    throw new AppError("unauthenticated", "Send an API key as `Authorization: Bearer <key>`. Create keys in Settings › API keys.");
  }
  const decision = await authenticateApiKey(match[1]!);
  if (!decision) throw new AppError("unauthenticated", "This API key is not valid or has been revoked.");
  // The access line and every line after it name the account and the key's id, never the key.
  annotateLog({ accountId: decision.accountId, keyId: decision.keyId });
  if (!decision.allowed) {
    throw new AppError("rate_limited", "Too many requests for this API key. Slow down and retry.", {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
  return { keyId: decision.keyId, userId: decision.userId, accountId: decision.accountId };
}
