import { handle, json } from "@/lib/api/respond";
import { requireUserForAction } from "@/lib/auth/session";
import { accountIdForUser } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import { MAX_SCREENSHOT_BYTES, readLimited, saveScreenshot } from "@/lib/reports";
import { assertSameOrigin } from "@/lib/security/same-origin";

export const dynamic = "force-dynamic";

/**
 * Uploads one screenshot (the raw file as the body) for a report about to be
 * sent. A route handler, not a server action: actions take at most 1 MB. The
 * size is enforced while the body streams in; the type comes from its bytes.
 * It acts on the session cookie, so another site's Origin is refused as actions refuse it.
 */
export function POST(request: Request) {
  return handle(request, async () => {
    assertSameOrigin(request);
    const user = await requireUserForAction();
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > MAX_SCREENSHOT_BYTES) {
      throw new AppError("payload_too_large", "This file is larger than 5 MB. Crop or compress the screenshot and try again.", {
        param: "screenshots",
      });
    }
    const bytes = await readLimited(request.body);
    const saved = await saveScreenshot(await accountIdForUser(user.id), bytes);
    return json(saved, 201);
  });
}
