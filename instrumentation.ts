/**
 * Runs once when a server process starts: the background jobs live inside it.
 * NEXT_RUNTIME is a build-time constant that Next.js inlines, which is what
 * keeps the Node.js-only job code out of the edge bundle; it is not configuration.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerJobs } = await import("./lib/jobs/server");
    startServerJobs();
    // Pro's Stripe product and price exist before anyone upgrades (found by lookup key, else created once).
    const { proPriceId } = await import("./lib/payments/plans");
    proPriceId().catch((error: unknown) => console.error("plans: could not set up the Pro price", error));
  }
}
