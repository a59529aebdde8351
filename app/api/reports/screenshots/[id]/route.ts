import { handle, json } from "@/lib/api/respond";
import { currentUser } from "@/lib/auth/session";
import { accountIdForUser } from "@/lib/credits";
import { readScreenshot } from "@/lib/reports";

export const dynamic = "force-dynamic";

const notFound = () => json({ error: { code: "not_found", message: "No such screenshot." } }, 404);

/** A report's screenshot, for the account that uploaded it and for admins; 404 for anyone else. */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const user = await currentUser();
    if (!user) return notFound();
    const { id } = await params;
    const shot = await readScreenshot(id, user.isAdmin ? { admin: true } : { accountId: await accountIdForUser(user.id) });
    if (!shot) return notFound();
    return new Response(new Uint8Array(shot.data), {
      headers: {
        "Content-Type": shot.contentType,
        "Content-Length": String(shot.byteSize),
        "Content-Disposition": "inline",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
      },
    });
  });
}
