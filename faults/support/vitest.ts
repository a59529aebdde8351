/**
 * The harness as a test file uses it: started at the top of the file, closed
 * after it, and every server's log tail printed when a test fails (a server's
 * own error is usually the explanation). After the file, each server's whole
 * log (kills, outages and restarts included) is scanned for secrets, as the
 * e2e server's is (e2e/global-teardown.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { afterAll, afterEach, expect } from "vitest";
import { scanLog } from "../../e2e/support/log-scan";
import { testCardNumbers } from "../../stripe-sandbox";
import { startFaultHarness, type FaultHarness, type FaultHarnessOptions } from "./harness";

export async function faultHarnessForFile(options?: FaultHarnessOptions): Promise<FaultHarness> {
  const harness = await startFaultHarness(options);
  afterEach(({ task }) => {
    if (task.result?.state === "fail") console.error(`server logs:\n${harness.logTails()}`);
  });
  afterAll(async () => {
    await harness.close().finally(scanLogs);
  });
  function scanLogs() {
    const known = [
      { name: "AUTH_SECRET", value: harness.authSecret },
      { name: "the sandbox's secret key", value: harness.sandbox.secretKey },
      { name: "the sandbox's webhook secret", value: harness.sandbox.webhookSecret },
    ];
    for (const app of harness.apps) {
      if (!existsSync(app.logFile)) continue;
      const { findings } = scanLog(readFileSync(app.logFile, "utf8"), known, testCardNumbers());
      expect(findings.map((f) => `${app.name} line ${f.line}: ${f.what}: ${f.excerpt}`)).toEqual([]);
    }
  }
  return harness;
}
