/** Pareto of entities (METRICS.md "Pareto / top performers") as an analyzer. */
import { DealmathError } from '../../model/errors.js';
import { normalizeHeader, type ColumnMapping } from '../../model/mapping.js';
import { entityStatsFold, pareto, type EntityStatsResult, type EntityStatsState, type ParetoMeasure, type ParetoProfile, type ParetoResult } from '../../metrics/pareto.js';
import type { Fold } from '../../metrics/fold.js';
import type { Deal } from '../../model/types.js';
import { inScope } from '../../metrics/scope.js';
import { paretoChart } from '../../report/charts/paretoChart.js';
import { formatRatio } from '../../report/format.js';
import { curveSvg } from '../../report/svg.js';
import { column, type SectionView } from '../../report/view.js';
import type { Analysis } from '../analysis.js';
import { resolveDimension } from '../dealInput.js';
import type { Analyzer } from './analyzer.js';

export interface ParetoAnalyzerOptions {
  /** Entity: owner, account, product or any column. */
  readonly by: string;
  /** `won` (won amount), `count` (won deals) or a numeric column summed over won deals. */
  readonly measure: string;
  readonly threshold: number;
  /** Entities with no deals that still count in N (reps from a reps file). */
  readonly extraEntities?: readonly string[];
  /** Categorical columns whose mix is compared; null: a default set (see defaultProfile). */
  readonly profile: readonly string[] | null;
  readonly title?: string;
}

/** Columns that name, date or identify rather than categorize are no use in a mix. */
const NOT_CATEGORICAL = /(date|time|id$|^id|name|email|phone|url|note|description|amount|value|probability|revenue|quota)/i;

function defaultProfile(header: readonly string[], mapping: ColumnMapping): string[] {
  return mapping.dimensions
    .map((index) => header[index] ?? '')
    .filter((name) => name !== '' && !NOT_CATEGORICAL.test(normalizeHeader(name)))
    .slice(0, 6);
}

export function paretoAnalyzer(analysis: Analysis, options: ParetoAnalyzerOptions) {
  let fold: Fold<Deal, EntityStatsState, EntityStatsResult> | null = null;
  let state: EntityStatsState | null = null;
  let profileNames: string[] = [];
  const analyzer: Analyzer<ReturnType<typeof paretoJson>> = {
    name: `pareto-${options.by}`,
    money: options.measure === 'won',
    windowed: true,
    // The entity, measure and profile columns are resolved against the first file's header.
    resolve: (header, mapping, file) => {
      if (fold !== null) return;
      const by = resolveDimension(options.by, header, mapping, file);
      const profile = options.profile === null ? defaultProfile(header, mapping) : options.profile.map((name) => resolveDimension(name, header, mapping, file));
      profileNames = options.profile === null ? profile : [...options.profile];
      let measure: ParetoMeasure;
      if (options.measure === 'won' || options.measure === 'count') measure = options.measure;
      else {
        const index = header.findIndex((candidate) => normalizeHeader(candidate) === normalizeHeader(options.measure));
        if (index === -1) throw new DealmathError('usage', `--measure "${options.measure}": no such column; use won, count or a numeric column`, { file });
        measure = { column: header[index] as string };
      }
      const created = entityStatsFold({ scope: analysis.scope, by, measure, profileDimensions: profile, decimal: analysis.config.decimal });
      fold = created;
      state = created.init();
    },
    accept: (deal) => inScope(deal, analysis.scope),
    add: (deal) => {
      if (fold !== null && state !== null) state = fold.add(state, deal);
    },
    snapshot: () => state,
    absorb: (other) => {
      if (fold !== null && state !== null && other !== null) state = fold.merge(state, other as EntityStatsState);
    },
    finish: () => {
      const entities = fold !== null && state !== null ? fold.finish(state).entities : [];
      const result = pareto(entities, { threshold: options.threshold, ...(options.extraEntities === undefined ? {} : { extraEntities: options.extraEntities }) });
      const json = paretoJson(options, result);
      return { json, sections: [paretoSection(options, result, profileNames)], warnings: [] };
    },
  };
  return analyzer;
}

function paretoJson(options: ParetoAnalyzerOptions, result: ParetoResult) {
  return { by: options.by, measure: options.measure, ...result };
}

function measureText(options: ParetoAnalyzerOptions): string {
  return options.measure === 'won' ? 'won amount' : options.measure === 'count' ? 'won deals' : `${options.measure} (won deals)`;
}

export function paretoSection(options: ParetoAnalyzerOptions, result: ParetoResult, profileNames: readonly string[]): SectionView {
  const measure = measureText(options);
  const headline =
    result.k === null
      ? `n/a: ${result.reason ?? ''}`
      : `${result.k} of ${result.entities} ${options.by} values (${formatRatio(result.share ?? 0)}) produce ${formatRatio(result.topShare ?? 0)} of the ${measure} (threshold ${formatRatio(result.threshold)})`;
  const uplift =
    result.uplift.multiplier === null
      ? `uplift n/a: ${result.uplift.reason ?? ''}`
      : `if the rest produced the top group's average per ${options.by}, the total would be x${result.uplift.multiplier.toFixed(2)} (+${((result.uplift.increase ?? 0) * 100).toFixed(0)}%)`;
  const gini = result.gini === null ? `Gini n/a: ${result.giniReason ?? ''}` : `Gini ${result.gini.toFixed(3)} over all ${result.entities} (0 = equal, 1 = one holds everything)`;
  const profileRow = (label: string, profile: ParetoProfile) => ({
    group: label,
    entities: profile.entities,
    measurePerEntity: profile.measurePerEntity,
    dealsPerEntity: profile.dealsPerEntity,
    unitWinRate: profile.unitWinRate,
    averageWonAmount: profile.averageWonAmount,
    averageCycleDays: profile.averageCycleDays,
  });
  const mixRows = profileNames.flatMap((_, dimensionIndex) => {
    const top = result.profile.top.mix[dimensionIndex];
    const rest = result.profile.rest.mix[dimensionIndex];
    if (top === undefined || rest === undefined) return [];
    const values = [...new Set([...top.values.map((entry) => entry.value), ...rest.values.map((entry) => entry.value)])].slice(0, 12);
    return values.map((value) => ({
      dimension: top.dimension,
      value,
      top: top.values.find((entry) => entry.value === value)?.share ?? 0,
      rest: rest.values.find((entry) => entry.value === value)?.share ?? 0,
    }));
  });
  const n = result.curve.length;
  return {
    title: options.title ?? `Pareto by ${options.by}`,
    text: [headline, gini, uplift],
    chart: paretoChart(result.curve, { threshold: result.threshold, ...(result.k === null ? {} : { k: result.k }) }),
    svg: curveSvg(
      result.curve.map((point) => ({ x: n === 0 ? 0 : point.rank / n, y: point.cumulativeShare ?? 0 })),
      { threshold: result.threshold, k: result.k, n },
      `Cumulative share of ${measure} by ${options.by}`,
    ),
    tables: [
      {
        title: `Top ${options.by} values, largest first`,
        columns: [column('rank', '#', 'count'), column('key', options.by), column('value', measure, options.measure === 'count' ? 'count' : 'money'), column('cumulativeShare', 'Cumulative share', 'ratio'), column('top', 'Top group')],
        rows: result.curve.slice(0, Math.max(10, Math.min(result.k ?? 0, 25))).map((point) => ({ ...point, top: result.top.includes(point.key) ? 'top' : '' })),
        ...(n > 25 ? { notes: [`${n - Math.max(10, Math.min(result.k ?? 0, 25))} more in the JSON output`] } : {}),
      },
      {
        title: 'Top group against the rest',
        columns: [
          column('group', ''),
          column('entities', 'Entities', 'count'),
          column('measurePerEntity', `${measure} each`, options.measure === 'count' ? 'number' : 'money'),
          column('dealsPerEntity', 'Deals each', 'number'),
          column('unitWinRate', 'Win rate', 'ratio'),
          column('averageWonAmount', 'Avg won deal', 'money'),
          column('averageCycleDays', 'Avg cycle days', 'days'),
        ],
        rows: [profileRow('top', result.profile.top), profileRow('rest', result.profile.rest)],
      },
      ...(mixRows.length === 0
        ? []
        : [{ title: 'Mix: share of deals by value', columns: [column('dimension', 'Column'), column('value', 'Value'), column('top', 'Top', 'ratio' as const), column('rest', 'Rest', 'ratio' as const)], rows: mixRows }]),
    ],
  };
}

