#!/usr/bin/env node
/**
 * node scripts/parallel.mjs 'COMMAND' 'COMMAND'...: runs the commands at the same time (each
 * through the shell, output as it comes) and fails when any fails, after all have ended.
 *
 * Why: npm test bundles the CLI (esbuild-wasm, mostly one core) and type-checks the tests (tsc)
 * after the compile both need; one after the other they took 16-18 s on 2 cores, side by side
 * 10-11 s.
 */
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
const codes = await Promise.all(
  commands.map(
    (command) =>
      new Promise((resolve) => {
        const child = spawn(command, { shell: true, stdio: 'inherit' });
        child.on('error', (error) => {
          process.stderr.write(`parallel: ${command}: ${error.message}\n`);
          resolve(1);
        });
        child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
      }),
  ),
);
const failed = commands.filter((_, index) => codes[index] !== 0);
if (failed.length > 0) process.stderr.write(`parallel: failed: ${failed.join('; ')}\n`);
process.exitCode = failed.length > 0 ? 1 : 0;
