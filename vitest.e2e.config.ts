import { defineConfig } from "vitest/config";

/** Browser journeys: the built web app served by an in-process platform, driven in Debian's Chromium. */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
