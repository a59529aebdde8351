import { handle, json } from "@/lib/api/respond";
import { currentUser } from "@/lib/auth/session";
import { accountIdForUser } from "@/lib/credits";
import { balanceStream } from "@/lib/live-balance/stream";

export const dynamic = "force-dynamic";

/**
 * The signed-in account's live balance as server-sent events (lib/live-balance/stream.ts).
 * Through `handle` so that a database outage while opening it is a 503, which
 * EventSource treats like any failed connect: it tries again later.
 */
export function GET(request: Request) {
  return handle(request, async () => {
    const user = await currentUser();
    if (!user) {
      return json({ error: { code: "unauthenticated", message: "Sign in to follow your balance." } }, 401);
    }
    return new Response(balanceStream(await accountIdForUser(user.id), request.signal), {
      headers: {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",
      },
    });
  });
}
