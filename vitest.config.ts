import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    globalSetup: ['test/setup/tempRoot.ts'],
    // vitest's default is one worker fewer than the cores: one on a 2-core machine, which left a
    // core idle while most tests wait on a spawned binary (test/hostile: 50.8 s with 1, 29.1 s with 2).
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
