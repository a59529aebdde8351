import { authenticate } from "@/lib/api/authenticate";
import { parse, readJson } from "@/lib/api/request";
import { handle } from "@/lib/api/respond";
import { captureSchema } from "@/lib/api/schemas";
import { holdId, settled } from "@/lib/api/settle";
import { captureHold } from "@/lib/credits";

export const dynamic = "force-dynamic";

/** Charges the actual cost (at most what was held); the rest is freed. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const caller = await authenticate(request);
    const id = holdId((await params).id);
    const { credits } = parse(captureSchema, await readJson(request));
    return settled(await captureHold(caller.accountId, id, credits));
  });
}
