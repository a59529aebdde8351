/**
 * The user's time zone is stored (for the API's monthly key limits and daily
 * alerts, which run with no page open): what the browser reported, normalised,
 * and UTC for anything that is no IANA zone or before the browser said.
 */
import { describe, expect, it } from "vitest";
import { saveTimeZone, timeZoneOfUser } from "@/lib/account";
import { createUser } from "../support/accounts";

describe("the user's time zone", () => {
  it("is UTC until the browser reports one", async () => {
    const { user } = await createUser("tz-new");
    expect(await timeZoneOfUser(user.id)).toBe("UTC");
  });

  it("keeps the zone the browser reported", async () => {
    const { user } = await createUser("tz-auckland");
    await saveTimeZone(user.id, "Pacific/Auckland");
    expect(await timeZoneOfUser(user.id)).toBe("Pacific/Auckland");
  });

  it.each(["Mars/Olympus_Mons", "'; drop table users; --", "x".repeat(64), "../../etc/passwd"])("stores %s as UTC", async (reported) => {
    const { user } = await createUser("tz-bad");
    await saveTimeZone(user.id, "Europe/Berlin");
    await saveTimeZone(user.id, reported);
    expect(await timeZoneOfUser(user.id)).toBe("UTC");
  });
});
