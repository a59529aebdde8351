/**
 * Settings › Account › Notifications: the switches are stored per user, a
 * box's only value is "on" (anything else is refused and nothing is written).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { mailPreferences } from "@/db/schema";
import { idle, type FormState } from "@/lib/form-state";
import { hostileFormValues } from "../hostile-input/payloads";
import { session } from "../support/session-double";

vi.mock("@/lib/auth/session", () => import("../support/session-double"));
vi.mock("next/headers", () => import("../support/request-scope"));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { db } = await import("@/lib/db");
const { createUser } = await import("../support/accounts");
const { mailSwitches } = await import("@/lib/notifications");
const { saveMailSwitchesAction } = await import("@/lib/notifications/actions");

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

describe("mail switches", () => {
  it("start all on, are saved per user, and an unticked box is off", async () => {
    const { user } = await createUser("switches");
    const { user: other } = await createUser("other");
    session.user = user;
    expect(await mailSwitches(user.id)).toEqual({ autoRefill: true, disputes: true, lowBalance: true, usageAlerts: true });
    const state = (await saveMailSwitchesAction(idle, form({ autoRefill: "on" }))) as FormState;
    expect(state.status).toBe("ok");
    expect(await mailSwitches(user.id)).toEqual({ autoRefill: true, disputes: false, lowBalance: false, usageAlerts: false });
    expect(await mailSwitches(other.id)).toEqual({ autoRefill: true, disputes: true, lowBalance: true, usageAlerts: true });
  });

  it("refuses a box with any value but \"on\", and writes nothing", async () => {
    const { user } = await createUser("hostile-switches");
    session.user = user;
    for (const [name, value] of Object.entries(hostileFormValues)) {
      if (value === "on") continue;
      const state = (await saveMailSwitchesAction(idle, form({ autoRefill: "on", disputes: value }))) as FormState;
      expect(state.status, name).toBe("error");
    }
    expect(await db.select().from(mailPreferences).where(eq(mailPreferences.userId, user.id))).toEqual([]);
  });
});
