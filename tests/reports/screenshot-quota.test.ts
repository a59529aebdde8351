/**
 * Screenshot storage is bounded per account over everything it stores,
 * claimed by a report or not, enforced atomically; reports are rate-limited;
 * the upload route refuses a foreign Origin as server actions do.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { reportScreenshots, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { MAX_SCREENSHOT_BYTES, SCREENSHOT_QUOTA_BYTES, createReport, saveScreenshot } from "@/lib/reports";
import { createUser } from "../support/accounts";

const session = vi.hoisted(() => ({ user: null as User | null }));
vi.mock("@/lib/auth/session", () => ({
  currentUser: async () => session.user,
  requireUserForAction: async () => {
    const { AppError } = await import("@/lib/errors");
    if (!session.user) throw new AppError("unauthenticated", "Sign in.");
    return session.user;
  },
}));
const upload = await import("@/app/api/reports/screenshots/route");

const PNG_HEAD = Buffer.from("89504e470d0a1a0a", "hex");
/** A "PNG" of exactly `size` bytes (only its first bytes are sniffed). */
const png = (size: number) => Buffer.concat([PNG_HEAD, Buffer.alloc(size - PNG_HEAD.length, 7)]);
const FULL = png(MAX_SCREENSHOT_BYTES);

async function storedBytes(accountId: number) {
  const [row] = await db
    .select({ bytes: sql<string>`coalesce(sum(${reportScreenshots.byteSize}), 0)` })
    .from(reportScreenshots)
    .where(eq(reportScreenshots.accountId, accountId));
  return Number(row?.bytes ?? 0);
}

async function attempt(run: () => Promise<unknown>): Promise<"ok" | string> {
  try {
    await run();
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe("screenshot quota", () => {
  it("counts screenshots already sent with reports: upload, file a report, repeat cannot grow without bound", async () => {
    const { user, accountId } = await createUser("quota-claimed");
    const perReport = 5;
    const outcomes: string[] = [];
    // Until refused, or well past the quota if never refused.
    for (let round = 0; round < 3 && !outcomes.includes("payload_too_large"); round++) {
      const ids: string[] = [];
      for (let i = 0; i < perReport; i++) {
        const result = await attempt(async () => ids.push((await saveScreenshot(accountId, FULL)).id));
        outcomes.push(result);
        if (result !== "ok") break;
      }
      if (ids.length > 0) await createReport({ userId: user.id, accountId }, { description: `round ${round} of uploads`, requestIds: [], screenshotIds: ids });
    }
    const stored = await storedBytes(accountId);
    console.log(`claimed-and-repeat: ${outcomes.filter((o) => o === "ok").length} uploads stored, ${stored} bytes; quota ${SCREENSHOT_QUOTA_BYTES}`);
    expect(outcomes).toContain("payload_too_large");
    expect(stored).toBeLessThanOrEqual(SCREENSHOT_QUOTA_BYTES);
  });

  /** Fills the account to one file short of its quota, then uploads `n` files at once with `save`. */
  async function race(save: (accountId: number, bytes: Buffer) => Promise<unknown>, n = 8) {
    const { accountId } = await createUser("quota-race");
    const room = Math.floor(SCREENSHOT_QUOTA_BYTES / MAX_SCREENSHOT_BYTES) - 1;
    for (let i = 0; i < room; i++) await saveScreenshot(accountId, FULL);
    const outcomes = await Promise.all(Array.from({ length: n }, () => attempt(() => save(accountId, FULL))));
    return { accepted: outcomes.filter((o) => o === "ok").length, stored: await storedBytes(accountId) };
  }

  it("is enforced atomically: of 8 concurrent uploads into room for one, exactly one is stored", async () => {
    const { accepted, stored } = await race(saveScreenshot);
    console.log(`quota race: ${accepted} of 8 accepted, ${stored} bytes stored (quota ${SCREENSHOT_QUOTA_BYTES})`);
    expect(accepted).toBe(1);
    expect(stored).toBeLessThanOrEqual(SCREENSHOT_QUOTA_BYTES);
  });

  it("control: a naive read-then-insert under the same race overshoots the quota (the harness can catch it)", async () => {
    const naive = async (accountId: number, bytes: Buffer) => {
      const used = await storedBytes(accountId);
      if (used + bytes.length > SCREENSHOT_QUOTA_BYTES) throw new AppError("payload_too_large", "over quota");
      await db.execute(sql`select pg_sleep(0.05)`); // the window a busy server has anyway
      await db.insert(reportScreenshots).values({
        id: `shot_${Math.random().toString(36).slice(2)}${Date.now()}`,
        accountId,
        contentType: "image/png",
        byteSize: bytes.length,
        data: bytes,
        createdAt: new Date(),
      });
    };
    const { accepted, stored } = await race(naive);
    console.log(`naive control: ${accepted} of 8 accepted, ${stored} bytes stored (quota ${SCREENSHOT_QUOTA_BYTES})`);
    expect(accepted).toBeGreaterThan(1);
    expect(stored).toBeGreaterThan(SCREENSHOT_QUOTA_BYTES);
  });
});

describe("reports are rate-limited", () => {
  it("a burst of reports from one account is refused with rate_limited and a Retry-After", async () => {
    const { user, accountId } = await createUser("report-burst");
    const outcomes: string[] = [];
    let retryAfter: number | undefined;
    for (let i = 0; i < 15; i++) {
      try {
        await createReport({ userId: user.id, accountId }, { description: `report number ${i}`, requestIds: [], screenshotIds: [] });
        outcomes.push("ok");
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcomes.push(error.code);
        retryAfter = error.retryAfterSeconds;
      }
    }
    console.log(`report burst: ${outcomes.filter((o) => o === "ok").length} of 15 filed`);
    expect(outcomes.slice(0, 10)).toEqual(Array(10).fill("ok"));
    expect(outcomes.slice(10)).toEqual(Array(5).fill("rate_limited"));
    expect(retryAfter).toBeGreaterThan(0);
  });
});

describe("POST /api/reports/screenshots checks Origin", () => {
  const post = (headers: Record<string, string>) =>
    upload.POST(
      new Request("http://app.example:3000/api/reports/screenshots", {
        method: "POST",
        body: png(100),
        headers: { host: "app.example:3000", "content-type": "image/png", ...headers },
        duplex: "half",
      } as RequestInit),
    );

  it("refuses another site's Origin with 403 and stores nothing; takes its own", async () => {
    const { user, accountId } = await createUser("origin");
    session.user = user;
    const foreign = await post({ origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    const opaque = await post({ origin: "null" });
    expect(opaque.status).toBe(403);
    expect(await storedBytes(accountId)).toBe(0);

    const own = await post({ origin: "http://app.example:3000" });
    expect(own.status).toBe(201);
    expect(await storedBytes(accountId)).toBe(100);
  });
});
