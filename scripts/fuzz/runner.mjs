/**
 * The fuzz harness's runner and classifier: writes a case's files into a scratch folder, runs the
 * real binary (bin/dealmath.js) once at a time with a time limit and a memory watch, and sorts each
 * outcome into the classes below, one small check each. scripts/fuzz/mutations.mjs makes the
 * cases; scripts/fuzz.mjs is the command line.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createRandom, generateCase, loadBases } from './mutations.mjs';

export const CLASSES = ['crash', 'hang', 'memory', 'loss', 'injection', 'overwrite', 'invariant'];

/** A run over this long on an input under 1 MB is a hang; it is killed at this point. */
export const HANG_MS = 10_000;
const SMALL_INPUT_BYTES = 1024 * 1024;
/** Peak resident set above which a run is a memory finding; it is killed there. */
export const MEMORY_LIMIT_KB = 1024 * 1024;
const STDOUT_CAP = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Running the binary.

/** The binary's runs under way (one at a time), killed if the harness itself is stopped. */
const running = new Set();

/** Ctrl-C or SIGTERM on the harness: the run under way is killed and the scratch folder removed. */
function stopOnSignals(scratch) {
  const stop = (signal) => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Peak resident set so far (VmHWM, KB) of a live process; null once it is gone. */
function peakRssKb(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

/**
 * Runs `node bin/dealmath.js ...args` in `cwd` and resolves with its exit, output, wall time and
 * peak RSS (sampled from /proc every 50 ms, so a peak in the last moments can be missed). Killed
 * with SIGKILL past `timeoutMs` or `memoryLimitKb` (SIGTERM is not trusted to end every run).
 */
export function runDealmath({ bin, cwd, args, env = {}, stdinPath = null, timeoutMs = HANG_MS, memoryLimitKb = MEMORY_LIMIT_KB }) {
  return new Promise((resolve) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('DEALMATH_')));
    const stdinFd = stdinPath === null ? 'ignore' : openSync(join(cwd, stdinPath), 'r');
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...inherited, NO_COLOR: '1', FORCE_COLOR: '', ...env }, stdio: [stdinFd, 'pipe', 'pipe'] });
    running.add(child);
    if (typeof stdinFd === 'number') closeSync(stdinFd);
    const stdout = [];
    const stderr = [];
    let stdoutBytes = 0;
    let peakKb = 0;
    let killedFor = null;
    child.stdout.on('data', (chunk) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= STDOUT_CAP) stdout.push(chunk);
    });
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    const kill = (reason) => {
      if (killedFor === null) killedFor = reason;
      child.kill('SIGKILL');
    };
    const watch = setInterval(() => {
      peakKb = Math.max(peakKb, peakRssKb(child.pid) ?? 0);
      if (peakKb > memoryLimitKb) kill('memory');
    }, 50);
    const timer = setTimeout(() => kill('time'), timeoutMs);
    child.on('close', (code, signal) => {
      running.delete(child);
      clearInterval(watch);
      clearTimeout(timer);
      resolve({
        args,
        env,
        code,
        signal,
        killedFor,
        ms: Math.round(performance.now() - started),
        peakMb: Math.round(peakKb / 1024),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The classes: each check takes what a run gave and returns null, or one line saying what broke.

/** Exit outside {0, 1, 2}, a signal, "internal error" or a stack trace on stderr. */
export function crashOf(result) {
  if (result.killedFor !== null) return null;
  if (result.signal !== null) return `killed by ${result.signal}`;
  if (![0, 1, 2].includes(result.code)) return `exit ${result.code}`;
  const internal = /^.*internal error.*$/im.exec(result.stderr);
  if (internal !== null) return internal[0];
  if (/^\s+at .+[:(]\d+:\d+\)?$/m.test(result.stderr)) return `stack trace: ${result.stderr.split('\n')[0]}`;
  return null;
}

export function hangOf(result, inputBytes) {
  if (inputBytes >= SMALL_INPUT_BYTES) return null;
  return result.killedFor === 'time' || result.ms > HANG_MS ? `over ${HANG_MS / 1000} s on ${inputBytes} bytes of input` : null;
}

export function memoryOf(result) {
  return result.killedFor === 'memory' ? `peak RSS over ${MEMORY_LIMIT_KB / 1024} MB` : null;
}

/** The JSON document a run printed, or null (another format, a refusal, a cut-off run). */
export function jsonOf(result) {
  if (result.killedFor !== null || !result.stdout.trimStart().startsWith('{')) return null;
  try {
    return JSON.parse(result.stdout);
  } catch {
    return null;
  }
}

/**
 * Every row accounted for: rowsRead = rowsUsed + rowsRejected + rowsFiltered (+ footer rows), and
 * rowsRead is the number of data rows written when the generator knows it.
 */
export function lossOf(result, expectedRows) {
  const doc = jsonOf(result);
  if (doc === null || typeof doc.rowsRead !== 'number') return null;
  const footerRows = Array.isArray(doc.files) ? doc.files.reduce((sum, file) => sum + (file.footerRows ?? 0), 0) : 0;
  const accounted = doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered;
  if (doc.rowsRead !== accounted && doc.rowsRead !== accounted + footerRows) {
    return `rowsRead ${doc.rowsRead} != rowsUsed ${doc.rowsUsed} + rowsRejected ${doc.rowsRejected} + rowsFiltered ${doc.rowsFiltered}${footerRows > 0 ? ` (+ footerRows ${footerRows})` : ''}`;
  }
  if (expectedRows !== null && doc.rowsRead !== expectedRows) return `rowsRead ${doc.rowsRead}, but ${expectedRows} data rows were written`;
  return null;
}

/** Bidi and other format controls, C0 (but tab and line feed) and C1 controls: what can spoof a terminal. */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A control character from the data reaching a terminal table raw (stdout in table format). */
export function injectionOf(result, format) {
  if (format !== 'table') return null;
  const match = TERMINAL_CONTROLS.exec(result.stdout);
  if (match === null) return null;
  const at = match.index;
  return `${codePoint(match[0])} raw in the table: ${visible(result.stdout.slice(Math.max(0, at - 20), at + 20))}`;
}

const codePoint = (character) => `U+${character.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Every terminal control written as \uXXXX, so a finding's own line cannot spoof the terminal. */
export function escapeControls(text) {
  return text.replace(new RegExp(TERMINAL_CONTROLS.source, 'gu'), (character) => `\\u${codePoint(character).slice(2)}`);
}

const visible = (text) => escapeControls(JSON.stringify(text));

/** What a path is, to tell whether a run replaced, rewrote or re-moded it. */
export function describePath(path) {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return { type: 'missing' };
  }
  const type = stat.isSymbolicLink() ? 'symlink' : stat.isFIFO() ? 'fifo' : stat.isCharacterDevice() ? 'device' : stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
  const hash = type === 'file' ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
  return { type, mode: stat.mode & 0o777, hash };
}

/**
 * An input or the config changed, or a file the run may write (`writable`) changed kind or mode:
 * a symlink or FIFO turned into a regular file, a private file made public.
 */
export function overwriteOf(before, after, writable = []) {
  for (const [name, was] of Object.entries(before)) {
    const now = after[name];
    if (now.type !== was.type) return `${name}: a ${was.type} became ${now.type === 'missing' ? 'missing' : `a ${now.type}`}`;
    if (now.mode !== was.mode) return `${name}: mode ${was.mode.toString(8)} became ${now.mode.toString(8)}`;
    if (!writable.includes(name) && now.hash !== was.hash) return `${name}: its content changed`;
  }
  return null;
}

/** Fields that legitimately differ between two readings of the same rows: where, not what (the inputs' provenance included: their bytes differ by design). */
const WHERE_KEYS = new Set(['file', 'files', 'row', 'findings', 'findingsListed', 'inputs', 'generatedAt']);

/** The JSON answer without file names and row numbers, for comparing two readings of the same rows. */
export function normalizeAnswer(value, fileNames) {
  if (Array.isArray(value)) return value.map((item) => normalizeAnswer(item, fileNames));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !WHERE_KEYS.has(key)).map(([key, item]) => [key, normalizeAnswer(item, fileNames)]));
  }
  if (typeof value === 'string') return fileNames.reduce((text, name) => text.split(name).join('<input>'), value);
  return value;
}

/** The first path where two values differ, with both values, or null. */
function differenceOf(a, b, path = '') {
  if (isDeepStrictEqual(a, b)) return null;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (!(Array.isArray(a) && a.length !== b.length)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const difference = differenceOf(a[key], b[key], path === '' ? key : `${path}.${key}`);
        if (difference !== null) return difference;
      }
    }
  }
  return { path: path || '.', a, b };
}

const show = (value) => (Array.isArray(value) ? `${value.length} items` : escapeControls(JSON.stringify(value) ?? 'undefined').slice(0, 120));

/** The first difference as one line: `total.won: 142 vs 54`. */
export function firstDifference(a, b) {
  const difference = differenceOf(a, b);
  return difference === null ? null : `${difference.path}: ${show(difference.a)} vs ${show(difference.b)}`;
}

/** Two doubles a few units in the last place apart: the same sum added in another order. */
const lastDigitsOnly = (a, b) => typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

/** The same rows read two ways gave a different exit code or a different JSON answer. */
export function invariantOf(one, other, fileNames) {
  if (one.code !== other.code) return `exit ${one.code} vs ${other.code}: ${firstLine(one.stderr)} | ${firstLine(other.stderr)}`;
  const [a, b] = [jsonOf(one), jsonOf(other)];
  if (a === null || b === null) return null;
  const difference = differenceOf(normalizeAnswer(a, fileNames), normalizeAnswer(b, fileNames));
  if (difference === null) return null;
  const line = `${difference.path}: ${show(difference.a)} vs ${show(difference.b)}`;
  return lastDigitsOnly(difference.a, difference.b) ? `last digits differ: ${line}` : line;
}

const firstLine = (text) => text.split('\n').find((line) => line.trim() !== '')?.slice(0, 200) ?? '';

// ---------------------------------------------------------------------------------------------
// Cases: write, run, classify, keep the reproduction.

/** Writes a case's files: bytes, or { symlink }, { fifo }, { device } (a /dev/null), { bytes, mode }. */
export function materialize(dir, files) {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    if (Buffer.isBuffer(content)) writeFileSync(path, content);
    else if (content.symlink !== undefined) symlinkSync(content.symlink, path);
    else if (content.fifo === true) execFileSync('mkfifo', [path]);
    else if (content.device === true) execFileSync('mknod', [path, 'c', '1', '3']);
    else writeFileSync(path, content.bytes, { mode: content.mode });
  }
}

function snapshot(dir, names) {
  return Object.fromEntries(names.map((name) => [name, describePath(join(dir, name))]));
}

/** Bytes of the files a run reads: those its arguments name, stdin's, and the config. */
function inputBytesOf(caseData, run) {
  const read = new Set([...run.args, run.stdin, 'dealmath.yaml']);
  return Object.entries(caseData.files).reduce((sum, [name, content]) => sum + (read.has(name) && Buffer.isBuffer(content) ? content.length : 0), 0);
}

/** Runs one case and returns its findings: [{ class, detail, run }] for the enabled classes. */
export async function runCase(caseData, { bin, scratch, classes }) {
  const dir = mkdtempSync(join(scratch, `case-${caseData.id}-`));
  const enabled = (name) => classes.includes(name);
  const findings = [];
  const note = (name, detail, run) => {
    if (detail !== null && enabled(name)) findings.push({ class: name, detail: escapeControls(detail), run });
  };
  try {
    materialize(dir, caseData.files);
    // A FIFO target gets a reader that never blocks, so writing through it cannot hang the run.
    const fifo = Object.keys(caseData.files).find((name) => caseData.files[name].fifo === true);
    const fifoReader = fifo === undefined ? null : openSync(join(dir, fifo), constants.O_RDONLY | constants.O_NONBLOCK);
    const before = snapshot(dir, caseData.inputs);
    const runs = [await runDealmath({ bin, cwd: dir, args: caseData.args, env: caseData.env })];
    if (caseData.variant !== undefined) runs.push(await runDealmath({ bin, cwd: dir, args: caseData.variant.args, env: caseData.variant.env, stdinPath: caseData.variant.stdin }));
    if (fifoReader !== null) closeSync(fifoReader);
    const readBy = [{ args: caseData.args, stdin: null }, caseData.variant];
    runs.forEach((run, index) => {
      note('crash', crashOf(run), run);
      note('hang', hangOf(run, inputBytesOf(caseData, readBy[index])), run);
      note('memory', memoryOf(run), run);
      note('loss', lossOf(run, caseData.expectedRows), run);
      note('injection', injectionOf(run, caseData.format), run);
    });
    note('overwrite', overwriteOf(before, snapshot(dir, caseData.inputs), caseData.kind === 'out' ? ['private.txt', 'kept.txt', 'pipe', 'null'] : []), runs[0]);
    // Two readings are compared when both ran to the end. Where the other reading has other bytes
    // (reordered, split, JSON), both must also have read every row written: once rows merge (a
    // loss), the merged rows differ with the order and the difference is that loss again. Parts
    // and stdin read the same bytes, so there any difference counts.
    const sameBytes = caseData.variantKind === 'parts' || caseData.variantKind === 'stdin';
    const comparable = (run) => crashOf(run) === null && run.killedFor === null && (sameBytes || lossOf(run, caseData.expectedRows) === null);
    if (caseData.variant !== undefined && runs.every(comparable)) {
      const fileNames = ['part-1.csv, part-2.csv', 'part-1.csv', 'part-2.csv', 'reordered.csv', 'deals.json', 'deals.csv', 'stdin', '<stdin>'];
      note('invariant', invariantOf(runs[0], runs[1], fileNames), runs[1]);
    }
    return { findings, runs: runs.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One distinct finding per class and message shape (numbers and quoted values blurred). */
export function signatureOf(caseData, finding) {
  const how = finding.class === 'invariant' ? ` (${caseData.variantKind})` : '';
  return `${finding.class}${how}: ${shapeOf(finding.detail)}`.slice(0, 240);
}

function shapeOf(detail) {
  if (detail.startsWith('last digits differ')) return 'last digits differ (sums in another order)';
  const control = /^U\+([0-9A-F]{4}) raw in the table/.exec(detail);
  if (control !== null) return /^(061C|200[EF]|202[A-E]|206[6-9])$/.test(control[1]) ? 'a bidi control raw in the table' : 'a C0/C1 control raw in the table';
  return detail
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'?/g, "'…'")
    .replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, '#');
}

/** Shell-quotes one argument; control and non-ASCII characters as $'\xNN' escapes. */
function shellQuote(arg) {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (/^[\x20-\x7e]*$/.test(arg)) return `'${arg.replace(/'/g, `'\\''`)}'`;
  return `$'${[...Buffer.from(arg, 'utf8')].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`)).join('')}'`;
}

function commandLine(bin, run, stdin) {
  const env = Object.entries(run.env).map(([key, value]) => `${key}=${shellQuote(value)} `).join('');
  return `${env}node ${shellQuote(bin)} ${run.args.map(shellQuote).join(' ')}${stdin === null || stdin === undefined ? '' : ` < ${stdin}`}`;
}

/** Writes a finding's files and `repro.sh` (run it from anywhere) into the findings folder. */
export function saveReproduction(findingsDir, seed, caseData, finding, bin) {
  const dir = join(findingsDir, `${finding.class}-seed${seed}-case${caseData.id}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  materialize(dir, caseData.files);
  const isVariant = caseData.variant !== undefined && finding.run.args === caseData.variant.args;
  const relativeBin = relative(dir, bin);
  const lines = ['#!/bin/sh', `# ${finding.class}: ${finding.detail}`, `# case: ${caseData.description}`, `cd "$(dirname "$0")" || exit 2`];
  lines.push(commandLine(relativeBin, { args: caseData.args, env: caseData.env }, null));
  if (caseData.variant !== undefined) lines.push(commandLine(relativeBin, caseData.variant, caseData.variant.stdin));
  writeFileSync(join(dir, 'repro.sh'), `${lines.join('\n')}\n`, { mode: 0o755 });
  const run = finding.run;
  writeFileSync(
    join(dir, 'finding.json'),
    `${JSON.stringify({ class: finding.class, detail: finding.detail, seed, case: caseData.id, description: caseData.description, run: isVariant ? 'variant' : 'main', exit: run.code, signal: run.signal, ms: run.ms, peakMb: run.peakMb, stderr: run.stderr.slice(0, 2000) }, null, 2)}\n`,
  );
  return dir;
}

/** Classes a smaller input is tried for; hangs and memory take too long a run to shrink. */
const SHRINKABLE = new Set(['crash', 'loss', 'injection', 'invariant']);
const SHRINK_RUNS = 16;

/** The case with only these rows in its generated files. */
function withRows(caseData, rows) {
  return { ...caseData, files: { ...caseData.files, ...caseData.shrink.build(rows) }, expectedRows: caseData.expectedRows === null ? null : rows.length, shrink: { ...caseData.shrink, rows } };
}

/**
 * A smaller case that still gives the same finding: blocks of rows taken out, halving the block
 * size (delta debugging, bounded to SHRINK_RUNS tries and the deadline).
 */
async function shrinkCase(caseData, finding, signature, { bin, scratch, deadline }) {
  if (caseData.shrink === null || caseData.shrink === undefined || !SHRINKABLE.has(finding.class)) return { caseData, finding };
  let best = { caseData, finding };
  let rows = caseData.shrink.rows;
  let tries = 0;
  for (let block = Math.ceil(rows.length / 2); block >= 1 && tries < SHRINK_RUNS; block = Math.floor(block / 2)) {
    for (let start = 0; start < rows.length && rows.length > 1 && tries < SHRINK_RUNS && Date.now() < deadline; ) {
      const fewer = [...rows.slice(0, start), ...rows.slice(start + block)];
      tries += 1;
      const candidate = withRows(caseData, fewer);
      const outcome = fewer.length === 0 ? { findings: [] } : await runCase(candidate, { bin, scratch, classes: [finding.class] });
      const same = outcome.findings.find((found) => signatureOf(candidate, found) === signature);
      if (same === undefined) start += block;
      else {
        rows = fewer;
        best = { caseData: candidate, finding: same };
      }
    }
  }
  return best;
}

/** A path relative to the project when it is inside it. */
function shortPath(root, path) {
  const inside = relative(root, path);
  return inside.startsWith('..') ? path : inside;
}

/**
 * Generates and runs cases one at a time until the budget (or `maxCases`) is spent; a case
 * started before the deadline is finished. The first case of each distinct finding is shrunk
 * (within the budget) and kept. Returns counts per class and the distinct findings.
 */
export async function fuzz({ root, seed, budgetSeconds, maxCases = Infinity, classes = CLASSES, findingsDir = null, shrink = true, log = () => {} }) {
  const bin = join(root, 'bin/dealmath.js');
  const random = createRandom(seed);
  const bases = loadBases(root);
  const scratch = mkdtempSync(join(tmpdir(), 'dealmath-fuzz-'));
  stopOnSignals(scratch);
  const deadline = Date.now() + budgetSeconds * 1000;
  const counts = Object.fromEntries(classes.map((name) => [name, 0]));
  const distinct = new Map();
  let cases = 0;
  let runs = 0;
  try {
    while (Date.now() < deadline && cases < maxCases) {
      const caseData = generateCase(random, bases);
      const outcome = await runCase(caseData, { bin, scratch, classes });
      cases += 1;
      runs += outcome.runs;
      for (const finding of outcome.findings) {
        counts[finding.class] += 1;
        const signature = signatureOf(caseData, finding);
        if (distinct.has(signature)) {
          distinct.get(signature).count += 1;
          continue;
        }
        const small = shrink ? await shrinkCase(caseData, finding, signature, { bin, scratch, deadline }) : { caseData, finding };
        const reproduction = findingsDir === null ? null : shortPath(root, saveReproduction(findingsDir, seed, small.caseData, small.finding, bin));
        const rows = small.caseData === caseData ? null : small.caseData.shrink.rows.length;
        distinct.set(signature, { class: finding.class, signature, detail: small.finding.detail, case: caseData.id, description: caseData.description, rows, reproduction, count: 1 });
        log(`case ${caseData.id}: ${finding.class}: ${finding.detail.slice(0, 200)}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { seed, budgetSeconds, cases, runs, classes, counts, findings: [...distinct.values()] };
}
