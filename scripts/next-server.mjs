/**
 * The HTTP server scripts/serve.ts runs (`node scripts/next-server.mjs <dev|start> <port>`):
 * Next.js, programmatically, behind a plain node:http server that stamps each
 * request with the address its socket came from (scripts/client-address-stamp.mjs).
 * The `next` CLI would hide the socket from the app, and a client's own
 * X-Forwarded-For is not to be believed (issue #19: limits that hold).
 */
import http from "node:http";
import next from "next";
import { stampClientAddress } from "./client-address-stamp.mjs";

const mode = process.argv[2] === "start" ? "start" : "dev";
const port = Number(process.argv[3] ?? 3000);

// Read by lib/env.ts in this same process: the header above is set by us, so the app may trust it.
process.env.CLIENT_ADDRESS_FROM_LAUNCHER = "1";

const app = next({ dev: mode === "dev", port, hostname: "localhost" });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  stampClientAddress(req);
  void handle(req, res);
});
// Dev's hot reload uses WebSockets; Next attaches its upgrade handler to req.socket.server itself.
server.listen(port, () => console.log(`credits: Next.js (${mode}) on http://localhost:${port}`));

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeIdleConnections();
  await app.close().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
