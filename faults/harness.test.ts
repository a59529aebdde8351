/**
 * Smoke test of the fault harness itself: a production server answers, a
 * SIGKILL really takes it down (no answer at all, not an error page), it comes
 * back on the same port with its data, and the database can be stopped and
 * started under it. If any of this did not hold, the fault tests built on the
 * harness would prove nothing.
 */
import { describe, expect, it } from "vitest";
import { postAgentRequest } from "./support/client";
import { faultHarnessForFile } from "./support/vitest";

const harness = await faultHarnessForFile();
const { createApiUser, ledgerProblems } = await import("./support/accounts");

describe("fault harness", () => {
  it("kills a server for real, restarts it on the same port, and stops and starts the database", async () => {
    const app = await harness.startApp({ jobs: false });
    const { accountId, key } = await createApiUser("smoke", 10);

    const first = await postAgentRequest(app.url, key, "smoke-1");
    expect(first.status).toBe(201);
    const answered = first.body;

    const pid = app.pid;
    await app.kill("SIGKILL");
    expect(app.running).toBe(false);
    expect(() => process.kill(pid!, 0)).toThrow(); // the process is gone, not merely quiet
    await expect(fetch(`${app.url}/api/health`)).rejects.toThrow();

    await app.start();
    expect(app.starts).toBe(2);
    const replay = await postAgentRequest(app.url, key, "smoke-1");
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(answered);
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
