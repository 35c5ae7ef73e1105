#!/usr/bin/env node
/**
 * Bundles the command line (dist/cli, compiled by tsc) into dist/bundle for bin/dealmath.js.
 *
 * Why: Node resolves, reads and compiles every ES module on its own; the ~150 modules a command
 * loads (ours, zod, yaml, commander...) took 120 ms before the first row was read, in the main
 * thread and again in each worker thread. Bundled, they take about 60 ms (README "Performance").
 * The library (dist/index.js) stays unbundled.
 *
 * Commands stay lazy: each is a chunk loaded by its dynamic import (program.ts),
 * so `--version` loads commander alone. Chunks sit next to worker.js, where engine/workers.ts looks for
 * it (`new URL('./worker.js', import.meta.url)`), and two directories below package.json, as in
 * dist/cli, where program.ts reads the version.
 *
 * `--if-stale` (npm test): does nothing when the bundle is newer than every compiled file, the
 * lock file and this script. After `npm ci`, whose prepare step has just built it, that saves
 * the test run 4-5 s; after an edit, tsc rewrites what changed and the bundle is built again.
 */
import { build } from 'esbuild-wasm';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

if (process.argv.includes('--if-stale') && isFresh()) process.exit(0);

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/cli/main.js', worker: 'dist/engine/worker.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  // Some dependencies are CommonJS and require Node's modules; an ES module has no `require`.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});

/** True when dist/bundle's entry points are newer than every file they are built from. */
function isFresh() {
  const entries = ['main.js', 'worker.js'].map((name) => join(outdir, name));
  if (!entries.every((entry) => existsSync(entry))) return false;
  const built = Math.min(...entries.map((entry) => statSync(entry).mtimeMs));
  const inputs = [join(root, 'package-lock.json'), join(root, 'package.json'), fileURLToPath(import.meta.url)];
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return path === outdir ? latest : Math.max(latest, newest(path));
      return entry.name.endsWith('.js') ? Math.max(latest, statSync(path).mtimeMs) : latest;
    }, 0);
  return Math.max(newest(join(root, 'dist')), ...inputs.filter((input) => existsSync(input)).map((input) => statSync(input).mtimeMs)) < built;
}
