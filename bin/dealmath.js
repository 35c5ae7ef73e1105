#!/usr/bin/env node
// `dealmath --version` alone answers from package.json without loading the CLI (a third of the
// start-up); everything else, `--help` included, goes through the program.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/bundle/main.js');
  process.exitCode = await main(process.argv);
}
