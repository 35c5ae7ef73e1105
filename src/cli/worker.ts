/**
 * A worker thread's entry: rebuilds the command's analyzers from its flags, reads one part of
 * the file through them, and posts back the fold states and counts (see parallel.ts).
 */
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { Terminal } from './context.js';
import { runPart } from './parallel.js';
import { PART_COMMANDS, type PartCommand } from './partCommands.js';
import type { PartRequest } from './partWorkers.js';

interface WorkerInput {
  readonly command: PartCommand;
  readonly cwd: string;
  readonly now: number;
}

const input = workerData as WorkerInput;
// A part never prints: what it has to say travels back as data.
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
const terminal: Terminal = { stdout: silent, stderr: silent, env: process.env, cwd: input.cwd, stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false, now: new Date(input.now) };

// The command's modules load while the main thread cuts the file; the part to read comes after.
const request = new Promise<PartRequest>((resolve) => parentPort?.once('message', resolve));
try {
  const { buildAnalyzers } = await PART_COMMANDS[input.command]();
  const { part, files, flags } = await request;
  const result = await runPart(buildAnalyzers, { files: [...files], flags, terminal }, part);
  parentPort?.postMessage({ ok: true, result }, [result.summary.idTable.buffer as ArrayBuffer]);
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
