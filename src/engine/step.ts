/**
 * A step is one metric folded over the deals of a run: which deals it uses, the fold it feeds,
 * its state as plain data (sent back from a worker thread and merged with the fold's own
 * merge), and its result as data. Steps are built from plain options by the registry
 * (registry.ts), on the main thread and in worker threads alike; views of a result live in
 * report/sections.
 */
import { formatDay } from '../model/calendar.js';
import { DealmathError } from '../model/errors.js';
import type { ColumnMapping } from '../model/mapping.js';
import type { RepDimension } from '../model/repDimensions.js';
import type { Deal, DealField } from '../model/types.js';
import type { Fold } from '../metrics/fold.js';
import type { PackedState } from '../metrics/packedState.js';
import type { Scope } from '../metrics/scope.js';
import type { DealRun, DealRunHandlers, Grouping } from './dealRun.js';

export interface Step<Result = unknown> {
  /** Sums amounts, so mixed currencies without rates must be refused. */
  readonly money: boolean;
  /**
   * Every figure it gives is an amount (coverage, the forecast, retention): a file with no amount
   * column is refused rather than answered with zeros.
   */
  readonly amountsOnly?: boolean;
  /** The window this step places deals in, refused on a file without the dates for it (null: none). */
  readonly windowScope: Pick<Scope, 'window' | 'basis'> | null;
  /** Its --by dimensions, resolved against each file's header as the file opens. */
  readonly groupings: readonly Grouping[];
  /** Other dimensions its state keeps an entry per value of (pareto's entities), besides its groupings. */
  readonly keyedBy?: readonly (readonly string[])[];
  /** True when state() packs the state as numbers (packedState.ts): a state per group then crosses threads cheaply. */
  readonly packsState?: boolean;
  /**
   * Rows of a side input the step holds (a stage history), which a worker thread is sent a copy
   * of to rebuild the step: past MAX_SHARED_ENTRIES (parts.ts) the input is read in one pass.
   */
  readonly sharedEntries?: number;
  /** Called with each file's header before its rows, for steps that resolve columns by name. */
  readonly resolve?: (header: readonly string[], mapping: ColumnMapping, file: string, repNames: readonly RepDimension[]) => void;
  accept(deal: Deal): boolean;
  /** What the deals accept() refuses are, for a refusal to name: `closed outside the window 2026-Q3`. */
  readonly leavesOut?: string | undefined;
  add(deal: Deal): void;
  /** The fold state so far, as plain data (structured-clonable), packed when the fold can (packedState.ts). */
  state(): unknown;
  /** Merges the state of a later part of the input (the fold's merge), in input order. */
  merge(state: unknown): void;
  result(run: DealRun): Result;
}

/**
 * Refuses a window on a file that has no dates to place deals in it (METRICS.md "Validation":
 * a file with no dates is analysed without a window; asking it for one is an error).
 */
export function requireWindowDates(scope: Pick<Scope, 'window' | 'basis'>, file: string, mapping: ColumnMapping): void {
  if (scope.window === null) return;
  const needed: readonly DealField[] = scope.basis === 'created' ? ['created'] : ['close', 'wonTime', 'lostTime'];
  if (!needed.some((field) => mapping.fields[field] !== undefined)) {
    throw new DealmathError(
      'usage',
      `a window (--from/--to/--period) needs ${scope.basis === 'created' ? 'a created' : 'a close'} date column, and this file has none; run without a window, or map one with --map ${needed[0]}=HEADER`,
      { file },
    );
  }
}

/** What a window leaves out of a step that reads closed deals in it and open deals at the as-of date. */
export function windowLeavesOut(scope: Pick<Scope, 'window' | 'basis'>): string | undefined {
  if (scope.window === null) return undefined;
  const { label } = scope.window;
  const range = /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/.test(label) ? '' : ` (${formatDay(scope.window.from)} to ${formatDay(scope.window.to)})`;
  return `${scope.basis === 'created' ? 'created' : 'closed'} outside the window ${label}${range}`;
}

/** What the steps together leave out: one step's words, the words all share, or the report's. */
function stepsLeaveOut(steps: readonly Step[]): string {
  const said = [...new Set(steps.map((step) => step.leavesOut))];
  if (said.length === 1 && said[0] !== undefined) return said[0];
  return steps.length === 1 ? "outside the command's scope" : "outside every section's window";
}

/** The handlers that feed every step from one stream of deals. */
export function stepHandlers(steps: readonly Step[]): DealRunHandlers {
  const windowed = steps.find((step) => step.windowScope !== null && step.windowScope.window !== null);
  return {
    leavesOut: stepsLeaveOut(steps),
    checkFile: (file, mapping, header, repNames) => {
      for (const step of steps) for (const grouping of step.groupings) grouping.resolveFor(header, mapping, file, repNames);
      if (windowed !== undefined) requireWindowDates(windowed.windowScope as Scope, file, mapping);
      if (mapping.fields.amount === undefined && steps.some((step) => step.amountsOnly === true)) {
        throw new DealmathError('bad-mapping', 'no column is the amount, and every figure here is an amount (it would be 0); map one with --map amount=HEADER ("dealmath inspect" lists the columns)', { file });
      }
      for (const step of steps) step.resolve?.(header, mapping, file, repNames);
    },
    // Plain loops: a closure made per deal for some() would be garbage on the per-row path.
    accept: (deal) => {
      for (const step of steps) if (step.accept(deal)) return true;
      return false;
    },
    // One step: accept() already said yes, so skip asking again on the per-row path.
    use:
      steps.length === 1
        ? (deal) => (steps[0] as Step).add(deal)
        : (deal) => {
            for (const step of steps) if (step.accept(deal)) step.add(deal);
          },
  };
}

/** A fold's state as a step hands it to another thread: packed when the fold can pack it. */
export function handedState<State>(fold: Fold<Deal, State, unknown>, state: State): unknown {
  return fold.pack === undefined ? state : fold.pack(state);
}

/** `state` with a later part's state merged in, as handedState gave it. */
export function mergedState<State>(fold: Fold<Deal, State, unknown>, state: State, other: unknown): State {
  return fold.mergePacked === undefined ? fold.merge(state, other as State) : fold.mergePacked(state, other as PackedState);
}

/** A step made of one fold: its state, merge and result are the fold's own. */
export function foldStep<State, Result>(
  fold: Fold<Deal, State, Result>,
  how: { readonly money: boolean; readonly amountsOnly?: boolean; readonly windowScope: Pick<Scope, 'window' | 'basis'> | null; readonly groupings?: readonly Grouping[]; readonly accept: (deal: Deal) => boolean; readonly leavesOut?: string | undefined; readonly sharedEntries?: number },
): Step<Result> {
  let state = fold.init();
  return {
    packsState: fold.pack !== undefined,
    sharedEntries: how.sharedEntries ?? 0,
    money: how.money,
    amountsOnly: how.amountsOnly === true,
    windowScope: how.windowScope,
    groupings: how.groupings ?? [],
    accept: how.accept,
    leavesOut: how.leavesOut,
    add: (deal) => {
      state = fold.add(state, deal);
    },
    state: () => handedState(fold, state),
    merge: (other) => {
      state = mergedState(fold, state, other);
    },
    result: () => fold.finish(state),
  };
}
