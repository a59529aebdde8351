import { authenticate } from "@/lib/api/authenticate";
import { handle, json } from "@/lib/api/respond";
import { getBalance } from "@/lib/credits";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handle(request, async () => {
    const caller = await authenticate(request);
    const balance = await getBalance(caller.accountId);
    // Auto-refill settings arrive with the auto-refill issue; until then it is off.
    return json({ ...balance, autoRefill: { enabled: false } });
  });
}
