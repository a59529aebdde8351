import { and, count, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { creditAdjustments, grants, notifications, problemReports, reportEvents, reportScreenshots, users, type User } from "@/db/schema";
import { debit, getBalance, grantCredits } from "@/lib/credits";
import { AppError } from "@/lib/errors";
import {
  MAX_SCREENSHOT_BYTES,
  adjustForReport,
  createReport,
  readLimited,
  replyToReport,
  reportForAccount,
  saveScreenshot,
  setReportStatus,
  sniffImageType,
  supportReport,
} from "@/lib/reports";
import { createUser, ledgerProblems } from "../support/accounts";

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

export const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6300010000050001" + "0d0a2db40000000049454e44ae426082",
  "hex",
);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

async function usedRequests(accountId: number, n: number) {
  await grantCredits({ accountId, source: "purchase", amount: 1000 });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await debit({ accountId, credits: 3, feature: "chat", model: "gpt-5-mini" });
    if (!("body" in r)) throw new Error(r.outcome);
    ids.push(r.body.requestId);
  }
  return ids;
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return upload.POST(new Request("http://localhost/api/reports/screenshots", { method: "POST", body, headers, duplex: "half" } as RequestInit));
}

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

describe("screenshot validation", () => {
  beforeEach(() => {
    session.user = null;
  });

  it("knows PNG and JPEG by their bytes, whatever the file is called", () => {
    expect(sniffImageType(PNG)).toBe("image/png");
    expect(sniffImageType(JPEG)).toBe("image/jpeg");
    expect(sniffImageType(Buffer.from("just text renamed to shot.png"))).toBeNull();
    expect(sniffImageType(Buffer.from("GIF89a........"))).toBeNull();
    expect(sniffImageType(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImageType(PNG.subarray(0, 8))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });

  it("stops reading a body as soon as it passes the limit", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(1024 * 1024);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
    });
    await expectAppError(readLimited(endless), "payload_too_large");
    expect(pulled).toBeLessThan(10);
    expect((await readLimited(new Blob([PNG]).stream())).equals(PNG)).toBe(true);
  });

  it("the upload route: 401 signed out, 201 for a PNG, 415 for other bytes, 413 above 5 MB", async () => {
    expect((await post(PNG)).status).toBe(401);
    const { user, accountId } = await createUser("shots");
    session.user = user;

    const ok = await post(PNG, { "content-type": "text/plain" });
    expect(ok.status).toBe(201);
    const saved = await ok.json();
    expect(saved).toMatchObject({ id: expect.stringMatching(/^shot_/), contentType: "image/png", byteSize: PNG.length });

    const renamed = await post(new Blob([Buffer.from("hello, I am a text file")], { type: "image/png" }));
    expect(renamed.status).toBe(415);
    expect((await renamed.json()).error.message).toMatch(/not a PNG or JPEG/);

    const big = Buffer.concat([PNG, Buffer.alloc(MAX_SCREENSHOT_BYTES)]);
    const declared = await post(big);
    expect(declared.status).toBe(413);
    // Without a Content-Length the limit still holds, counted as the stream is read.
    const streamed = await post(new Blob([big]).stream());
    expect(streamed.status).toBe(413);

    const [{ n }] = (await db.select({ n: count() }).from(reportScreenshots).where(eq(reportScreenshots.accountId, accountId))) as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe("reports", () => {
  it("files a report with the account's own requests and screenshots only", async () => {
    const me = await createUser("reporter");
    const other = await createUser("other");
    const [a, b] = await usedRequests(me.accountId, 2);
    const [theirs] = await usedRequests(other.accountId, 1);
    const shot = await saveScreenshot(me.accountId, PNG);
    const theirShot = await saveScreenshot(other.accountId, PNG);
    const owner = { userId: me.user.id, accountId: me.accountId };

    await expectAppError(createReport(owner, { description: "too short", requestIds: [a!], screenshotIds: [] }), "invalid_request");
    await expectAppError(createReport(owner, { description: "Charged twice for one chat", requestIds: [a!, theirs!], screenshotIds: [] }), "not_found");
    await expectAppError(createReport(owner, { description: "Charged twice for one chat", requestIds: [a!], screenshotIds: [theirShot.id] }), "not_found");
    await expectAppError(
      createReport(owner, { description: "Charged twice for one chat", requestIds: [a!], screenshotIds: Array(6).fill(shot.id).map((s, i) => `${s}${i}`) }),
      "invalid_request",
    );
    expect((await db.select().from(problemReports).where(eq(problemReports.accountId, me.accountId))).length).toBe(0);

    const report = await createReport(owner, { description: "Charged twice for one chat", requestIds: [a!, b!, a!], screenshotIds: [shot.id] });
    const details = await reportForAccount(me.accountId, report.id);
    expect(details?.requests.map((r) => r.id)).toEqual([a, b]);
    expect(details?.screenshots.map((s) => s.id)).toEqual([shot.id]);
    expect(details?.events.map((e) => e.kind)).toEqual(["created"]);
    expect(await reportForAccount(other.accountId, report.id)).toBeNull();
    // A screenshot is claimed once: it cannot be moved to a second report.
    await expectAppError(createReport(owner, { description: "Another problem here", requestIds: [], screenshotIds: [shot.id] }), "not_found");
  });

  it("status changes and replies go into the history and notify the user", async () => {
    const me = await createUser("history");
    const admin = await createUser("admin");
    const report = await createReport({ userId: me.user.id, accountId: me.accountId }, { description: "The agent looped", requestIds: [], screenshotIds: [] });
    await setReportStatus(admin.user, report.id, "investigating");
    await setReportStatus(admin.user, report.id, "investigating");
    await replyToReport(admin.user, report.id, "We found the loop; crediting you.");
    const details = await reportForAccount(me.accountId, report.id);
    expect(details?.report.status).toBe("investigating");
    expect(details?.events.map((e) => e.kind)).toEqual(["created", "status", "reply"]);
    const notes = await db.select().from(notifications).where(eq(notifications.userId, me.user.id));
    expect(notes.map((n) => n.title).sort()).toEqual(["Support replied to your report", "We are looking into your report"]);
    expect(notes.every((n) => n.href === `/reports/${report.id}`)).toBe(true);
  });

  it("10 concurrent adjustments for one report credit once, audited, and resolve it", async () => {
    const me = await createUser("adjusted");
    const [admin1, admin2] = [await createUser("admin1"), await createUser("admin2")];
    const [req] = await usedRequests(me.accountId, 1);
    const report = await createReport({ userId: me.user.id, accountId: me.accountId }, { description: "Billed for a failed run", requestIds: [req!], screenshotIds: [] });
    const before = (await getBalance(me.accountId)).balance;

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => adjustForReport(i % 2 ? admin1.user : admin2.user, report.id, { credits: 40 + (i % 3), reason: "Bug in the agent loop" })),
    );
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    const credited = results.find((r) => r.outcome === "created")!.credits;
    expect(results.every((r) => r.credits === credited)).toBe(true);
    expect((await getBalance(me.accountId)).balance).toBe(before + credited);

    const adjustmentGrants = await db.select().from(grants).where(and(eq(grants.accountId, me.accountId), eq(grants.source, "adjustment")));
    expect(adjustmentGrants).toHaveLength(1);
    expect(adjustmentGrants[0]).toMatchObject({ amount: credited, externalRef: `report:${report.id}` });
    const audit = await db.select().from(creditAdjustments).where(eq(creditAdjustments.reportId, report.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ credits: credited, reason: "Bug in the agent loop", grantId: adjustmentGrants[0]!.id });
    expect([admin1.user.id, admin2.user.id]).toContain(audit[0]!.adminUserId);

    const details = await supportReport(report.id);
    expect(details?.report.status).toBe("resolved");
    expect(details?.events.map((e) => e.kind)).toEqual(["created", "adjustment", "status"]);
    expect(details?.adjustment?.credits).toBe(credited);
    expect(await db.select().from(reportEvents).where(and(eq(reportEvents.reportId, report.id), eq(reportEvents.kind, "adjustment")))).toHaveLength(1);
    expect(await ledgerProblems()).toEqual([]);

    await expect(adjustForReport(admin1.user, report.id, { credits: 0, reason: "nothing" })).rejects.toThrow();
    await expect(adjustForReport(admin1.user, report.id, { credits: 100_001, reason: "too much" })).rejects.toThrow();
  });

  it("control: the same 10-way race against a naive check-then-grant credits more than once", async () => {
    // Proves the harness above can catch a double credit: without the row lock
    // and the per-report reference, concurrent adjustments all see "not yet".
    const me = await createUser("naive");
    const report = await createReport({ userId: me.user.id, accountId: me.accountId }, { description: "Naive control report", requestIds: [], screenshotIds: [] });
    // Every racer reads before any writes (a barrier makes that interleaving certain, not a matter of timing).
    let arrived = 0;
    let release: () => void = () => {};
    const allChecked = new Promise<void>((resolve) => (release = resolve));
    async function naiveAdjust() {
      const [{ n }] = (await db.select({ n: count() }).from(grants).where(sql`${grants.metadata}->>'reportId' = ${report.id}`)) as [{ n: number }];
      if (++arrived === 10) release();
      await allChecked;
      if (n > 0) return;
      await grantCredits({ accountId: me.accountId, source: "adjustment", amount: 10, metadata: { reportId: report.id } });
    }
    await Promise.all(Array.from({ length: 10 }, naiveAdjust));
    const credited = await db.select().from(grants).where(sql`${grants.metadata}->>'reportId' = ${report.id}`);
    expect(credited.length).toBeGreaterThan(1);
  });

  it("the console shows the requests around the reported ones", async () => {
    const me = await createUser("around");
    const ids = await usedRequests(me.accountId, 30);
    const report = await createReport({ userId: me.user.id, accountId: me.accountId }, { description: "Two odd charges", requestIds: [ids[14]!, ids[16]!], screenshotIds: [] });
    const details = await supportReport(report.id);
    const shown = details!.around.map((r) => r.id);
    // 10 after, the 3 from first to last reported, 10 before — newest first.
    expect(shown).toEqual(ids.slice(4, 27).reverse());
    expect(details!.user.email).toBe((await db.select().from(users).where(eq(users.id, me.user.id)))[0]!.email);
  });
});
