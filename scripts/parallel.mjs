#!/usr/bin/env node
/**
 * node scripts/parallel.mjs 'COMMAND' 'COMMAND'...: runs the commands at the same time (each
 * through the shell, output as it comes) and fails when any fails, after all have ended.
 *
 * Why: npm test type-checks the tests (tsc, one core, 6-7 s) while vitest runs them: the
 * type-check no longer holds up the first test, and a type error still fails the run.
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
