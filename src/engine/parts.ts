/**
 * Reading a large CSV file on every core: the file is split into newline-aligned byte ranges,
 * each part is read by its own set of steps built from the plan (the first part on this thread,
 * the others in worker threads, which rebuild the steps from the registry), and the fold states
 * are merged in file order with each fold's merge. The result equals one pass
 * when two things hold, and both are checked: no split landed inside a quoted field (a part
 * that does not end cleanly fails to parse), and no deal id appears in two parts (duplicates
 * must keep the first row). Otherwise, or on any error in a part, this returns null and the
 * caller reads the file in one pass, which also words any real error properly.
 */
import { open } from 'node:fs/promises';
import { DealmathError } from '../model/errors.js';
import type { Rule } from '../model/findings.js';
import { requireDecided, type ColumnInference } from '../model/columnInference.js';
import type { ColumnMapping } from '../model/mapping.js';
import { partsAgree, sniffFormats } from '../model/dealReader.js';
import { SNIFF_ROWS, inferFileColumns, readDealPart, type DealPart } from '../io/readDeals.js';
import { openTable, type Newline } from '../io/table.js';
import { IdIndex } from '../io/idIndex.js';
import { sha256OnThread } from '../io/textInput.js';
import { dealTally, dimensionColumn, filterReasons, type DealRun, type ProgressSink, type RunEnvironment } from './dealRun.js';
import type { InputPlan } from './plan.js';
import { buildStep, type RunPlan } from './registry.js';
import { stepHandlers, type Step } from './step.js';
import { splittableInput, startPartWorker, takeEarlyWorkers, type PartResult, type PartWorker } from './workers.js';

/**
 * What this thread reads ahead of the others. A worker thread is ready about when this one is
 * (program.ts starts it before the command loads), but its first batches run colder: 4-8 MB
 * balanced the parts best on the benchmark machine, 0 left the worker 50 ms behind.
 */
const HEAD_START_BYTES = 8 * 1024 * 1024;


/**
 * Reads the plan's input in parts when it is one large CSV file: the run and the steps holding
 * the merged states. Null: read it in one pass (the steps read here are dropped with it).
 */
export async function runInParts(plan: RunPlan, environment: RunEnvironment): Promise<{ run: DealRun; steps: Step[] } | null> {
  const input = splittableInput(plan.input.files, environment.env);
  if (input === null) return null;
  const { path, size, parts } = input;
  // Threads start first (if the command line has not started them already): they boot and load
  // the registry while this thread samples and cuts the file.
  const workers = takeEarlyWorkers(path, parts - 1) ?? Array.from({ length: parts - 1 }, () => startPartWorker(environment.env));
  let layout: Layout | null = null;
  try {
    layout = await splitFile(path, size, parts, plan.input);
  } finally {
    if (layout === null || layout.ranges.length !== parts) for (const worker of workers) worker.cancel();
  }
  const debug = (environment.env.DEALMATH_DEBUG_PARALLEL ?? '') !== '' ? environment.debug : undefined;
  if (layout === null || layout.ranges.length !== parts) return null;
  const ranges = layout.ranges;
  const steps = plan.steps.map(buildStep);
  const keyShare = largestKeyShare(steps, layout);
  if (keyShare > MAX_KEY_SHARE) {
    for (const worker of workers) worker.cancel();
    debug?.(`${Math.round(keyShare * 100)}% of the sample rows have a group of their own: reading in one pass`);
    return null;
  }
  // The largest, not the sum: steps of one plan share one history, which a message copies once.
  const shared = steps.reduce((largest, step) => Math.max(largest, step.sharedEntries ?? 0), 0);
  if (shared > MAX_SHARED_ENTRIES) {
    for (const worker of workers) worker.cancel();
    debug?.(`the steps hold ${shared} rows of a stage history, which each thread would be sent a copy of: reading in one pass`);
    return null;
  }
  const t0 = Date.now();
  debug?.(`parts start ${Math.round(performance.now())} ms after launch`);
  // The progress line follows the part read here; the others go at about its pace.
  const progress = environment.progress?.(ranges.length);
  const started = ranges.map((range, index) => {
    const part: DealPart = { path, range, header: index === 0 ? null : layout.header, last: index === ranges.length - 1, delimiter: layout.delimiter, newline: layout.newline, mapping: layout.mapping, formats: layout.formats };
    const running = index === 0 ? readPart(plan, steps, part, progress) : (workers[index - 1] as PartWorker).run({ plan, part });
    if (debug !== undefined) void running.then(() => debug(`part ${index} done after ${Date.now() - t0} ms`), () => undefined);
    return running;
  });
  // SHA-256 cannot be computed in parts: a thread of its own hashes the whole file alongside them.
  const hashing = sha256OnThread(path);
  const settled = await Promise.allSettled(started);
  const sha256 = await hashing;
  progress?.done();
  const results: PartResult[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'rejected') return null;
    results.push(outcome.value);
  }
  // A part that decided a format another part contradicts: one pass refuses it at the row.
  if (!partsAgree(results.map((result) => result.summary.formats))) {
    debug?.('the parts decided formats differently: reading in one pass');
    return null;
  }
  if (hasIdInTwoParts(results)) {
    debug?.('an id is in two parts: reading in one pass');
    return null;
  }

  // The first part was read by `steps` themselves; the others' states merge into them in file order.
  for (const result of results.slice(1)) {
    result.states.forEach((state, index) => steps[index]?.merge(state));
  }
  // The parts' buffers are left to the collector. Detaching them to free them sooner (a transfer
  // to nowhere) made V8 check every later typed-array access for a detached buffer: the
  // report's simulation on 1M deals went from 6.1 s to 6.6 s.
  const findingCounts = new Map<Rule, number>();
  const findingExamples = new Map<Rule, string>();
  const currencies = new Set<string>();
  for (const result of results) {
    for (const [rule, count] of result.findingCounts) findingCounts.set(rule, (findingCounts.get(rule) ?? 0) + count);
    for (const [rule, example] of result.findingExamples) if (!findingExamples.has(rule)) findingExamples.set(rule, example);
    for (const currency of result.currencies) currencies.add(currency);
  }
  const sum = (pick: (result: PartResult) => number): number => results.reduce((total, result) => total + pick(result), 0);
  const rowsRead = sum((result) => result.summary.rowsRead);
  const rowsRejected = sum((result) => result.summary.rowsRejected);
  if (rowsRead === 0) throw new DealmathError('data-refused', 'the file has a header but no data rows', { file: layout.file });
  const run: DealRun = {
    summary: {
      files: [
        {
          file: layout.file,
          format: 'csv',
          encoding: layout.encoding,
          delimiter: layout.delimiter,
          header: layout.header,
          inference: layout.inference,
          mapping: layout.mapping,
          formats: (results[results.length - 1] as PartResult).summary.formats,
          rowsRead,
          rowsRejected,
          blankLines: sum((result) => result.summary.blankLines),
          footerRows: sum((result) => result.summary.footerRows),
          footers: [],
          sha256,
        },
      ],
      rowsRead,
      rowsRejected,
      rowNumberIds: layout.mapping.fields.id === undefined,
    },
    rowsRead,
    rowsRejected,
    rowsFiltered: sum((result) => result.rowsFiltered),
    rowsUsed: sum((result) => result.rowsUsed),
    findingCounts,
    findingExamples,
    currencies,
    closedAfterAsOf: sum((result) => result.closedAfterAsOf),
    dealsWithAmount: sum((result) => result.dealsWithAmount),
    ownersWithoutRep: mergeCounts(results.map((result) => result.ownersWithoutRep)),
    filteredBy: filterReasons(
      { createdAfterAsOf: sum((result) => result.filtered.createdAfterAsOf), where: plan.input.where.map((_, index) => sum((result) => result.filtered.where[index] ?? 0)), scope: sum((result) => result.filtered.scope) },
      plan.input,
      stepHandlers(steps).leavesOut,
    ),
  };
  return { run, steps };
}

/**
 * Above this share of sample rows with a group key of their own (accounts in an export of a
 * few deals each), a part's state holds about a group per row. Copied as objects, handing the
 * states back and merging them cost more than reading in parts saved (66,000 accounts in
 * 200,000 deals: 2.9 s in two parts, 1.8 s in one pass), so a step whose state does not pack
 * (metrics/packedState.ts) is read in one pass past it. Packed states cross and merge in about
 * 80 ms, and win rate's and velocity's are read in parts at any share. Owners, stages,
 * segments and even thousands of accounts over a large file stay far below it.
 */
const MAX_KEY_SHARE = 0.25;

/**
 * Rows of side inputs (a stage history) past which the input is read in one pass. A worker
 * thread rebuilds its steps from the plan, so it is sent a copy of the history and builds its
 * own lookup of the deal ids. With a history of 3.1 million rows for 1M deals, `funnel --history`
 * took 4.4 s and 458 MB in two parts against 4.7 s and 332 MB in one pass (the packed history;
 * held as objects it was 17.6 s and 2.2 GB against 7.5 s and 806 MB): not worth a third more memory.
 */
const MAX_SHARED_ENTRIES = 100_000;
/** Fewer sample rows than this say too little about a key's spread: parts as usual. */
const MIN_SAMPLE_ROWS = 1000;

/**
 * The largest share, over the grouping dimensions of the steps whose states do not pack, of
 * sample rows whose key no earlier sample row had (0 when a dimension reads no column, or the
 * sample is small).
 */
function largestKeyShare(steps: readonly Step[], layout: Layout): number {
  if (layout.sampleRows.length < MIN_SAMPLE_ROWS) return 0;
  let largest = 0;
  const unpacked = steps.filter((step) => step.packsState !== true);
  for (const names of unpacked.flatMap((step) => [...step.groupings.map((grouping) => grouping.names), ...(step.keyedBy ?? [])])) {
    if (names.length === 0) continue;
    let columns: (number | null)[];
    try {
      columns = names.map((name) => dimensionColumn(name, layout.header, layout.mapping, layout.file));
    } catch {
      // An unknown column: the run itself words the error.
      continue;
    }
    if (columns.every((column) => column === null || column === -1)) continue;
    const keys = new Set<string>();
    for (const row of layout.sampleRows) keys.add(columns.map((column) => (column === null || column === -1 ? '' : (row[column] ?? '').trim())).join('\u0000'));
    largest = Math.max(largest, keys.size / layout.sampleRows.length);
  }
  return largest;
}

interface Layout {
  readonly file: string;
  readonly header: readonly string[];
  readonly delimiter: string;
  readonly newline: Newline;
  readonly encoding: 'utf-8' | 'utf-8 with BOM';
  readonly mapping: ColumnMapping;
  readonly inference: ColumnInference;
  readonly formats: ReturnType<typeof sniffFormats>;
  readonly ranges: { start: number; end: number }[];
  /** The first rows, which decided the mapping and formats. */
  readonly sampleRows: readonly (readonly string[])[];
}

/** Decides mapping and formats from the file's first bytes, then cuts it after newlines. */
async function splitFile(path: string, size: number, parts: number, input: InputPlan): Promise<Layout | null> {
  const config = input.config;
  let sample;
  try {
    sample = await openTable(path, { delimiter: input.delimiter ?? config.delimiter, encoding: config.encoding, part: { range: { start: 0, end: size }, header: null, last: true } });
  } catch {
    return null;
  }
  // Parts are cut at byte newlines and read as UTF-8: any other encoding is read in one pass.
  if ((sample.encoding !== 'utf-8' && sample.encoding !== 'utf-8 with BOM') || sample.delimiter === null || sample.newline === null) return null;
  const newline = sample.newline;
  const newlineBytes = Buffer.from(newline, 'latin1');
  // The first rows decide the formats, as in one pass (readDeals.ts); reading stops there.
  const rows: (readonly string[])[] = [];
  try {
    for await (const batch of sample.batches) {
      for (const raw of batch) rows.push(raw.cells);
      if (rows.length >= SNIFF_ROWS) break;
    }
  } catch {
    return null;
  }
  const sampleRows = rows.slice(0, SNIFF_ROWS);
  const inference = inferFileColumns(sample.file, sample.header, sampleRows, input);
  const mapping = requireDecided(inference, sample.file);
  const formats = sniffFormats(sample.file, sample.header, mapping, sampleRows, config);
  const handle = await open(path, 'r');
  try {
    const cuts: number[] = [0];
    const window = Buffer.alloc(64 * 1024);
    // This thread reads the first part and starts at once; threads boot and load the command
    // first, so the first part is cut larger by what this thread reads meanwhile.
    const headStart = Math.min(HEAD_START_BYTES, Math.floor(size / (2 * parts)));
    for (let index = 1; index < parts; index += 1) {
      const target = headStart + Math.floor(((size - headStart) * index) / parts);
      const { bytesRead } = await handle.read(window, 0, window.length, target);
      // Cut after the file's own line break (one pass goes by it; a part's own bytes may end otherwise).
      const lineBreak = window.subarray(0, bytesRead).indexOf(newlineBytes);
      if (lineBreak === -1) return null;
      const cut = target + lineBreak + newlineBytes.length;
      if (cut > (cuts[cuts.length - 1] as number) && cut < size) cuts.push(cut);
    }
    if (cuts.length < 2) return null;
    cuts.push(size);
    const ranges = cuts.slice(0, -1).map((start, index) => ({ start, end: cuts[index + 1] as number }));
    return { file: sample.file, header: sample.header, delimiter: sample.delimiter, newline, encoding: sample.encoding as Layout['encoding'], mapping, inference, formats, ranges, sampleRows };
  } finally {
    await handle.close();
  }
}

/** Reads one part of the input through `steps` and returns their states. */
export async function readPart(plan: RunPlan, steps: readonly Step[], part: DealPart, progress?: ProgressSink): Promise<PartResult> {
  const tally = dealTally({ ...plan.input, progress }, stepHandlers(steps));
  const summary = await readDealPart(part, tally.options, tally.sink);
  const counts = tally.counts();
  return {
    summary,
    rowsFiltered: counts.rowsFiltered,
    rowsUsed: counts.rowsUsed,
    findingCounts: [...counts.findingCounts.entries()],
    findingExamples: [...counts.findingExamples.entries()],
    currencies: [...counts.currencies],
    closedAfterAsOf: counts.closedAfterAsOf,
    dealsWithAmount: counts.dealsWithAmount,
    ownersWithoutRep: [...counts.ownersWithoutRep.entries()],
    filtered: counts.filtered,
    // This thread's part stays in its steps; a worker's adds them (readPlanPart).
    states: [],
  };
}

/** A worker thread's part: the steps rebuilt from the plan by the registry, read, and their states handed back. */
export async function readPlanPart(plan: RunPlan, part: DealPart): Promise<PartResult> {
  const steps = plan.steps.map(buildStep);
  const result = await readPart(plan, steps, part);
  return { ...result, states: steps.map((step) => step.state()) };
}

/** True when some id appears in two parts: duplicates across parts need the one-pass rule. */
function hasIdInTwoParts(results: readonly PartResult[]): boolean {
  const indexes = results.map((result) => IdIndex.fromTable(result.summary.idTable, result.summary.idCount));
  for (let i = 0; i < indexes.length; i += 1) {
    for (let j = i + 1; j < indexes.length; j += 1) {
      if ((indexes[i] as IdIndex).sharesAnIdWith(indexes[j] as IdIndex)) return true;
    }
  }
  return false;
}

/** Counts by name from each part, added up (in the order names are first met). */
function mergeCounts(parts: readonly (readonly [string, number][])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const part of parts) for (const [name, count] of part) counts.set(name, (counts.get(name) ?? 0) + count);
  return counts;
}
