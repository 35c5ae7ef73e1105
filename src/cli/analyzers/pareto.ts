/** Pareto of entities (METRICS.md "Pareto / top performers") as an analyzer. */
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
import { closedInWindow, openWorkedInWindow } from '../../metrics/scope.js';
import { paretoChart } from '../../report/charts/paretoChart.js';
import { formatMoney, formatRatio } from '../../report/format.js';
import { curveSvg } from '../../report/svg.js';
import { column, type SectionView, type TableView } from '../../report/view.js';
import type { Analysis } from '../analysis.js';
import { resolveDimension, type DealRun } from '../dealInput.js';
import { reasonNotes } from '../groupView.js';
import type { Analyzer } from './analyzer.js';
import { analyzerOutput } from './output.js';

export interface ParetoAnalyzerOptions {
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
  /** Section title; default "Pareto by <by>". */
  readonly title?: string;
  /** Every entity in the ranking table, not the first 10 to 25 (CSV output). */
  readonly full?: boolean;
}

export interface ParetoJson extends ParetoResult {
  readonly by: string;
  readonly measure: string;
  /** Won deals whose measure column was empty or not a number, left out of the measure. */
  readonly measureCellsSkipped: number;
}

/** What a part of the input hands back: the fold state and the profile columns it used. */
interface ParetoSnapshot {
  readonly state: EntityStatsState | null;
  readonly profile: readonly string[] | null;
}

/** Columns that name, date, identify or measure rather than categorize are no use in a mix. */
const NOT_CATEGORICAL = /(date|time|id$|^id|name|email|phone|url|note|description|amount|value|probability|revenue|quota|days)/i;
/** Default profile columns considered, in header order. */
const DEFAULT_PROFILE_COLUMNS = 8;
/** A default profile column with more values than this over the deals is not shown (not categorical enough to compare). */
const MAX_MIX_VALUES = 12;

function defaultProfile(header: readonly string[], mapping: ColumnMapping, by: string, measure: string): string[] {
  const excluded = new Set([normalizeHeader(by), normalizeHeader(measure)]);
  return mapping.dimensions
    .map((index) => header[index] ?? '')
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
 * The Pareto analyzer. entityStatsFold takes resolved column names when it is made, so a fold
 * is made per file in resolve(), against that file's header (exports of one kind may spell a
 * header differently); the state it feeds is shared, since its shape depends only on the
 * number of profile columns, which the first file fixes.
 */
export function paretoAnalyzer(analysis: Analysis, given: ParetoAnalyzerOptions) {
  // `--measure amount` is the won amount (the amount column is a deal field, not a column measure).
  const measureKey = normalizeHeader(given.measure);
  const options: ParetoAnalyzerOptions = { ...given, measure: measureKey === 'won' || measureKey === 'amount' ? 'won' : measureKey === 'count' ? 'count' : given.measure };
  const profileGiven = options.profile !== undefined && options.profile !== null;
  // merge and finish read no column names (finish only labels the mix), so any fold with the
  // profile names can merge and finish states made by the per-file folds.
  const foldFor = (by: string, measure: ParetoMeasure, profile: readonly string[]): Fold<Deal, EntityStatsState, EntityStatsResult> =>
    entityStatsFold({ scope: analysis.scope, by, measure, profileDimensions: profile, decimal: analysis.config.decimal ?? '.' });
  let fileFold: Fold<Deal, EntityStatsState, EntityStatsResult> | null = null;
  let state: EntityStatsState | null = null;
  // Profile columns as the user (or the first file's header) names them.
  let profileNames: readonly string[] | null = null;

  const analyzer: Analyzer<ParetoJson> = {
    name: `pareto-${options.by}`,
    money: options.measure === 'won',
    windowed: true,
    resolve: (header, mapping, file) => {
      const by = resolveDimension(options.by, header, mapping, file);
      profileNames ??= profileGiven ? [...(options.profile as readonly string[])] : defaultProfile(header, mapping, by, options.measure);
      const resolvedProfile = profileNames.map((name) => {
        if (profileGiven) return resolveDimension(name, header, mapping, file);
        // A default column missing from a later file reads "(none)" there rather than stopping the run.
        try {
          return resolveDimension(name, header, mapping, file);
        } catch {
          return name;
        }
      });
      fileFold = foldFor(by, resolveMeasure(options.measure, header, mapping, file), resolvedProfile);
      state ??= fileFold.init();
    },
    accept: (deal) => closedInWindow(deal, analysis.scope) || openWorkedInWindow(deal, analysis.scope),
    add: (deal) => {
      if (fileFold !== null && state !== null) state = fileFold.add(state, deal);
    },
    snapshot: (): ParetoSnapshot => ({ state, profile: profileNames }),
    absorb: (other) => {
      const part = other as ParetoSnapshot;
      if (part.state === null) return;
      profileNames ??= part.profile;
      state = state === null ? part.state : foldFor(options.by, 'won', profileNames ?? []).merge(state, part.state);
    },
    finish: (run) => {
      const profile = profileNames ?? [];
      const stats = state === null ? { entities: [], measureCellsSkipped: 0 } : foldFor(options.by, 'won', profile).finish(state);
      const raw = pareto(stats.entities, { threshold: options.threshold, ...(options.extraEntities === undefined ? {} : { extraEntities: options.extraEntities }) });
      const result = withMixedCurrencies(profileGiven ? raw : keepCategorical(raw), run, analysis);
      const json: ParetoJson = { by: options.by, measure: options.measure, ...result, measureCellsSkipped: stats.measureCellsSkipped };
      const warnings =
        stats.measureCellsSkipped === 0
          ? []
          : [`${stats.measureCellsSkipped} won deals have an empty or non-numeric "${options.measure}" and add nothing to the measure`];
      return analyzerOutput({ json, warnings }, () => [paretoSection(options, result)]);
    },
  };
  return analyzer;
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
function withMixedCurrencies(result: ParetoResult, run: DealRun, analysis: Analysis): ParetoResult {
  if (analysis.config.currency !== undefined || run.currencies.size <= 1) return result;
  const reason = `amounts in several currencies (${[...run.currencies].sort().join(', ')}) and no rates in the config`;
  const blank = (profile: ParetoProfile): ParetoProfile => ({ ...profile, averageWonAmount: null, averageWonAmountReason: reason });
  return { ...result, profile: { top: blank(result.profile.top), rest: blank(result.profile.rest) } };
}

function measureText(options: Pick<ParetoAnalyzerOptions, 'measure'>): string {
  return options.measure === 'won' ? 'won amount' : options.measure === 'count' ? 'won deals' : `${options.measure} (won deals)`;
}

/** Rows of the ranking table shown to people: at least 10, the whole top group up to 25. */
function shownRanks(result: ParetoResult, full: boolean): number {
  return full ? result.curve.length : Math.min(result.curve.length, Math.max(10, Math.min(result.k ?? 0, 25)));
}

export function paretoSection(options: Pick<ParetoAnalyzerOptions, 'by' | 'measure' | 'title' | 'full'>, result: ParetoResult): SectionView {
  const measure = measureText(options);
  const wholeNumbers = result.curve.every((point) => Number.isInteger(point.value));
  const kind = options.measure === 'won' ? ('money' as const) : options.measure === 'count' || wholeNumbers ? ('count' as const) : ('number' as const);
  const amountText = (value: number): string => (options.measure === 'won' ? formatMoney(value) : String(Math.round(value * 1000) / 1000));
  const headline =
    result.k === null
      ? `top group n/a: ${result.reason ?? ''}`
      : `${result.k} of ${result.entities} ${options.by} values (${formatRatio(result.share ?? 0)}) produce ${formatRatio(result.topShare ?? 0)} of the ${measure} (threshold ${formatRatio(result.threshold)}; total ${amountText(result.total)})`;
  const ties =
    result.tiesAtCutoff === 0 || result.k === null
      ? []
      : [`${result.tiesAtCutoff} more ${options.by} value${result.tiesAtCutoff === 1 ? '' : 's'} tie with the last of the top group and stay in the rest (k is the smallest group that reaches the threshold; ties are ranked by name)`];
  const uplift =
    result.uplift.multiplier === null
      ? `uplift n/a: ${result.uplift.reason ?? ''}`
      : `if the rest produced the top group's average per ${options.by}, the total would be x${result.uplift.multiplier.toFixed(2)} (+${Math.round((result.uplift.increase ?? 0) * 100)}%)`;
  const gini = result.gini === null ? `Gini n/a: ${result.giniReason ?? ''}` : `Gini ${result.gini.toFixed(3)} over all ${result.entities} (0 = equal, 1 = one holds everything)`;

  const shown = shownRanks(result, options.full === true);
  const top = new Set(result.top);
  const ranking: TableView = {
    title: `${options.by} values by ${measure}, largest first`,
    columns: [column('rank', '#', 'count'), column('key', options.by), column('value', measure, kind), column('cumulativeShare', 'Cumulative share', 'ratio'), column('group', 'Group')],
    rows: result.curve.slice(0, shown).map((point) => ({ ...point, group: top.has(point.key) ? 'top' : 'rest' })),
    total: { key: `Total (${result.entities})`, value: result.total, cumulativeShare: result.total === 0 ? null : 1 },
    notes: [
      ...(shown < result.curve.length ? [`${result.curve.length - shown} more in the JSON or CSV output`] : []),
      ...(result.total === 0 && result.entities > 0 ? [`cumulative share n/a: the total ${measure} is 0`] : []),
    ],
  };
  const profileRow = (label: string, profile: ParetoProfile) => ({
    group: label,
    entities: profile.entities,
    measurePerEntity: profile.measurePerEntity,
    dealsPerEntity: profile.dealsPerEntity,
    unitWinRate: profile.unitWinRate,
    averageWonAmount: profile.averageWonAmount,
    averageCycleDays: profile.averageCycleDays,
  });
  const profileReasons = (label: string, profile: ParetoProfile) => ({
    label: { group: label },
    reasons: { 'win rate': profile.unitWinRateReason, 'average won deal': profile.averageWonAmountReason, 'average cycle': profile.averageCycleDaysReason },
  });
  const profileTable: TableView = {
    title: 'Top group against the rest',
    columns: [
      column('group', ''),
      column('entities', 'Entities', 'count'),
      column('measurePerEntity', `${measure} each`, kind === 'money' ? 'money' : 'number'),
      column('dealsPerEntity', 'Deals each', 'number'),
      column('unitWinRate', 'Win rate', 'ratio'),
      column('averageWonAmount', 'Avg won deal', 'money'),
      column('averageCycleDays', 'Avg cycle days', 'days'),
    ],
    rows: [profileRow('top', result.profile.top), profileRow('rest', result.profile.rest)],
    notes: reasonNotes([profileReasons('top', result.profile.top), profileReasons('rest', result.profile.rest)]),
  };
  const mixRows = result.profile.top.mix.flatMap((topMix) => {
    const restMix = result.profile.rest.mix.find((mix) => mix.dimension === topMix.dimension);
    const values = [...new Set([...topMix.values.map((entry) => entry.value), ...(restMix?.values ?? []).map((entry) => entry.value)])].slice(0, MAX_MIX_VALUES);
    return values.map((value) => ({
      dimension: topMix.dimension,
      value,
      top: result.profile.top.deals === 0 ? null : (topMix.values.find((entry) => entry.value === value)?.share ?? 0),
      rest: result.profile.rest.deals === 0 ? null : (restMix?.values.find((entry) => entry.value === value)?.share ?? 0),
    }));
  });
  const mixTable: TableView = {
    title: 'Mix: share of deals by value',
    columns: [column('dimension', 'Column'), column('value', 'Value'), column('top', 'Top', 'ratio'), column('rest', 'Rest', 'ratio')],
    rows: mixRows,
  };
  const n = result.curve.length;
  return {
    title: options.title ?? `Pareto by ${options.by}`,
    text: [headline, ...ties, gini, uplift],
    chart: paretoChart(result.curve, { threshold: result.threshold, k: result.k }),
    svg: curveSvg(
      result.curve.map((point) => ({ x: n === 0 ? 0 : point.rank / n, y: point.cumulativeShare ?? 0 })),
      { threshold: result.threshold, k: result.k, n },
      `Cumulative share of ${measure} by ${options.by}`,
    ),
    tables: [ranking, profileTable, ...(mixRows.length === 0 ? [] : [mixTable])],
  };
}
