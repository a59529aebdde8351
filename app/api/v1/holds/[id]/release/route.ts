import { authenticate } from "@/lib/api/authenticate";
import { handle } from "@/lib/api/respond";
import { holdId, settled } from "@/lib/api/settle";
import { releaseHold } from "@/lib/credits";

export const dynamic = "force-dynamic";

/** Frees a hold without charging anything. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const caller = await authenticate(request);
    const id = holdId((await params).id);
    return settled(await releaseHold(caller.accountId, id));
  });
}
