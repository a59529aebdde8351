import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// ── Import boundaries (DESIGN.md §3) ─────────────────────────────────────────
// Arrows point down only: app → components → lib → db. stripe-sandbox/ is a
// package of its own that the app reaches only over HTTP. lib/credits is
// entered through its index (server) or lib/credits/shared (browser-safe).
//
// Flat config does not merge a rule's options across blocks (a later block
// replaces an earlier one's patterns), so each group of files below gets one
// block listing every pattern that applies to it, and the groups do not overlap.
const noApp = [
  { regex: "^(@/|(\\.\\./)+)app(/|$)", message: "app/ holds routes only: components/, lib/ and db/ never import it. Put the code in lib/<domain>." },
];
const noComponents = [
  { regex: "^(@/|(\\.\\./)+)components(/|$)", message: "lib/ and db/ never import components/: arrows point down (app → components → lib → db)." },
];
const noLib = [
  { regex: "^(@/|(\\.\\./)+)lib(/|$)", message: "db/ receives its configuration and never imports lib/ (lib/db.ts creates the pool)." },
];
const creditsThroughItsDoors = [
  {
    regex: "^(@/lib/|(\\.\\.?/)+(lib/)?)credits/(?!shared$)",
    message: "Use lib/credits (the server's one way into the ledger) or lib/credits/shared (browser-safe), not its internals.",
  },
];
const noSandbox = [
  {
    regex: "(^|/)stripe-sandbox(/|$)",
    message: "The app talks to the Stripe sandbox only over HTTP (stripe SDK, Stripe.js); only scripts/serve.ts and tests load it.",
  },
];
const noMailCatcher = [
  {
    regex: "(^|/)mail-catcher(/|$)",
    message: "The app reaches the mail catcher only over SMTP (nodemailer); only scripts/serve.ts and tests load it.",
  },
];
const theAppFromTheSandbox = [
  { regex: "^@/", message: "stripe-sandbox/ is its own package: it may not import the app (`@/` is the app's root)." },
  {
    regex: "^(\\.\\./)+(app|bench|components|db|e2e|faults|lib|scripts|tests|proxy|instrumentation)(/|$)",
    message: "stripe-sandbox/ is its own package: it may not import the app. Copy the few lines it needs (see stripe-sandbox/luhn.ts).",
  },
];

const restrict = (files, patterns, ignores = []) => ({ files, ignores, rules: { "no-restricted-imports": ["error", { patterns }] } });
const code = "**/*.{ts,tsx,mjs,js}";
const boundaries = [
  restrict(["stripe-sandbox/**"], theAppFromTheSandbox),
  restrict(["db/**"], [...noApp, ...noComponents, ...noLib, ...noSandbox, ...noMailCatcher, ...creditsThroughItsDoors]),
  restrict(["lib/credits/**"], [...noApp, ...noComponents, ...noSandbox, ...noMailCatcher]),
  restrict(["lib/**"], [...noApp, ...noComponents, ...noSandbox, ...noMailCatcher, ...creditsThroughItsDoors], ["lib/credits/**"]),
  restrict(["components/**"], [...noApp, ...noSandbox, ...noMailCatcher, ...creditsThroughItsDoors]),
  restrict(["app/**", "proxy.ts", "instrumentation.ts"], [...noSandbox, ...noMailCatcher, ...creditsThroughItsDoors]),
  // Tests, benchmarks, scripts: they may load the sandbox, but reach the ledger through its doors too.
  restrict([code], creditsThroughItsDoors, ["stripe-sandbox/**", "db/**", "lib/**", "components/**", "app/**", "proxy.ts", "instrumentation.ts"]),
];
// ──────────────────────────────────────────────────────────────────────────────

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
  ...boundaries,
];
export default config;
