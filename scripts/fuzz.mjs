#!/usr/bin/env node
/**
 * npm run fuzz -- [--seed N] [--budget SECONDS] [--cases N] [--classes crash,hang,...] [--findings DIR] [--no-shrink] [--json]
 *
 * Mutates the bundled examples and the hostile corpus, runs every command and format through the
 * real binary one process at a time, and classifies what goes wrong: crash, hang, memory, loss,
 * injection, overwrite, invariant (scripts/fuzz/runner.mjs). Prints the count per class and one
 * line per distinct finding, shrinks its input (fewer rows, same finding), writes its files and
 * repro.sh to the findings folder (default fuzz-findings/), and
 * exits 1 when anything was found (0 when nothing, 2 on bad usage). The same seed gives the same
 * cases in the same order; the budget decides how many of them run.
 */
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CLASSES, fuzz } from './fuzz/runner.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run fuzz -- [--seed N] [--budget SECONDS] [--cases N] [--classes crash,hang,memory,loss,injection,overwrite,invariant] [--findings DIR] [--no-shrink] [--json]';

function fail(message) {
  process.stderr.write(`fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function wholeNumber(name, text, fallback) {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) fail(`--${name} takes a whole number, not ${JSON.stringify(text)}`);
  return Number(text);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      seed: { type: 'string' },
      budget: { type: 'string' },
      cases: { type: 'string' },
      classes: { type: 'string' },
      findings: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-shrink': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(error.message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const seed = wholeNumber('seed', values.seed, Math.floor(Math.random() * 2 ** 31));
const budgetSeconds = wholeNumber('budget', values.budget, 60);
const maxCases = wholeNumber('cases', values.cases, Infinity);
const classes = values.classes === undefined ? CLASSES : values.classes.split(',').filter((name) => name !== '');
for (const name of classes) if (!CLASSES.includes(name)) fail(`unknown class ${JSON.stringify(name)} (one of ${CLASSES.join(', ')})`);
const findingsDir = resolve(values.findings ?? join(ROOT, 'fuzz-findings'));

const log = (line) => process.stderr.write(`${line}\n`);
log(`fuzz: seed ${seed}, budget ${budgetSeconds} s${Number.isFinite(maxCases) ? `, at most ${maxCases} cases` : ''}, classes ${classes.join(',')}`);
const summary = await fuzz({ root: ROOT, seed, budgetSeconds, maxCases, classes, findingsDir, shrink: !values['no-shrink'], log });

if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
else {
  const lines = [`${summary.cases} cases, ${summary.runs} runs, seed ${seed}`, '', 'class       findings  distinct'];
  for (const name of classes) {
    const distinct = summary.findings.filter((finding) => finding.class === name).length;
    lines.push(`${name.padEnd(10)} ${String(summary.counts[name]).padStart(9)} ${String(distinct).padStart(9)}`);
  }
  if (summary.findings.length > 0) lines.push('', 'distinct findings (count, reproduction):');
  for (const finding of summary.findings) lines.push(`  ${finding.count}x ${finding.signature}`, `     case ${finding.case}: ${finding.description}${finding.rows === null ? '' : ` (shrunk to ${finding.rows} row${finding.rows === 1 ? '' : 's'})`}`, `     ${finding.reproduction}/repro.sh`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
process.exitCode = summary.findings.length > 0 ? 1 : 0;
