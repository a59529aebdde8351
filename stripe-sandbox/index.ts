/**
 * The Stripe sandbox's way in, for everything outside this folder: the
 * launcher (scripts/serve.ts), the app's tests, the fault harness and the e2e
 * log scan. See README.md beside this file.
 *
 * The sandbox imports nothing of the app (db/, lib/, components/, app/), and
 * nothing under lib/, db/, components/ or app/ imports the sandbox: the app
 * only ever talks to it over HTTP through the `stripe` SDK and Stripe.js.
 * eslint.config.mjs holds both rules.
 */
export { startStripeSandbox, type StripeSandbox, type StripeSandboxOptions } from "./server";
export { DEFAULT_SANDBOX_PORT, launchSandboxForApp, SandboxLaunchError } from "./launch";
export { testCardByNumber, testCardByPaymentMethodId, testCardNumbers, type CardBehaviour, type TestCard } from "./test-cards";
export { signPayload } from "./webhooks";
