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
    projects: [
      {
        extends: true,
        test: {
          name: "app",
          include: ["**/*.test.ts"],
          // faults/ has its own config (vitest.faults.config.ts): production servers, one file at a time.
          // stripe-sandbox/ is the project below.
          exclude: ["node_modules/**", "e2e/**", "faults/**", ".next/**", ".data/**", "stripe-sandbox/**"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/fresh-database.ts"],
          // next-auth imports `next/server` without an extension, which Node's ESM
          // resolver refuses; through Vite it resolves (the Auth.js route handler is
          // called in-process by tests/hostile-input).
          server: { deps: { inline: ["next-auth"] } },
        },
      },
      {
        // The sandbox's own tests need nothing of the app: no database, so
        // `vitest run stripe-sandbox` starts no PostgreSQL.
        extends: true,
        test: { name: "stripe-sandbox", include: ["stripe-sandbox/**/*.test.ts"] },
      },
    ],
    pool: "forks",
    maxWorkers: 2,
    // Route handlers called in-process would write an access line each; tests that read them raise the level.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
