/** Pareto of entities (METRICS.md "Pareto / top performers") for people and for JSON. */
import type { ParetoProfile, ParetoResult } from '../../metrics/pareto.js';
import { MAX_MIX_VALUES, type ParetoJson } from '../../engine/steps/pareto.js';
import { paretoChart } from '../charts/paretoChart.js';
import { formatCount, formatMoney, formatRatio } from '../format.js';
import { curveSvg } from '../svg.js';
import { column, type SectionView, type TableView } from '../view.js';
import { reasonNotes } from './groupView.js';
import { NO_VALUE } from '../../metrics/scope.js';
import { metricOutput } from './output.js';

export interface ParetoViewOptions {
  readonly by: string;
  readonly measure: string;
  /** Section title; default "Pareto by <by>". */
  readonly title?: string;
  /** Every entity in the ranking table, not the first 10 to 25 (CSV output). */
  readonly full?: boolean;
}

export function paretoOutput(options: Pick<ParetoViewOptions, 'title' | 'full'>, json: ParetoJson) {
  const { by: _by, measure: _measure, measureCellsSkipped, ...result } = json;
  const warnings = measureCellsSkipped === 0 ? [] : [`${measureCellsSkipped} won deals have an empty or non-numeric "${json.measure}" and add nothing to the measure`];
  // The deals with no value (no account, no owner) are ranked as one entity: say it, so "(none)"
  // near the top is not read as one customer or one rep.
  const none = result.curve.find((point) => point.key === NO_VALUE);
  if (none !== undefined) {
    const top = result.k.value !== null && none.rank <= result.k.value ? ', in the top group' : '';
    warnings.push(`"${NO_VALUE}" is the deals with no ${json.by}, ranked together as one: rank ${formatCount(none.rank)} of ${formatCount(result.entities)}${top}`);
  }
  return metricOutput({ json, warnings }, () => [paretoSection({ ...options, by: json.by, measure: json.measure }, result)]);
}

function measureText(options: Pick<ParetoViewOptions, 'measure'>): string {
  return options.measure === 'won' ? 'won amount' : options.measure === 'count' ? 'won deals' : `${options.measure} (won deals)`;
}

/** Rows of the ranking table shown to people: at least 10, the whole top group up to 25. */
function shownRanks(result: ParetoResult, full: boolean): number {
  return full ? result.curve.length : Math.min(result.curve.length, Math.max(10, Math.min(result.k.value ?? 0, 25)));
}

export function paretoSection(options: Pick<ParetoViewOptions, 'by' | 'measure' | 'title' | 'full'>, result: ParetoResult): SectionView {
  const measure = measureText(options);
  const wholeNumbers = result.curve.every((point) => Number.isInteger(point.value));
  const kind = options.measure === 'won' ? ('money' as const) : options.measure === 'count' || wholeNumbers ? ('count' as const) : ('number' as const);
  const amountText = (value: number): string => (options.measure === 'won' ? formatMoney(value) : String(Math.round(value * 1000) / 1000));
  const k = result.k.value;
  const headline =
    k === null
      ? `top group n/a: ${result.k.reason?.message ?? ''}`
      : `${formatCount(k)} of ${formatCount(result.entities)} ${options.by} values (${formatRatio(result.share.value ?? 0)}) produce ${formatRatio(result.topShare.value ?? 0)} of the ${measure} (threshold ${formatRatio(result.threshold)}; total ${amountText(result.total)})`;
  const ties =
    result.tiesAtCutoff === 0 || k === null
      ? []
      : [`${result.tiesAtCutoff} more ${options.by} value${result.tiesAtCutoff === 1 ? '' : 's'} tie with the last of the top group and stay in the rest (k is the smallest group that reaches the threshold; ties are ranked by name)`];
  const multiplier = result.uplift.multiplier.value;
  const uplift =
    multiplier === null
      ? `uplift n/a: ${result.uplift.multiplier.reason?.message ?? ''}`
      : `if the rest produced the top group's average per ${options.by}, the total would be x${multiplier.toFixed(2)} (+${Math.round((result.uplift.increase.value ?? 0) * 100)}%)`;
  const giniValue = result.gini.value;
  const gini = giniValue === null ? `Gini n/a: ${result.gini.reason?.message ?? ''}` : `Gini ${giniValue.toFixed(3)} over all ${result.entities} (0 = equal, 1 = one holds everything)`;

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
    measurePerEntity: profile.measurePerEntity.value,
    dealsPerEntity: profile.dealsPerEntity.value,
    unitWinRate: profile.unitWinRate.value,
    averageWonAmount: profile.averageWonAmount.value,
    averageCycleDays: profile.averageCycleDays.value,
  });
  const profileReasons = (label: string, profile: ParetoProfile) => ({
    label: { group: label },
    reasons: { 'win rate': profile.unitWinRate, 'average won deal': profile.averageWonAmount, 'average cycle': profile.averageCycleDays },
  });
  const profileTable: TableView = {
    title: 'Top group against the rest',
    columns: [
      column('group', ''),
      column('entities', 'Entities', 'count'),
      column('measurePerEntity', `${measure} each`, kind === 'money' ? 'money' : 'average'),
      column('dealsPerEntity', 'Deals each', 'average'),
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
    chart: paretoChart(result.curve, { threshold: result.threshold, k }),
    svg: () => curveSvg(
      result.curve.map((point) => ({ x: n === 0 ? 0 : point.rank / n, y: point.cumulativeShare ?? 0 })),
      { threshold: result.threshold, k, n },
      `Cumulative share of ${measure} by ${options.by}`,
    ),
    tables: [ranking, profileTable, ...(mixRows.length === 0 ? [] : [mixTable])],
  };
}
