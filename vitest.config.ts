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
    // Test files share a worker's module cache instead of importing src/ and the built CLI afresh
    // each (124 s -> 100 s for the suite on 2 cores). Safe while no test mutates process.env,
    // mocks a module or leaves a cwd behind (test/cli/inProcess.ts restores its chdir).
    isolate: false,
  },
});
