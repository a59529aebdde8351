import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.config";

// `npm run test:faults`: the fault tests (faults/README.md). Each file starts its
// own database, sandbox and production servers, so files run one at a time.
export default defineConfig({
  resolve,
  test: {
    include: ["faults/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
