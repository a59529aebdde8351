/** `npm run payments:reconcile [hours]`: credits succeeded payments the ledger lacks, once, and reports mismatches. */
import "./app-env";

async function main() {
  const { reconcilePayments } = await import("../lib/payments/purchases/reconcile");
  const hours = Number(process.argv[2] ?? 72);
  const report = await reconcilePayments({ sinceHours: hours });
  console.log(
    `reconciled the last ${hours} h: ${report.checked} PaymentIntents checked, ${report.credited.length} credited now` +
      (report.credited.length ? ` (${report.credited.join(", ")})` : "") +
      `, ${report.notSucceededInStripe.length} purchases marked succeeded that Stripe does not show as succeeded` +
      (report.notSucceededInStripe.length ? ` (${report.notSucceededInStripe.join(", ")})` : ""),
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`credits: reconciliation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
