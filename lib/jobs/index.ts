import "server-only";
import { log, newRequestId, withLogContext } from "@/lib/log";
import { sendDueMail } from "@/lib/mail";
import { warnLowBalances } from "@/lib/notifications";
import { checkUsageAlerts } from "@/lib/usage-alerts";
import { reconcilePayments, processDueRefills, reconcileAllowances } from "@/lib/payments";
import { runHousekeeping } from "./housekeeping";

/**
 * A job run every `everyMs`, never overlapping itself; errors are logged, not
 * thrown. Each run has its own run id, which every line it logs carries.
 */
function every(name: string, everyMs: number, run: () => Promise<unknown>) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    await withLogContext({ job: name, runId: newRequestId() }, async () => {
      const started = performance.now();
      try {
        const result = await run();
        log.debug({ result, durationMs: Math.round(performance.now() - started) }, "job run finished");
      } catch (error) {
        log.error({ err: error }, "job failed");
      } finally {
        running = false;
      }
    });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The background jobs: auto-refill charges, e-mail, the low-balance warning, usage alerts, payment reconciliation and housekeeping. Every
 * server instance may run them; each job is safe to run on several at once (housekeeping
 * and the low-balance pass run on one at a time, under an advisory lock).
 */
export { runHousekeeping, type HousekeepingResult } from "./housekeeping";

export function startJobs() {
  const stops = [
    every("refills", 2_000, () => processDueRefills()),
    // Queued e-mail: claimed with skip locked, so every instance may run it.
    every("mail", 2_000, () => sendDueMail()),
    // The low-balance warning e-mail, once per crossing: read after the debits, never in their path.
    every("low-balance", 30_000, () => warnLowBalances()),
    // Usage alerts the user set, once per crossing: a pass over the alerts, never in a debit's path.
    // More often than the low-balance pass: the user asked to be told, and the pass reads only their alerts.
    every("usage-alerts", 10_000, () => checkUsageAlerts()),
    every("reconcile", 10 * 60_000, async () => {
      const report = await reconcilePayments();
      if (report.credited.length || report.notSucceededInStripe.length) {
        log.warn({ ...report }, "reconciliation found mismatches");
      }
      const allowances = await reconcileAllowances();
      if (allowances.length) log.warn({ invoices: allowances }, "reconciliation granted missed allowances");
    }),
    // Every minute: the deletes are small when done often, and failed sign-ins' buckets go soon.
    every("housekeeping", 60_000, async () => {
      const result = await runHousekeeping();
      const { ran: _, ...deleted } = result;
      if (Object.values(deleted).some((n) => n > 0)) log.info({ deleted }, "housekeeping");
      return result;
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
