/**
 * The run of `movement`: snapshots read in date order and joined by id (io/readSnapshots), the
 * joined pairs folded into the waterfall (first to last, and each step with --steps) and slippage.
 * `--by` and `--where` resolve per snapshot file, as for any deals file.
 */
import { formatDay, parsePeriod, periodContaining, type NamedPeriod, type PeriodUnit } from '../model/calendar.js';
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import type { Rule } from '../model/findings.js';
import type { DayNumber, Deal } from '../model/types.js';
import { groupedFold, type Fold, type GroupedResult } from '../metrics/fold.js';
import { movementFold, type DealPair, type MovementResult, type MovementWindow, type SnapshotDeal } from '../metrics/movement.js';
import { slippageFold, type SlippageResult } from '../metrics/slippage.js';
import { readSnapshots, snapshotDatesOf, snapshotsThrough, type KeptFile, type SnapshotRead, type SnapshotSpec, type SnapshotsOptions } from '../io/readSnapshots.js';
import type { WhereClause } from './plan.js';
import type { Grouping, RejectedRows, RunEnvironment } from './dealRun.js';
import { FindingTally } from './findingTally.js';
import { Interned, SnapshotBank, type KeptDeal } from './snapshotBank.js';
import { snapshotFileReader } from './snapshotFiles.js';
import { SnapshotKeeper } from './snapshotKeeper.js';

export type { KeptDeal } from './snapshotBank.js';

export interface MovementRunOptions {
  readonly specs: readonly SnapshotSpec[];
  readonly input: SnapshotsOptions;
  readonly grouping: Grouping;
  readonly where: readonly WhereClause[];
  /** --rolling, --period TEXT, --from/--to, a period already resolved (the report's), or null: the period containing the last snapshot's date. */
  readonly window: { readonly rolling: true } | { readonly period: string } | { readonly from: DayNumber; readonly to: DayNumber } | { readonly named: NamedPeriod } | null;
  readonly steps: boolean;
  readonly keepDeals: boolean;
  /** The as-of date: snapshots dated after it are left out (METRICS.md "Point in time"). Absent or null: every snapshot is read. */
  readonly asOf?: DayNumber | null | undefined;
  /** DEALMATH_WORKERS and DEALMATH_PARALLEL_MIN_BYTES: whether snapshot files are read ahead on worker threads (snapshotFiles.ts). */
  readonly environment?: RunEnvironment | undefined;
}

export interface MovementStep {
  readonly from: DayNumber;
  readonly to: DayNumber;
  readonly result: GroupedResult<MovementResult>;
}

export interface MovementRun {
  readonly window: MovementWindow;
  readonly snapshots: readonly SnapshotRead[];
  /** The as-of date the run answers on (null: none given), and the snapshots dated after it, left out. */
  readonly asOf: DayNumber | null;
  readonly leftOut: readonly { readonly date: DayNumber; readonly file: string }[];
  /** First snapshot to last. */
  readonly span: GroupedResult<MovementResult>;
  /** Each consecutive pair, with --steps. */
  readonly steps: readonly MovementStep[] | null;
  readonly slippage: SlippageResult;
  readonly findingCounts: ReadonlyMap<Rule, number>;
  readonly findingExamples: ReadonlyMap<Rule, string>;
  readonly currencies: ReadonlySet<string>;
}

/** The unit of the default window: the config's report period (this-quarter...), else a quarter. */
export function periodUnit(config: Config, day: DayNumber): PeriodUnit {
  const text = config.report?.period;
  return (text === undefined ? null : parsePeriod(text, day, config.fiscalYearStartMonth))?.unit ?? 'quarter';
}

/** The window of the run; `specs` are those dated on or before the as-of date (`through`), which also bounds a single file's dates. */
async function resolveMovementWindow(options: MovementRunOptions, specs: readonly SnapshotSpec[], through: DayNumber | null): Promise<MovementWindow> {
  const { window, input } = options;
  if (window !== null && 'rolling' in window) return { kind: 'rolling' };
  if (window !== null && 'named' in window) return { kind: 'window', window: window.named };
  if (window !== null && 'from' in window) return { kind: 'window', window: { from: window.from, to: window.to, label: `${formatDay(window.from)}..${formatDay(window.to)}` } };
  const dated = specs.flatMap((spec) => (spec.date === null ? [] : [spec.date]));
  const single = specs.length === 1 && specs[0]?.date === null;
  const inFile = async (): Promise<DayNumber[]> => (await snapshotDatesOf((specs[0] as SnapshotSpec).file, input)).filter((day) => through === null || day <= through);
  // No snapshot left (all dated after the as-of date): the reading refuses the run before the window is used.
  const last = dated.length > 0 ? Math.max(...dated) : single ? ((await inFile()).at(-1) ?? 0) : 0;
  const fiscal = input.config.fiscalYearStartMonth;
  if (window !== null) {
    const period = parsePeriod(window.period, last, fiscal);
    if (period === null) throw new DealmathError('usage', `--period "${window.period}" is not a period; expected 2026-Q3, 2026-09, 2026, this-quarter, last-quarter, this-month, last-month, this-year or last-year`);
    return { kind: 'window', window: period };
  }
  return { kind: 'window', window: periodContaining(last, periodUnit(input.config, last), fiscal) };
}

/**
 * How many snapshots are given and how many of them are dated on or before `asOf`: for dated
 * files, by their dates; for one file with a snapshot-date column, by the dates in that column.
 */
export async function snapshotsOn(specs: readonly SnapshotSpec[], input: SnapshotsOptions, asOf: DayNumber): Promise<{ given: number; known: number }> {
  const single = specs.length === 1 && specs[0]?.date === null;
  const dates = single ? await snapshotDatesOf((specs[0] as SnapshotSpec).file, input) : specs.flatMap((spec) => (spec.date === null ? [] : [spec.date]));
  return { given: single ? dates.length : specs.length, known: dates.filter((day) => day <= asOf).length };
}

export async function runMovement(options: MovementRunOptions): Promise<MovementRun> {
  // Snapshots dated after the as-of date were not taken yet on it: left out before any is read (or read ahead).
  const through = options.asOf ?? null;
  const specs = through === null ? options.specs : snapshotsThrough(options.specs, through).kept;
  const leftOut: { date: DayNumber; file: string }[] = [];
  const input: SnapshotsOptions = through === null ? options.input : { ...options.input, through };
  const window = await resolveMovementWindow(options, specs, through);
  const { grouping } = options;
  const dimensions = grouping.names;
  const keyOf = (pair: DealPair<KeptDeal>): readonly string[] => (pair.after ?? pair.before)?.key ?? [];
  const waterfall = (): Fold<DealPair<KeptDeal>, unknown, GroupedResult<MovementResult>> =>
    groupedFold(movementFold({ window, keepDeals: options.keepDeals }), dimensions, keyOf) as Fold<DealPair<KeptDeal>, unknown, GroupedResult<MovementResult>>;
  const spanFold = waterfall();
  let spanState = spanFold.init();
  const slippage = slippageFold();
  let slippageState = slippage.init();
  const stepStates: { fold: ReturnType<typeof waterfall>; state: unknown }[] = [];
  const keeper = new SnapshotKeeper(grouping, options.where);
  const findings = new FindingTally();
  // Kept deals live in typed arrays (snapshotBank): a handle per deal, views made per pair.
  const tables = { stages: new Interned<string>(), owners: new Interned<string>(), keys: new Interned<readonly string[]>() };
  let first: SnapshotBank | null = null;
  let previous: SnapshotBank | null = null;
  let current = new SnapshotBank(tables);
  let spare: SnapshotBank | null = null;
  const environment = options.environment;
  const ahead = snapshotFileReader(specs, { input: options.input, dimensions, where: options.where }, environment?.env ?? {});
  let readAhead = 0;
  const readElsewhere = async (_spec: SnapshotSpec, index: number): Promise<KeptFile<number> | null> => {
    const read = (await ahead?.take(index)) ?? null;
    if (read === null) return null;
    readAhead += 1;
    findings.merge(read.findingCounts, read.findingExamples);
    for (const currency of read.currencies) keeper.currencies.add(currency);
    const firstHandle = current.append(read.columns);
    const { idText, idEnds } = read;
    return {
      count: idEnds.length,
      idAt: (row) => idText.substring(row === 0 ? 0 : (idEnds[row - 1] as number), idEnds[row] as number),
      keptAt: (row) => firstHandle + row,
      rowsRead: read.rowsRead,
      rowsRejected: read.rowsRejected,
      rowsFiltered: read.rowsFiltered,
      rejectedIds: read.rejectedIds,
    };
  };
  // Given every snapshot and the as-of date, the reading says which it left out (and refuses fewer than two left).
  const snapshots = await readSnapshots<number>(options.specs, input, {
    onFile: (file) => keeper.onFile(file),
    leftOut: (date, file) => leftOut.push({ date, file }),
    readElsewhere,
    begin: (_date, index) => {
      if (index === 0) return;
      // The bank two snapshots back is free again (the first one is kept for the span).
      if (previous !== null && previous !== first) spare = previous;
      if (index === 1) first = current;
      previous = current;
      current = spare ?? new SnapshotBank(tables);
      current.clear();
      spare = null;
    },
    keep: (deal: Deal) => keeper.keep(deal, current),
    step: (step, id, beforeHandle, afterHandle, slot, rejected) => {
      const before = beforeHandle === null ? null : (previous as SnapshotBank).view(beforeHandle);
      const after = afterHandle === null ? null : current.view(afterHandle);
      // The slot numbers the deal: slippage keeps its deals in an array, not a map by id.
      const pair = { id, index: slot, before, after, beforeRejected: rejected.before, afterRejected: rejected.after };
      slippageState = slippage.add(slippageState, pair);
      if (options.steps) {
        while (stepStates.length < step) stepStates.push({ fold: waterfall(), state: null });
        const entry = stepStates[step - 1] as { fold: ReturnType<typeof waterfall>; state: unknown };
        entry.state = entry.fold.add(entry.state ?? entry.fold.init(), pair);
      }
    },
    span: (id, firstHandle, lastHandle, rejected) => {
      const before = firstHandle === null ? null : (first as SnapshotBank).view(firstHandle);
      spanState = spanFold.add(spanState, { id, before, after: lastHandle === null ? null : current.view(lastHandle), beforeRejected: rejected.before, afterRejected: rejected.after });
    },
    finding: (found) => findings.add(found),
  }).finally(() => ahead?.close());
  if ((environment?.env.DEALMATH_DEBUG_PARALLEL ?? '') !== '') environment?.debug?.(`snapshots: ${readAhead} of ${snapshots.length} files read on worker threads`);
  const steps = options.steps
    ? snapshots.slice(1).map((snapshot, index) => {
        const entry = stepStates[index];
        const fold = entry?.fold ?? waterfall();
        return { from: (snapshots[index] as SnapshotRead).date, to: snapshot.date, result: fold.finish(entry?.state ?? fold.init()) };
      })
    : null;
  return { window, snapshots, asOf: through, leftOut, span: spanFold.finish(spanState), steps, slippage: slippage.finish(slippageState), findingCounts: findings.findingCounts, findingExamples: findings.findingExamples, currencies: keeper.currencies };
}

/** Every snapshot's rows and the findings that rejected some: what --max-rejected holds a snapshot run to (dealRun refuseRejected). */
export function snapshotRejectedRows(snapshots: readonly SnapshotRead[], findings: Pick<RejectedRows, 'findingCounts' | 'findingExamples'>): RejectedRows {
  const rowsRead = snapshots.reduce((sum, snapshot) => sum + snapshot.rowsRead, 0);
  const rowsRejected = snapshots.reduce((sum, snapshot) => sum + snapshot.rowsRejected, 0);
  return { rowsRead, rowsRejected, findingCounts: findings.findingCounts, findingExamples: findings.findingExamples };
}

/** Amounts in several currencies cannot be added without the config's rates: refused, as for any deals file. */
export function refuseMixedCurrencies(run: MovementRun, config: Config): void {
  if (config.currency === undefined && run.currencies.size > 1) {
    throw new DealmathError('mixed-currency', `amounts are in several currencies (${[...run.currencies].sort().join(', ')}) and the config has no rates; add currency: { base: USD, rates: { EUR: 1.08, ... } } to the config, or filter with --where currency=USD`);
  }
}
