/**
 * `npm run jobs`: the background jobs (auto-refill charges, reconciliation)
 * without the web server, e.g. as a separate worker process. Safe beside
 * servers that run them too.
 */
import "./app-env";

async function main() {
  const { startJobs } = await import("../lib/jobs");
  startJobs();
  console.log("credits: jobs running (auto-refill and e-mail every 2 s, reconciliation every 10 min). Ctrl-C to stop.");
  setInterval(() => {}, 1 << 30);
}

void main();
