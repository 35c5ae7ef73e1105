/** Pareto of entities (METRICS.md "Pareto / top performers") as a step. */
import { na } from '../../metrics/naReasons.js';
import { DealmathError } from '../../model/errors.js';
import { normalizeHeader, type ColumnMapping } from '../../model/mapping.js';
import type { Deal } from '../../model/types.js';
import type { Fold } from '../../metrics/fold.js';
import {
  entityStatsFold,
  OTHER_VALUE,
  pareto,
  type EntityStatsResult,
  type EntityStatsState,
  type ParetoMeasure,
  type ParetoProfile,
  type ParetoResult,
} from '../../metrics/pareto.js';
import { closedInWindow, openWorkedInWindow, type Scope } from '../../metrics/scope.js';
import { resolveDimension } from '../dealRun.js';
import { windowLeavesOut, type Step } from '../step.js';

export interface ParetoStepOptions {
  readonly scope: Scope;
  /** Entity: owner, account, product or any column (resolved against each file's header). */
  readonly by: string;
  /** `won` (won amount), `count` (won deals) or a numeric column summed over won deals. */
  readonly measure: string;
  /** Share of the total the top group must reach, in (0, 1]. */
  readonly threshold: number;
  /** Entities with no deals that still count in N (reps from a reps file). */
  readonly extraEntities?: readonly string[];
  /** Categorical columns whose mix is compared; null or absent: the file's low-cardinality columns. */
  readonly profile?: readonly string[] | null;
  /** Decimal mark of a measure column's numbers. */
  readonly decimal: ',' | '.';
  /** The config converts currencies (so the profile's average won deal is one currency). */
  readonly converts: boolean;
}

export interface ParetoJson extends ParetoResult {
  readonly by: string;
  readonly measure: string;
  /** Won deals whose measure column was empty or not a number, left out of the measure. */
  readonly measureCellsSkipped: number;
}

/** What a part of the input hands back: the fold state and the profile columns it used. */
interface ParetoState {
  readonly state: EntityStatsState | null;
  readonly profile: readonly string[] | null;
}

/** `--measure amount` is the won amount (the amount column is a deal field, not a column measure). */
export function paretoMeasureOf(measure: string): string {
  const key = normalizeHeader(measure);
  return key === 'won' || key === 'amount' ? 'won' : key === 'count' ? 'count' : measure;
}

/** Columns that name, date, identify or measure rather than categorize are no use in a mix. */
const NOT_CATEGORICAL = /(date|time|id$|^id|name|email|phone|url|note|description|amount|value|probability|revenue|quota|days)/i;
/** Default profile columns considered, in header order. */
const DEFAULT_PROFILE_COLUMNS = 8;
/** A default profile column with more values than this over the deals is not shown (not categorical enough to compare). */
export const MAX_MIX_VALUES = 12;

function defaultProfile(header: readonly string[], mapping: ColumnMapping, by: string, measure: string): string[] {
  return defaultProfileColumns(mapping.dimensions.map((index) => header[index] ?? ''), by, measure);
}

/** The default profile among a file's other columns (its dimensions, in header order). */
export function defaultProfileColumns(dimensions: readonly string[], by: string, measure: string): string[] {
  const excluded = new Set([normalizeHeader(by), normalizeHeader(measure)]);
  return dimensions
    .filter((name) => name !== '' && !excluded.has(normalizeHeader(name)) && !NOT_CATEGORICAL.test(normalizeHeader(name)))
    .slice(0, DEFAULT_PROFILE_COLUMNS);
}

/** `won`, `count`, or a numeric column that is not one of the deal's mapped fields. */
function resolveMeasure(measure: string, header: readonly string[], mapping: ColumnMapping, file: string): ParetoMeasure {
  const key = normalizeHeader(measure);
  if (key === 'won') return 'won';
  if (key === 'count') return 'count';
  const index = header.findIndex((candidate) => normalizeHeader(candidate) === key);
  if (index === -1) {
    const numericHint = mapping.dimensions.map((column) => header[column] ?? '').filter((name) => name !== '').slice(0, 15).join(', ');
    throw new DealmathError('usage', `--measure "${measure}": no such column; use won, count or a numeric column (${numericHint})`, { file });
  }
  if (!mapping.dimensions.includes(index)) {
    const field = (Object.entries(mapping.fields) as [string, number][]).find(([, column]) => column === index)?.[0] ?? 'a field';
    // The amount column is the won measure already, converted to the base currency.
    if (field === 'amount') return 'won';
    throw new DealmathError('usage', `--measure "${measure}": that column is read as the deal's ${field}; use won, count or another numeric column`, { file });
  }
  return { column: header[index] as string };
}

/**
 * The Pareto step. entityStatsFold takes resolved column names when it is made, so a fold
 * is made per file in resolve(), against that file's header (exports of one kind may spell a
 * header differently); the state it feeds is shared, since its shape depends only on the
 * number of profile columns, which the first file fixes.
 */
export function paretoStep(given: ParetoStepOptions): Step<ParetoJson> {
  const options: ParetoStepOptions = { ...given, measure: paretoMeasureOf(given.measure) };
  const profileGiven = options.profile !== undefined && options.profile !== null;
  // merge and finish read no column names (finish only labels the mix), so any fold with the
  // profile names can merge and finish states made by the per-file folds.
  const foldFor = (by: string, measure: ParetoMeasure, profile: readonly string[]): Fold<Deal, EntityStatsState, EntityStatsResult> =>
    entityStatsFold({ scope: options.scope, by, measure, profileDimensions: profile, decimal: options.decimal });
  let fileFold: Fold<Deal, EntityStatsState, EntityStatsResult> | null = null;
  let state: EntityStatsState | null = null;
  // Profile columns as the user (or the first file's header) names them.
  let profileNames: readonly string[] | null = null;

  return {
    money: options.measure === 'won',
    windowScope: options.scope,
    groupings: [],
    keyedBy: [[options.by]],
    resolve: (header, mapping, file, repNames) => {
      const by = resolveDimension(options.by, header, mapping, file, repNames);
      profileNames ??= profileGiven ? [...(options.profile as readonly string[])] : defaultProfile(header, mapping, by, options.measure);
      const resolvedProfile = profileNames.map((name) => {
        if (profileGiven) return resolveDimension(name, header, mapping, file, repNames);
        // A default column missing from a later file reads "(none)" there rather than stopping the run.
        try {
          return resolveDimension(name, header, mapping, file, repNames);
        } catch {
          return name;
        }
      });
      fileFold = foldFor(by, resolveMeasure(options.measure, header, mapping, file), resolvedProfile);
      state ??= fileFold.init();
    },
    accept: (deal) => closedInWindow(deal, options.scope) || openWorkedInWindow(deal, options.scope),
    leavesOut: windowLeavesOut(options.scope),
    add: (deal) => {
      if (fileFold !== null && state !== null) state = fileFold.add(state, deal);
    },
    state: (): ParetoState => ({ state, profile: profileNames }),
    merge: (other) => {
      const part = other as ParetoState;
      if (part.state === null) return;
      profileNames ??= part.profile;
      state = state === null ? part.state : foldFor(options.by, 'won', profileNames ?? []).merge(state, part.state);
    },
    result: (run) => {
      const profile = profileNames ?? [];
      const stats = state === null ? { entities: [], measureCellsSkipped: 0 } : foldFor(options.by, 'won', profile).finish(state);
      return paretoJsonOf(options, stats, run.currencies);
    },
  };
}

/** The step's result from the entities' stats (the fold's finish, or the same from DuckDB): the Pareto, its profile kept to categories, and the currencies checked. */
export function paretoJsonOf(options: ParetoStepOptions, stats: EntityStatsResult, currencies: ReadonlySet<string>): ParetoJson {
  const raw = pareto(stats.entities, { threshold: options.threshold, ...(options.extraEntities === undefined ? {} : { extraEntities: options.extraEntities }) });
  const profileGiven = options.profile !== undefined && options.profile !== null;
  const result = withMixedCurrencies(profileGiven ? raw : keepCategorical(raw), currencies, options.converts);
  return { by: options.by, measure: paretoMeasureOf(options.measure), ...result, measureCellsSkipped: stats.measureCellsSkipped };
}

const NUMBER_LIKE = /^[-+]?[\d.,\s]+%?$/;

/**
 * Drops default profile columns that are not categories: many values (or values beyond the
 * fold's cap), or numbers only. A mix of them says nothing.
 */
function keepCategorical(result: ParetoResult): ParetoResult {
  const dimensions = result.profile.top.mix.map((mix) => mix.dimension);
  const kept = new Set(
    dimensions.filter((dimension) => {
      const values = new Set<string>();
      for (const group of [result.profile.top, result.profile.rest]) {
        for (const entry of group.mix.find((mix) => mix.dimension === dimension)?.values ?? []) values.add(entry.value);
      }
      const numeric = [...values].every((value) => value === '(none)' || NUMBER_LIKE.test(value));
      return values.size <= MAX_MIX_VALUES && !values.has(OTHER_VALUE) && !numeric;
    }),
  );
  const filter = (profile: ParetoProfile): ParetoProfile => ({ ...profile, mix: profile.mix.filter((mix) => kept.has(mix.dimension)) });
  return { ...result, profile: { top: filter(result.profile.top), rest: filter(result.profile.rest) } };
}

/**
 * A count or column measure needs no single currency, but the profile's average won deal
 * does: over several currencies without rates it is n/a, not a silent mix.
 */
function withMixedCurrencies(result: ParetoResult, currencies: ReadonlySet<string>, converts: boolean): ParetoResult {
  if (converts || currencies.size <= 1) return result;
  const averageWonAmount = na('mixed-currencies', [...currencies].sort());
  const blank = (profile: ParetoProfile): ParetoProfile => ({ ...profile, averageWonAmount });
  return { ...result, profile: { top: blank(result.profile.top), rest: blank(result.profile.rest) } };
}

