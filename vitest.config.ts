import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Seconds a file took in a full run on a 2-core machine, for the slowest files. Vitest orders
 * files by the durations of the previous run, but that cache lives in node_modules, which
 * `npm ci` empties: a clean checkout, ordered by file size, started test/fuzz/fuzz (7 s)
 * 91st of 124 files and the run waited on it. Refresh when a file gets much slower or faster.
 */
const SLOW_FILES: Readonly<Record<string, number>> = {
  'test/hostile/structuredInput.test.ts': 20,
  'test/sql/corpusAgreement.test.ts': 18,
  'test/sql/engine.test.ts': 16,
  'test/sql/agreement.test.ts': 13,
  'test/golden/golden.test.ts': 9.3,
  'test/report/htmlReport.e2e.test.ts': 9,
  'test/library/packed.test.ts': 5.4,
  'test/fuzz/fuzz.test.ts': 7.8,
  'test/hostile/signal.test.ts': 6.9,
  'test/docs/schema.test.ts': 6.8,
  'test/property/folds.test.ts': 6,
  'test/hostile/generated.test.ts': 5,
  'test/io/parallelParts.test.ts': 5,
  'test/cli/movementThreads.e2e.test.ts': 4.4,
  'test/examples/generate.test.ts': 4,
  'test/readme.test.ts': 3.9,
  'test/property/csvRoundTrip.test.ts': 2.6,
  'test/examples/commands.test.ts': 2.5,
};

/** Longest first, by the last run's durations where known, else by SLOW_FILES, else by size. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const key = (file: TestSpecification): string => `${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`;
    const failed = (file: TestSpecification): boolean => cache.getFileTestResults(key(file))?.failed ?? false;
    const duration = (file: TestSpecification): number =>
      cache.getFileTestResults(key(file))?.duration ?? (SLOW_FILES[relative(this.ctx.config.root, file.moduleId)] ?? 0) * 1000;
    const size = (file: TestSpecification): number => cache.getFileStats(key(file))?.size ?? 0;
    return [...files].sort((a, b) => Number(failed(b)) - Number(failed(a)) || duration(b) - duration(a) || size(b) - size(a));
  }
}

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
    sequence: { sequencer: LongestFirst },
  },
});
