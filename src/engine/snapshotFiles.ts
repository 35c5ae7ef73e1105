/**
 * Snapshot files read ahead on worker threads. Movement joins snapshots in date order on this
 * thread, but reading a file (parsing, validating, keeping each deal's movement fields) needs
 * nothing from the other files: worker threads read the next files while this thread joins the
 * current one, and hand back each file's kept deals as columns (BankColumns) with their ids.
 *
 * The answer is the same as reading every file here: the same reading (readDeals) and keeping
 * (SnapshotKeeper) run in the worker; the files are joined in the same order. A file a worker
 * cannot read (any error at all) is read here instead, which words the error as usual.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Rule } from '../model/findings.js';
import { readDeals } from '../io/readDeals.js';
import { requireIdColumn, type SnapshotSpec, type SnapshotsOptions } from '../io/readSnapshots.js';
import { Grouping, type Environment } from './dealRun.js';
import { FindingTally } from './findingTally.js';
import type { WhereClause } from './plan.js';
import { Interned, SnapshotBank, type BankColumns } from './snapshotBank.js';
import { SnapshotKeeper } from './snapshotKeeper.js';
import { DEFAULT_MIN_BYTES, environmentCount } from './workers.js';

/** What a worker is asked: one snapshot file, read as movement reads it. */
export interface SnapshotFileRequest {
  readonly file: string;
  readonly input: SnapshotsOptions;
  readonly dimensions: readonly string[];
  readonly where: readonly WhereClause[];
}

/**
 * A snapshot file as read: its kept deals by column, their ids, and what the reading counted.
 * The ids travel as one text and where each ends: one string to copy between threads instead of
 * 100,000 (the copies cost 40 ms a file).
 */
export interface SnapshotFileResult {
  readonly idText: string;
  readonly idEnds: Int32Array;
  readonly columns: BankColumns;
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly rowsFiltered: number;
  /** The ids named by rejected rows (few: copied as they are). */
  readonly rejectedIds: string[];
  readonly findingCounts: [Rule, number][];
  /** The first value each rule found fault with, for a --max-rejected refusal's fix. */
  readonly findingExamples: [Rule, string][];
  readonly currencies: string[];
}

/** Reads one snapshot file (in a worker thread). */
export async function readSnapshotFile(request: SnapshotFileRequest): Promise<SnapshotFileResult> {
  const bank = new SnapshotBank({ stages: new Interned<string>(), owners: new Interned<string>(), keys: new Interned<readonly string[]>() });
  const keeper = new SnapshotKeeper(new Grouping(request.dimensions), request.where);
  const ids: string[] = [];
  const rejectedIds: string[] = [];
  const findings = new FindingTally();
  let filtered = 0;
  const onFile: NonNullable<SnapshotsOptions['onFile']> = (file) => {
    requireIdColumn(file);
    keeper.onFile(file);
  };
  const summary = await readDeals([request.file], { ...request.input, onFile }, {
    deal: (deal) => {
      if (keeper.keep(deal, bank) === null) filtered += 1;
      else ids.push(deal.id);
    },
    finding: (found) => findings.add(found),
    rejected: (id) => {
      rejectedIds.push(id);
    },
  });
  const idEnds = new Int32Array(ids.length);
  let end = 0;
  for (let row = 0; row < ids.length; row += 1) idEnds[row] = end += (ids[row] as string).length;
  return { idText: ids.join(''), idEnds, columns: bank.columns(), rowsRead: summary.rowsRead, rowsRejected: summary.rowsRejected, rowsFiltered: filtered, rejectedIds, findingCounts: [...findings.findingCounts], findingExamples: [...findings.findingExamples], currencies: [...keeper.currencies] };
}

/** The typed arrays of a result, moved to the receiving thread rather than copied. */
export function transferablesOf(result: SnapshotFileResult): ArrayBuffer[] {
  const { status, amount, close, stage, owner, key } = result.columns;
  return [result.idEnds, status, amount, close, stage, owner, key].map((array) => array.buffer as ArrayBuffer);
}

/** Rounds of files (2T+1 each, T threads) asked for ahead of the one being joined: enough that no thread waits. */
const AHEAD_ROUNDS = 1;

export interface SnapshotFileReader {
  /** The file at `index` (in date order) as a thread read it, or null: read it on this one. */
  take(index: number): Promise<SnapshotFileResult | null>;
  /** Ends the threads (also after an error). */
  close(): void;
}

/**
 * Worker threads reading snapshot files ahead, or null when they would not pay: one file (or one
 * file holding every snapshot), less than DEFAULT_MIN_BYTES in all, or one core. The threads are
 * the cores but this one (DEALMATH_WORKERS counts this one too; 1: none), and DEALMATH_PARALLEL_MIN_BYTES
 * sets the size (0: always).
 *
 * This thread joins every file and reads one in 2T+1 itself (T threads): each thread and this one
 * then have about the same to do. On 2 cores (one thread) 52 files of 100,000 deals took 8.6 s
 * with two threads and no reading here, but peaked at 600 MB, each thread's heap about 120 MB.
 */
export function snapshotFileReader(specs: readonly SnapshotSpec[], request: Omit<SnapshotFileRequest, 'file'>, env: Environment): SnapshotFileReader | null {
  if (specs.length < 2 || specs.some((spec) => spec.date === null || spec.file === '-')) return null;
  const threads = Math.min((environmentCount(env.DEALMATH_WORKERS) ?? availableParallelism()) - 1, specs.length - 1, 7);
  if (threads < 1) return null;
  const minBytes = environmentCount(env.DEALMATH_PARALLEL_MIN_BYTES) ?? DEFAULT_MIN_BYTES;
  let total = 0;
  try {
    for (const spec of specs) total += statSync(spec.file).size;
  } catch {
    return null;
  }
  if (total < minBytes) return null;
  const cycle = 2 * threads + 1;
  /** The thread that reads a file, or -1 for this one. */
  const threadOf = (index: number): number => (index % cycle === cycle - 1 ? -1 : (index % cycle) % threads);
  const results = new Map<number, Promise<SnapshotFileResult | null>>();
  const pool = Array.from({ length: threads }, () => new SnapshotThread(env));
  let asked = 0;
  const ask = (upTo: number): void => {
    for (; asked <= upTo && asked < specs.length; asked += 1) {
      const thread = threadOf(asked);
      if (thread !== -1) results.set(asked, (pool[thread] as SnapshotThread).read({ ...request, file: (specs[asked] as SnapshotSpec).file }, asked));
    }
  };
  return {
    async take(index) {
      ask(index + cycle * AHEAD_ROUNDS);
      const result = (await results.get(index)) ?? null;
      results.delete(index);
      return result;
    },
    close() {
      for (const thread of pool) thread.end();
    },
  };
}

/** One worker thread reading the snapshot files it is sent, one after another. */
class SnapshotThread {
  private readonly worker: Worker | null;
  private readonly pending = new Map<number, (result: SnapshotFileResult | null) => void>();
  private alive = true;

  constructor(env: Environment) {
    let worker: Worker | null = null;
    try {
      worker = new Worker(new URL('./worker.js', import.meta.url), { env, stdout: true, stderr: true });
    } catch {
      this.alive = false;
    }
    this.worker = worker;
    worker?.on('message', (message: { index: number; result: SnapshotFileResult | null }) => {
      this.pending.get(message.index)?.(message.result);
      this.pending.delete(message.index);
    });
    // A thread that fails (it cannot start, or runs out of memory) leaves its files to the main thread.
    const fail = (): void => {
      this.alive = false;
      for (const resolve of this.pending.values()) resolve(null);
      this.pending.clear();
    };
    worker?.on('error', fail);
    worker?.on('exit', fail);
  }

  /** The file read by this thread; null when it could not read it (the main thread then does). */
  read(request: SnapshotFileRequest, index: number): Promise<SnapshotFileResult | null> {
    if (!this.alive || this.worker === null) return Promise.resolve(null);
    const worker = this.worker;
    return new Promise((resolve) => {
      this.pending.set(index, resolve);
      try {
        worker.postMessage({ snapshot: request, index });
      } catch {
        // Not cloneable: this file is read on the main thread.
        this.pending.delete(index);
        resolve(null);
      }
    });
  }

  end(): void {
    this.alive = false;
    this.pending.clear();
    void this.worker?.terminate();
  }
}
