/**
 * Database outage (issue #12): one production server under a steady light
 * load (metering API calls from a few clients and an open live-balance
 * stream) while PostgreSQL is stopped for a few seconds and started again on
 * the same port and data. During the outage every request must be answered
 * (a 20 s client abort is the liveness check, not a timing threshold) with
 * 503 `service_unavailable`, and /api/health must say 503. Afterwards, with
 * no restart of the server, usage succeeds, health is 200, the open stream
 * delivers the balance again, the jobs still work, every 201 is in the ledger
 * exactly once and the ledger's invariants hold.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { postAgentRequest } from "./support/client";
import { percentile } from "./support/latency";
import { faultHarnessForFile } from "./support/vitest";

const harness = await faultHarnessForFile();
const { ledgerProblems } = await import("./support/accounts");
const { createSignInUser, signIn } = await import("./support/session");
const { openBalanceStream } = await import("./support/balance-stream");
const { saveCard, saveAutoRefill } = await import("@/lib/payments");

/** A request not answered within this long counts as hung. */
const LIVENESS_MS = 20_000;
// More clients than the server's pool (10), so that requests also queue for a connection while it is down.
const CLIENTS = 12;
/** How long PostgreSQL stays down, in one-second health and page checks. */
const OUTAGE_CHECKS = 8;

type Phase = "before" | "stopping" | "down" | "starting" | "after";
interface Answer {
  key: string;
  /** The database's state when the request was sent, and when it was answered. */
  sentIn: Phase;
  answeredIn: Phase;
  status: number | "hung" | "network-error";
  code?: string;
  retryAfter?: string | null;
  requestId?: string;
  ms: number;
}



describe("PostgreSQL stops for a few seconds under load", () => {
  it("answers 503 service_unavailable fast, never hangs, and recovers by itself with nothing lost or doubled", async () => {
    const app = await harness.startApp({ jobs: true });
    const client = await createSignInUser("outage", 100_000);
    const cookie = await signIn(app.url, client.email, client.password);
    const stream = await openBalanceStream(app.url, cookie);
    await stream.waitFor((e) => e.balance === 100_000);

    // A second account whose auto-refill the server's job must still charge after the outage.
    const refiller = await createSignInUser("outage-refill", 100);
    await saveCard(refiller.user, await harness.tokenize("4242424242424242"));
    await saveAutoRefill(refiller.accountId, {
      enabled: true,
      thresholdCredits: 100,
      refillCredits: 500,
      monthlyLimitCents: 50_000,
      paymentMethodId: null,
    });

    let phase: Phase = "before";
    let loadRunning = true;
    const answers: Answer[] = [];
    const health: { phase: Phase; status: number | "hung" }[] = [];
    const pages: { phase: Phase; status: number | "hung"; errorState: boolean }[] = [];

    const client$ = async () => {
      while (loadRunning) {
        const key = randomUUID();
        const sentIn = phase;
        const started = performance.now();
        let answer: Answer;
        try {
          const { status, headers, body } = await postAgentRequest(app.url, client.key, key, LIVENESS_MS);
          answer = {
            key,
            sentIn,
            answeredIn: phase,
            status,
            code: body.error?.code,
            retryAfter: headers.get("retry-after"),
            requestId: body.requestId,
            ms: performance.now() - started,
          };
        } catch (error) {
          const hung = error instanceof Error && error.name === "TimeoutError";
          answer = { key, sentIn, answeredIn: phase, status: hung ? "hung" : "network-error", ms: performance.now() - started };
        }
        answers.push(answer);
        await sleep(100); // light load: a few requests per second per client
      }
    };
    let clients = Array.from({ length: CLIENTS }, client$);
    const checkHealth = async () => {
      const status = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(LIVENESS_MS) }).then(
        (r) => r.status,
        () => "hung" as const,
      );
      health.push({ phase, status });
      return status;
    };
    // A signed-in page must be answered, never hang. While the database is down the dashboard's layout
    // fails before any HTML is sent, so Next.js answers 500 with its error shell (id="__next_error__"),
    // in which the browser renders app/global-error.tsx; the HTML itself cannot show that text.
    const checkPage = async () => {
      const sentIn = phase;
      const page = await fetch(`${app.url}/dashboard`, { headers: { cookie }, signal: AbortSignal.timeout(LIVENESS_MS) }).then(
        async (r) => ({ status: r.status, html: await r.text() }),
        () => ({ status: "hung" as const, html: "" }),
      );
      pages.push({ phase: sentIn, status: page.status, errorState: page.html.includes('id="__next_error__"') });
    };
    await checkPage();

    await sleep(2_000);
    phase = "stopping";
    await harness.db.stop();
    phase = "down";
    const downFrom = answers.length;
    for (let i = 0; i < OUTAGE_CHECKS; i++) {
      await Promise.all([checkHealth(), checkPage()]);
      await sleep(1_000);
    }
    // The load pauses across the restart, so that no write follows it until the stream has been checked.
    loadRunning = false;
    await Promise.all(clients);
    const streamSeen = stream.events.length;
    phase = "starting";
    await harness.db.start();
    phase = "after";
    // With no write since the restart there is no NOTIFY to hear: only the server's re-LISTEN
    // followed by a fresh read of the balance (NOTIFYs sent while down are gone) brings this event.
    const [atRestart] = await harness.db.sql<{ balance: string }[]>`select balance from credit_accounts where id = ${client.accountId}`;
    const resent = await stream.waitFor((e) => e.balance === Number(atRestart!.balance), { from: streamSeen, timeoutMs: 60_000 });
    expect(stream.open()).toBe(true);

    // The server recovers by itself: health comes back without a restart, and the load resumes.
    await expect.poll(checkHealth, { timeout: 60_000, interval: 250 }).toBe(200);
    const recoveredAt = answers.length;
    loadRunning = true;
    clients = Array.from({ length: CLIENTS }, client$);
    await checkPage();
    await sleep(2_000);
    loadRunning = false;
    await Promise.all(clients);
    // Right after a restart a connection may still be cut (PostgreSQL terminating a backend answers
    // 57P01, a 503 too), which clients retry; afterwards, ten requests in a row must all succeed.
    const settledFrom = answers.length;
    for (let i = 0; i < 10; i++) {
      const key = randomUUID();
      const started = performance.now();
      const { status, body } = await postAgentRequest(app.url, client.key, key, LIVENESS_MS);
      answers.push({ key, sentIn: "after", answeredIn: "after", status, code: body.error?.code, requestId: body.requestId, ms: performance.now() - started });
    }

    // Nothing hung and nothing was cut off, in any phase.
    expect(answers.filter((a) => typeof a.status !== "number")).toEqual([]);
    expect(health.filter((h) => h.status === "hung")).toEqual([]);
    // Before the outage everything succeeded.
    expect(answers.filter((a) => a.sentIn === "before" && a.answeredIn === "before" && a.status !== 201)).toEqual([]);
    // While it was down: every answer a 503 with the contract's code and a Retry-After, no 500.
    const duringOutage = answers.filter((a) => a.sentIn === "down" && a.answeredIn === "down");
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const a of duringOutage) expect(a).toMatchObject({ status: 503, code: "service_unavailable", retryAfter: expect.stringMatching(/^\d+$/) });
    // Around the edges, 201 (committed before the cut) or 503, never anything else.
    for (const a of answers) expect([201, 503]).toContain(a.status);
    expect(health.filter((h) => h.phase === "down").map((h) => h.status)).toEqual(Array(OUTAGE_CHECKS).fill(503));
    // Pages: the dashboard renders before, is answered with the error shell (not a hang) while down, and renders after.
    expect(pages.filter((p) => p.phase !== "down")).toEqual([
      { phase: "before", status: 200, errorState: false },
      { phase: "after", status: 200, errorState: false },
    ]);
    for (const p of pages.filter((x) => x.phase === "down")) expect(p).toMatchObject({ status: 500, errorState: true });
    // Once healthy again, the API works again.
    const afterRecovery = answers.slice(recoveredAt).filter((a) => a.sentIn === "after");
    expect(afterRecovery.some((a) => a.status === 201)).toBe(true);
    // Once the load has settled, requests one after another all succeed.
    for (const a of answers.slice(settledFrom)) expect(a.status).toBe(201);
    expect(answers.slice(downFrom).length).toBeGreaterThan(0);

    const to503 = answers.filter((a) => a.sentIn === "down" && a.status === 503).map((a) => a.ms);
    console.log(
      `outage: ${answers.length} usage requests (${duringOutage.length} while PostgreSQL was down), ` +
        `time to a 503 while down: median ${percentile(to503, 0.5).toFixed(0)} ms, p99 ${percentile(to503, 0.99).toFixed(0)} ms, ` +
        `max ${Math.max(...to503).toFixed(0)} ms over ${to503.length} requests; ` +
        `503s after recovery: ${afterRecovery.filter((a) => a.status === 503).length} of ${afterRecovery.length}; health while down: ${health
          .filter((h) => h.phase === "down")
          .map((h) => h.status)
          .join(", ")}; dashboard while down: ${pages
          .filter((p) => p.phase === "down")
          .map((p) => p.status)
          .join(", ")}`,
    );

    // Every unanswered key, retried now, succeeds once (a first run, or the replay of a commit whose answer was lost).
    const outcomes = new Map<string, string>();
    for (const a of answers) if (a.status === 201) outcomes.set(a.key, a.requestId!);
    for (const a of answers.filter((x) => x.status !== 201)) {
      const { status, body } = await postAgentRequest(app.url, client.key, a.key, LIVENESS_MS);
      expect(status).toBe(201);
      outcomes.set(a.key, body.requestId!);
    }
    // Replays of a few answered keys give the same request, not a second debit.
    for (const a of answers.filter((x) => x.status === 201).slice(0, 5)) {
      const { headers, body } = await postAgentRequest(app.url, client.key, a.key, LIVENESS_MS);
      expect(headers.get("idempotent-replayed")).toBe("true");
      expect(body.requestId).toBe(a.requestId);
    }
    const rows = await harness.db.sql<{ id: string }[]>`
      select id from usage_requests where account_id = ${client.accountId} and status = 'captured'`;
    // Each key is in the ledger exactly once: as many captured requests as keys, and they are the answered ones.
    expect(rows.map((r) => r.id).sort()).toEqual([...new Set(outcomes.values())].sort());
    expect(outcomes.size).toBe(answers.length);
    const [account] = await harness.db.sql<{ balance: string }[]>`select balance from credit_accounts where id = ${client.accountId}`;
    expect(Number(account!.balance)).toBe(100_000 - outcomes.size);

    // The stream opened before the outage stayed open, got the balance again after the restart,
    // and hears new changes again.
    expect(resent).toMatchObject({ balance: Number(atRestart!.balance) });
    expect(stream.open()).toBe(true);
    await stream.waitFor((e) => e.balance === 100_000 - outcomes.size);
    const seen = stream.events.length;
    const last = await postAgentRequest(app.url, client.key, randomUUID(), LIVENESS_MS);
    expect(last.status).toBe(201);
    await stream.waitFor((e) => e.balance === 100_000 - outcomes.size - 1, { from: seen });
    stream.close();

    // The jobs survived: the refill this debit queues is charged by the same server's next tick.
    const refill = await postAgentRequest(app.url, refiller.key, randomUUID(), LIVENESS_MS);
    expect(refill.status).toBe(201);
    await expect
      .poll(
        async () =>
          (await harness.db.sql<{ status: string }[]>`select status from refills where account_id = ${refiller.accountId}`).map(
            (r) => r.status,
          ),
        { timeout: 60_000, interval: 500 },
      )
      .toEqual(["succeeded"]);

    // One process all along, and the ledger's invariants hold.
    expect(app.starts).toBe(1);
    expect(app.running).toBe(true);
    expect(await ledgerProblems()).toEqual([]);
  });
});
