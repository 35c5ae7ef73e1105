/**
 * The worker threads that read parts of a large file (parts.ts), and when a file is read in
 * parts at all. Kept apart from parts.ts so that the command line can start the threads before
 * it loads the command (program.ts): a thread then boots and loads the step registry while this
 * one loads the command, instead of after. This module loads nothing but Node's own.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Rule } from '../model/findings.js';
import type { DealPart, DealPartSummary } from '../io/readDeals.js';
import type { Environment, FilterCounts } from './dealRun.js';
import type { RunPlan } from './registry.js';


/** Files smaller than this are read in one pass (and snapshots adding up to less, on one thread): starting threads would cost more than it saves. */
export const DEFAULT_MIN_BYTES = 32 * 1024 * 1024;

/**
 * The smallest part worth a thread: each costs about 30-40 MB and a start-up, so 16 threads on a
 * 50 KB file took 420 MB (issue 18). Never more than the smallest file read in parts, so that
 * DEALMATH_PARALLEL_MIN_BYTES=0 (tests of the splitting itself) still cuts a small file.
 */
const MIN_PART_BYTES = 8 * 1024 * 1024;

/** A non-negative whole number from the environment, or null when unset or not one. */
export function environmentCount(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Parts to read a file of `size` bytes in: DEALMATH_WORKERS when set (at most 16), else one per
 * core (at most 8); never more than the cores, nor than parts of MIN_PART_BYTES. On this
 * project's 2-core benchmark machine two parts read 1M deals in 1.3 s against 1.8 s in one pass,
 * within the memory bar (README "Performance"). DEALMATH_PARALLEL_MIN_BYTES=0 lifts both caps,
 * so tests can force several parts on a small file on any machine.
 */
export function partCount(env: Environment, size: number): number {
  const asked = environmentCount(env.DEALMATH_WORKERS);
  const cores = availableParallelism();
  const wanted = asked !== null && asked >= 1 ? Math.min(asked, 16) : Math.min(cores, 8);
  const minPartBytes = Math.min(MIN_PART_BYTES, environmentCount(env.DEALMATH_PARALLEL_MIN_BYTES) ?? MIN_PART_BYTES);
  if (minPartBytes === 0) return wanted;
  return Math.max(1, Math.min(wanted, cores, Math.floor(size / minPartBytes)));
}

/** The file to read in `parts` parts, with its size, or null when the input is read in one pass. */
export function splittableInput(files: readonly string[], env: Environment): { path: string; size: number; parts: number } | null {
  const [path] = files;
  if (files.length !== 1 || path === undefined || path === '-' || /\.(ya?ml|json|parquet)$/i.test(path)) return null;
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return null;
    size = stats.size;
  } catch {
    // Unreadable: the one-pass reader says why.
    return null;
  }
  if (size < (environmentCount(env.DEALMATH_PARALLEL_MIN_BYTES) ?? DEFAULT_MIN_BYTES)) return null;
  const parts = partCount(env, size);
  return parts >= 2 ? { path, size, parts } : null;
}

/** What a part's read hands back: its reading summary, counts, and each step's fold state. */
export interface PartResult {
  readonly summary: DealPartSummary;
  readonly rowsFiltered: number;
  readonly rowsUsed: number;
  readonly findingCounts: [Rule, number][];
  readonly findingExamples: [Rule, string][];
  readonly currencies: string[];
  readonly closedAfterAsOf: number;
  readonly dealsWithAmount: number;
  readonly ownersWithoutRep: [string, number][];
  /** Its filtered rows by reason. */
  readonly filtered: FilterCounts;
  /** Each step's fold state, for a worker's part (empty for the part read on the main thread, whose steps keep it). */
  readonly states: unknown[];
}

/** What a worker thread is sent: the plan (its steps rebuilt there) and the part to read. */
export interface PartRequest {
  readonly plan: RunPlan;
  readonly part: DealPart;
}

export interface PartWorker {
  /** Sends the part to read; resolves with its result. */
  run(request: PartRequest): Promise<PartResult>;
  /** Ends a thread that will get no part. */
  cancel(): void;
}

/** Starts a thread that loads the step registry and waits for its part. It keeps the process alive only once it has one. */
export function startPartWorker(env: Environment): PartWorker {
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    env,
    stdout: true,
    stderr: true,
  });
  // A command that fails before it reads must still exit at once: the thread is unreferenced
  // until it gets its part, and so is its port (a 'message' listener would hold the process).
  worker.unref();
  let resolveResult!: (result: PartResult) => void;
  let rejectResult!: (error: Error) => void;
  const result = new Promise<PartResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  result.catch(() => undefined);
  worker.once('error', rejectResult);
  worker.once('exit', (code) => rejectResult(new Error(code !== 0 ? `worker exited with ${code}` : 'worker ended without a result')));
  return {
    run: (request) => {
      worker.once('message', (message: { ok: true; result: PartResult } | { ok: false; message: string }) => {
        if (message.ok) resolveResult(message.result);
        else rejectResult(new Error(message.message));
      });
      worker.ref();
      worker.postMessage(request);
      return result;
    },
    cancel: () => {
      void worker.terminate();
    },
  };
}

let early: { readonly path: string; readonly workers: PartWorker[] } | null = null;

/**
 * Starts the threads for `files` now, when the input will be read in parts; the run takes them
 * with takeEarlyWorkers. Called before the command's modules load.
 */
export function startWorkersEarly(files: readonly string[], env: Environment): void {
  const input = splittableInput(files, env);
  if (input === null || early !== null) return;
  early = { path: input.path, workers: Array.from({ length: input.parts - 1 }, () => startPartWorker(env)) };
}

/** The threads started early for this file, if any (once); others started early are ended. */
export function takeEarlyWorkers(path: string, count: number): PartWorker[] | null {
  const started = early;
  early = null;
  if (started === null) return null;
  if (started.path === path && started.workers.length === count) return started.workers;
  for (const worker of started.workers) worker.cancel();
  return null;
}
