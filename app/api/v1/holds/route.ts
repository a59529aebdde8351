import { answer } from "@/lib/api/answer";
import { authenticate } from "@/lib/api/authenticate";
import { idempotencyKey, parse, readJson, requestHash } from "@/lib/api/request";
import { handle } from "@/lib/api/respond";
import { holdSchema } from "@/lib/api/schemas";
import { placeHold } from "@/lib/credits";

export const dynamic = "force-dynamic";

/** Reserves up to maxCredits for a request whose cost is known only when it ends. */
export function POST(request: Request) {
  return handle(request, async () => {
    const caller = await authenticate(request);
    const key = idempotencyKey(request);
    const body = parse(holdSchema, await readJson(request));
    const result = await placeHold({
      accountId: caller.accountId,
      credits: body.maxCredits,
      ttlSeconds: body.ttlSeconds,
      feature: body.feature,
      model: body.model,
      metadata: body.metadata,
      idempotency: { key, hash: requestHash("hold", body) },
      apiKeyId: caller.keyId,
    });
    return answer(result);
  });
}
