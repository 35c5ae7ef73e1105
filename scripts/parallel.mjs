#!/usr/bin/env node
/**
 * node scripts/parallel.mjs 'COMMAND' 'COMMAND'...: runs the commands at the same time (each
 * through the shell, output as it comes) and fails when any fails, after all have ended.
 *
 * Why: npm test type-checks the tests (tsc, one core, 6-7 s) while vitest runs them: the
 * type-check no longer holds up the first test, and a type error still fails the run.
 *
 * A command written `low:COMMAND` runs at the lowest priority: the type-check then takes the
 * time vitest leaves idle instead of slowing the tests (npm test 97 s -> 94 s; it still ends
 * within the first 35 s).
 */
import { spawn } from 'node:child_process';
import { constants, setPriority } from 'node:os';

const LOW = 'low:';
const commands = process.argv.slice(2);
const codes = await Promise.all(
  commands.map(
    (given) =>
      new Promise((resolve) => {
        const command = given.startsWith(LOW) ? given.slice(LOW.length) : given;
        const child = spawn(command, { shell: true, stdio: 'inherit' });
        if (command !== given && child.pid !== undefined) {
          try {
            setPriority(child.pid, constants.priority.PRIORITY_LOW);
          } catch {
            // Not allowed here: the command runs at the usual priority.
          }
        }
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
