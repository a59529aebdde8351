import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { User } from "@/db/schema";
import { debit, grantCredits, manualClock, setClock } from "@/lib/credits";
import { createUser } from "../support/accounts";

// The route reads the session through lib/auth/session; here it is whoever the test says.
const session = vi.hoisted(() => ({ user: null as User | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

const { GET } = await import("@/app/(dashboard)/usage/export/route");

function get(query: string, timeZone?: string) {
  return GET(new NextRequest(`http://localhost/usage/export${query}`, { headers: timeZone ? { cookie: `tz=${timeZone}` } : {} }));
}

describe("the usage page's CSV export", () => {
  beforeEach(() => {
    session.user = null;
  });

  it("answers 401 without a session", async () => {
    const res = await get("");
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthenticated");
  });

  it("exports the signed-in user's rows that the page's filters select, days in their time zone", async () => {
    const clock = manualClock("2026-07-01T12:00:00Z");
    const restore = setClock(clock);
    try {
      const { user, accountId } = await createUser("export");
      const other = await createUser("other");
      await grantCredits({ accountId, source: "purchase", amount: 100 });
      await grantCredits({ accountId: other.accountId, source: "purchase", amount: 100 });
      await debit({ accountId: other.accountId, credits: 1, feature: "chat", model: "gpt-5-mini" });
      await debit({ accountId, credits: 1, feature: "chat", model: "gpt-5-mini" });
      // 23:30 on 1 July in UTC is already 2 July in Tokyo.
      clock.set("2026-07-01T23:30:00Z");
      await debit({ accountId, credits: 2, feature: "chat", model: "gpt-5-mini" });
      await debit({ accountId, credits: 3, feature: "code_generation", model: "gpt-5-mini" });
      session.user = user;

      const all = await get("");
      expect(all.status).toBe(200);
      expect(all.headers.get("content-type")).toContain("text/csv");
      const lines = (await all.text()).trim().split("\r\n");
      expect(lines).toHaveLength(4);

      const chatsOnJuly2InTokyo = (await (await get("?feature=chat&from=2026-07-02&to=2026-07-02", "Asia/Tokyo")).text()).trim().split("\r\n");
      expect(chatsOnJuly2InTokyo).toHaveLength(2);
      expect(chatsOnJuly2InTokyo[1]).toContain(",chat,gpt-5-mini,,,2,");

      // Invalid values are ignored, as on the page.
      const ignored = await get("?feature=nope&from=never");
      expect(ignored.status).toBe(200);
      expect((await ignored.text()).trim().split("\r\n")).toHaveLength(4);
    } finally {
      restore();
    }
  });
});
