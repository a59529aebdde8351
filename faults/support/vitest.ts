/**
 * The harness as a test file uses it: started at the top of the file, closed
 * after it, and every server's log tail printed when a test fails (a server's
 * own error is usually the explanation).
 */
import { afterAll, afterEach } from "vitest";
import { startFaultHarness, type FaultHarness, type FaultHarnessOptions } from "./harness";

export async function faultHarnessForFile(options?: FaultHarnessOptions): Promise<FaultHarness> {
  const harness = await startFaultHarness(options);
  afterEach(({ task }) => {
    if (task.result?.state === "fail") console.error(`server logs:\n${harness.logTails()}`);
  });
  afterAll(() => harness.close());
  return harness;
}
