import path from "node:path";
import { defineConfig } from "vitest/config";

/** Shared with vitest.faults.config.ts. */
export const resolve = {
  alias: {
    "@": path.resolve(import.meta.dirname),
    // `server-only` throws outside Next's server bundles.
    "server-only": path.resolve(import.meta.dirname, "tests/support/empty.ts"),
  },
};

export default defineConfig({
  resolve,
  test: {
    include: ["**/*.test.ts"],
    // faults/ has its own config (vitest.faults.config.ts): production servers, one file at a time.
    exclude: ["node_modules/**", "e2e/**", "faults/**", ".next/**", ".data/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/fresh-database.ts"],
    // next-auth imports `next/server` without an extension, which Node's ESM
    // resolver refuses; through Vite it resolves (the Auth.js route handler is
    // called in-process by tests/hostile-input).
    server: { deps: { inline: ["next-auth"] } },
    pool: "forks",
    maxWorkers: 2,
    // Route handlers called in-process would write an access line each; tests that read them raise the level.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
