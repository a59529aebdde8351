import "server-only";
import { reconcilePayments } from "@/lib/payments/reconcile";
import { processDueRefills } from "@/lib/payments/refills";
import { reconcileAllowances } from "@/lib/payments/subscriptions";

/** A job run every `everyMs`, never overlapping itself; errors are logged, not thrown. */
function every(name: string, everyMs: number, run: () => Promise<unknown>) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await run();
    } catch (error) {
      console.error(JSON.stringify({ msg: "job failed", job: name, error: error instanceof Error ? error.message : String(error) }));
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The background jobs: auto-refill charges and payment reconciliation. Every
 * server instance may run them; each job is safe to run on several at once.
 */
export function startJobs() {
  const stops = [
    every("refills", 2_000, () => processDueRefills()),
    every("reconcile", 10 * 60_000, async () => {
      const report = await reconcilePayments();
      if (report.credited.length || report.notSucceededInStripe.length) {
        console.warn(JSON.stringify({ msg: "reconciliation found mismatches", ...report }));
      }
      const allowances = await reconcileAllowances();
      if (allowances.length) console.warn(JSON.stringify({ msg: "reconciliation granted missed allowances", invoices: allowances }));
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
