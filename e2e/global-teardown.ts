import { existsSync, readFileSync } from "node:fs";
import { testCardNumbers } from "../stripe-sandbox";
import { PASSWORD } from "./fixtures";
import { scanLog } from "./support/log-scan";
import { E2E_AUTH_SECRET, E2E_DATA_DIR, SERVER_LOG } from "./support/server";

// Passwords typed in the specs besides the fixtures' (auth.spec.ts).
const OTHER_PASSWORDS = ["wrong password 1", "short1"];

/**
 * After every spec: the whole log of the e2e server (stdout and stderr, see
 * playwright.config.ts) must hold no secret (issue #12). Fails the run with
 * each finding's kind and line; prints the figures either way.
 */
export default async function globalTeardown() {
  if (!existsSync(SERVER_LOG)) throw new Error(`log scan: ${SERVER_LOG} does not exist, so the server's output was not captured`);
  const keysFile = `${E2E_DATA_DIR}/stripe-sandbox-keys.json`;
  if (!existsSync(keysFile)) throw new Error(`log scan: ${keysFile} is missing, so the sandbox's secrets cannot be looked for`);
  const keys = JSON.parse(readFileSync(keysFile, "utf8")) as { secretKey?: string; webhookSecret?: string };
  if (!keys.secretKey || !keys.webhookSecret) throw new Error(`log scan: ${keysFile} has no secretKey or webhookSecret`);

  const result = scanLog(
    readFileSync(SERVER_LOG, "utf8"),
    [
      { name: "AUTH_SECRET", value: E2E_AUTH_SECRET },
      { name: "the sandbox's secret key", value: keys.secretKey },
      { name: "the sandbox's webhook secret", value: keys.webhookSecret },
      ...[PASSWORD, ...OTHER_PASSWORDS].map((value) => ({ name: `the password "${value}"`, value })),
    ],
    testCardNumbers(),
  );

  console.log(
    `log scan: ${result.lines} lines (${result.jsonLines} JSON, ${result.withRequestId} with a request id; ` +
      `${result.accessLines} access lines, ${result.actionLines} server actions, ${result.stripeEvents} Stripe events) in ${SERVER_LOG}`,
  );
  const failures = [
    ...result.problems,
    ...result.findings.map((f) => `${f.what} on line ${f.line}: ${f.excerpt}`),
  ];
  if (failures.length) throw new Error(`log scan failed:\n- ${failures.slice(0, 50).join("\n- ")}`);
}
