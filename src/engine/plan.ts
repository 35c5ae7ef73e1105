/**
 * What a run plan reads, as plain data: the files and how each row becomes a deal. A plan (the
 * input and the steps to fold it into, registry.ts) goes to worker threads by structured clone,
 * so nothing is parsed, looked up or read again per thread.
 */
import type { Config } from '../model/config.js';
import type { Preset } from '../model/mapping.js';
import type { RepDimensions } from '../model/repDimensions.js';
import type { DayNumber, DealField } from '../model/types.js';

/** One `--where` condition: a column and the values it must (or must not) have. */
export interface WhereClause {
  readonly dimension: string;
  /** Lower-cased. */
  readonly values: ReadonlySet<string>;
  readonly negate: boolean;
  /** The condition as given (`account=Nope`), for messages; absent: rebuilt from the rest. */
  readonly text?: string | undefined;
}

/** `--max-rejected`: at most this many rejected rows, or this share of the rows read. */
export type MaxRejected = { readonly count: number } | { readonly share: number };

/** What to read, and how each row becomes a deal. */
export interface InputPlan {
  readonly files: readonly string[];
  readonly config: Config;
  readonly preset?: Preset | undefined;
  readonly map?: Readonly<Partial<Record<DealField, string>>> | undefined;
  readonly delimiter?: string | undefined;
  readonly sheet?: string | undefined;
  readonly where: readonly WhereClause[];
  /** Deals are seen as they stood on this day (METRICS.md "Point in time"); absent: as read. */
  readonly asOf?: DayNumber | undefined;
  /**
   * The day the reader judges a row's findings at when `asOf` is absent (validate sees every row as
   * read, yet an open deal at 100% or 0% past its close date is an unclear-stage warning there too).
   */
  readonly findingsAsOf?: DayNumber | undefined;
  /** More rejected rows than this refuse the run (exit 1); null: no limit. */
  readonly maxRejected?: MaxRejected | null | undefined;
  /** Team and manager of each owner from the reps file, as dimensions (`--by team`); absent: none. */
  readonly repDimensions?: RepDimensions | null | undefined;
}
