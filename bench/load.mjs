/**
 * The bench's HTTP load generator, run as its own process (bench/run.ts spawns
 * it), so that its work does not share an event loop with anything it measures
 * (issue 22: an in-process loop capped the baseline and flattered the ratio).
 * Plain JavaScript with node:http and keep-alive: no loader, no dependencies.
 *
 * Input (argv[2], JSON): { url, method, connections, warmupMs, measureMs, keys?, body? }.
 * With `keys`, connection i sends `Authorization: Bearer keys[i % keys.length]`
 * and a fresh `Idempotency-Key` per request. Prints one JSON line:
 * { opsPerSecond, p50Ms, p99Ms, ops, statuses, seconds, latencies } (latencies in ms, sorted;
 * bench/run.ts adds up several windows from them).
 */
import http from "node:http";

const spec = JSON.parse(process.argv[2]);
const target = new URL(spec.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
let sequence = 0;

function once(connection) {
  const headers = { connection: "keep-alive" };
  if (body !== undefined) Object.assign(headers, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  if (spec.keys) {
    headers.authorization = `Bearer ${spec.keys[connection % spec.keys.length]}`;
    headers["idempotency-key"] = `load-${process.pid}-${++sequence}`;
  }
  return new Promise((resolve) => {
    const request = http.request(
      { agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: spec.method, headers },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode));
      },
    );
    request.on("error", () => resolve(0));
    if (body !== undefined) request.write(body);
    request.end();
  });
}

async function run(ms, latencies, statuses) {
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: spec.connections }, async (_, connection) => {
      while (performance.now() < until) {
        const start = performance.now();
        const status = await once(connection);
        latencies?.push(performance.now() - start);
        if (statuses) statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
}

await run(spec.warmupMs);
const latencies = [];
const statuses = {};
const start = performance.now();
await run(spec.measureMs, latencies, statuses);
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 100) / 100;
process.stdout.write(
  `${JSON.stringify({ opsPerSecond: Math.round(latencies.length / seconds), p50Ms: pct(0.5), p99Ms: pct(0.99), ops: latencies.length, statuses, seconds, latencies })}\n`,
);
agent.destroy();
