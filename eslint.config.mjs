import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// ── stripe-sandbox/ boundary (begin) ────────────────────────────────────────
// stripe-sandbox/ is its own package: it imports nothing of the app, and the
// app's own code (app/, components/, db/, lib/, proxy.ts, instrumentation.ts)
// never imports it; the app reaches the sandbox only over HTTP, through the
// stripe SDK and Stripe.js. scripts/serve.ts, tests/, faults/ and e2e/ may
// import it, through stripe-sandbox/index.ts.
//
// Merging note: flat config does not merge a rule's options across blocks. A
// later block that also sets "no-restricted-imports" for the same files
// replaces these patterns instead of adding to them, so put both sets of
// patterns into one block's `patterns` (e.g. `[...theirs, ...sandboxStaysOutOfTheApp]`).
const theAppFromTheSandbox = [
  { regex: "^@/", message: "stripe-sandbox/ is its own package: it may not import the app (`@/` is the app's root)." },
  {
    regex: "^(\\.\\./)+(app|bench|components|db|e2e|faults|lib|scripts|tests|proxy|instrumentation)(/|$)",
    message: "stripe-sandbox/ is its own package: it may not import the app. Copy the few lines it needs (see stripe-sandbox/luhn.ts).",
  },
];
const sandboxStaysOutOfTheApp = [
  {
    regex: "(^|/)stripe-sandbox(/|$)",
    message: "The app talks to the Stripe sandbox only over HTTP (stripe SDK, Stripe.js); only scripts/serve.ts and tests load it.",
  },
];
const stripeSandboxBoundary = [
  { files: ["stripe-sandbox/**"], rules: { "no-restricted-imports": ["error", { patterns: theAppFromTheSandbox }] } },
  {
    files: ["app/**", "components/**", "db/**", "lib/**", "proxy.ts", "instrumentation.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: sandboxStaysOutOfTheApp }] },
  },
];
// ── stripe-sandbox/ boundary (end) ──────────────────────────────────────────

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", ".data/**", "db/migrations/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...stripeSandboxBoundary,
];
export default config;
