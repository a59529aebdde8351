/**
 * Smoke test of the fault harness itself: a production server answers, a
 * SIGKILL really takes it down (no answer at all, not an error page), it comes
 * back on the same port with its data, and the database can be stopped and
 * started under it. If any of this did not hold, the fault tests built on the
 * harness would prove nothing.
 */
import { describe, expect, it } from "vitest";
import { faultHarnessForFile } from "./support/vitest";

const harness = await faultHarnessForFile();
const { createApiUser, ledgerProblems } = await import("./support/accounts");

const usage = { feature: "agent_request", model: "claude-sonnet-4.5" };

function postUsage(baseUrl: string, key: string, idempotencyKey: string) {
  return fetch(`${baseUrl}/api/v1/usage`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": idempotencyKey },
    body: JSON.stringify(usage),
  });
}

describe("fault harness", () => {
  it("kills a server for real, restarts it on the same port, and stops and starts the database", async () => {
    const app = await harness.startApp({ jobs: false });
    const { accountId, key } = await createApiUser("smoke", 10);

    const first = await postUsage(app.url, key, "smoke-1");
    expect(first.status).toBe(201);
    const answered = await first.json();

    const pid = app.pid;
    await app.kill("SIGKILL");
    expect(app.running).toBe(false);
    expect(() => process.kill(pid!, 0)).toThrow(); // the process is gone, not merely quiet
    await expect(fetch(`${app.url}/api/health`)).rejects.toThrow();

    await app.start();
    expect(app.starts).toBe(2);
    const replay = await postUsage(app.url, key, "smoke-1");
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(answered);
    expect(app.rssBytes()).toBeGreaterThan(0);

    await harness.db.stop();
    expect((await fetch(`${app.url}/api/health`)).status).toBe(503);
    await harness.db.start();
    // The app's pool reconnects by itself; no restart.
    await expect.poll(async () => (await fetch(`${app.url}/api/health`)).status, { timeout: 30_000 }).toBe(200);

    const [account] = await harness.db.sql<{ balance: string }[]>`select balance from credit_accounts where id = ${accountId}`;
    expect(Number(account!.balance)).toBe(9);
    expect(await ledgerProblems()).toEqual([]);
    expect(app.logTail()).toContain("start #2");
  });
});
