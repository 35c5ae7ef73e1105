/** The forecast for people (METRICS.md "Forecast"): one row per rep or team and the total, against quota. */
import type { Window } from '../../model/calendar.js';
import { formatDay } from '../../model/calendar.js';
import type { Figure } from '../../metrics/figure.js';
import { naReason } from '../../metrics/naReasons.js';
import { DealmathError } from '../../model/errors.js';
import type { NamedPeriod } from '../../model/calendar.js';
import type { Rep } from '../../model/types.js';
import type { FunnelResult } from '../../metrics/funnel.js';
import type { ForecastBy, ForecastOptions, ForecastResult, ForecastRow } from '../../metrics/forecast.js';
import type { WeightedCategory, WeightedFigure, WeightMethod } from '../../metrics/weightedPipeline.js';
import type { ForecastHistory } from '../../metrics/forecastHistory.js';
import { metricOutput } from './output.js';
import { documentHeader, subtitleLines, type DocumentScope } from '../document.js';
import type { DealRun } from '../../engine/dealRun.js';
import { formatCount, formatMoney, formatRatio } from '../format.js';
import { escapeHtml } from '../svg.js';
import { column, type RowView, type SectionView } from '../view.js';
import { unmatchedNameWarnings } from './unmatchedNames.js';

const value = (figure: Figure): number | null => figure.value;

function rowView(row: ForecastRow): RowView {
  return {
    quota: value(row.quota),
    closed: value(row.closed),
    commit: value(row.commit),
    bestCase: value(row.bestCase),
    pipeline: value(row.pipeline),
    omitted: value(row.omitted),
    expectedCrm: value(row.expected.crm),
    expectedHistory: value(row.expected.history),
    expectedCategory: value(row.expected.category),
    p10: value(row.simulation.p10),
    p50: value(row.simulation.p50),
    p90: value(row.simulation.p90),
    pReachQuota: value(row.simulation.pReachQuota),
    attainment: value(row.attainment.commit),
    gap: value(row.gap.commit),
  };
}

/** One line per distinct n/a reason, naming the columns and rows it applies to. */
function reasonLines(rows: readonly { label: string; row: ForecastRow }[], withCategory: boolean): string[] {
  const byReason = new Map<string, { fields: Set<string>; names: Set<string> }>();
  for (const { label, row } of rows) {
    const figures: Record<string, Figure> = {
      quota: row.quota,
      'commit, best case': row.commit,
      'expected (crm)': row.expected.crm,
      'expected (history)': row.expected.history,
      ...(withCategory ? { 'expected (category)': row.expected.category } : {}),
      simulation: row.simulation.p50,
    };
    for (const [field, figure] of Object.entries(figures)) {
      if (figure.reason === null) continue;
      const entry = byReason.get(figure.reason.message) ?? { fields: new Set<string>(), names: new Set<string>() };
      entry.fields.add(field);
      entry.names.add(label);
      byReason.set(figure.reason.message, entry);
    }
  }
  return [...byReason.entries()].map(([message, { fields, names }]) => {
    const list = [...names];
    const who = list.length > 4 ? `${list.slice(0, 4).join(', ')} and ${list.length - 4} more` : list.join(', ');
    return `${[...fields].join(', ')} ${message} (${who})`;
  });
}

/** The total's P10-P50-P90 band on a line from 0 to the larger of P90 and quota, with the quota marked. */
export function forecastBandSvg(row: ForecastRow): string {
  const { p10, p50, p90 } = row.simulation;
  if (p10.value === null || p50.value === null || p90.value === null) return '';
  const quota = row.quota.value;
  const top = Math.max(p90.value, quota ?? 0, 1);
  const width = 520;
  // Room for the labels, centred on their marks, at either end.
  const left = 60;
  const span = width - 2 * left;
  const x = (amount: number): number => left + (amount / top) * span;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} 76" role="img" aria-label="${escapeHtml('Forecast outcome band P10 to P90')}">`,
    `<line x1="${left}" y1="30" x2="${width - left}" y2="30" stroke="#ccc" stroke-width="2"/>`,
    `<rect x="${x(p10.value).toFixed(1)}" y="20" width="${Math.max(x(p90.value) - x(p10.value), 1).toFixed(1)}" height="20" fill="#9ecae1"/>`,
    `<line x1="${x(p50.value).toFixed(1)}" y1="16" x2="${x(p50.value).toFixed(1)}" y2="44" stroke="#08519c" stroke-width="3"/>`,
    `<text x="${x(p10.value).toFixed(1)}" y="60" font-size="11" text-anchor="middle">P10 ${escapeHtml(formatMoney(p10.value))}</text>`,
    `<text x="${x(p90.value).toFixed(1)}" y="60" font-size="11" text-anchor="middle">P90 ${escapeHtml(formatMoney(p90.value))}</text>`,
    `<text x="${x(p50.value).toFixed(1)}" y="12" font-size="11" text-anchor="middle">P50 ${escapeHtml(formatMoney(p50.value))}</text>`,
  ];
  if (quota !== null) {
    parts.push(`<line x1="${x(quota).toFixed(1)}" y1="14" x2="${x(quota).toFixed(1)}" y2="46" stroke="#d62728" stroke-width="2" stroke-dasharray="4 2"/>`);
    parts.push(`<text x="${x(quota).toFixed(1)}" y="68" font-size="11" text-anchor="middle" fill="#d62728">quota ${escapeHtml(formatMoney(quota))}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The forecast section: roll-up, expected bookings and the outcome band per group and in total. */
export function forecastSection(result: ForecastResult, period: Window & { readonly label: string }, by: ForecastBy, history: ForecastHistory | null = null): SectionView {
  const { total } = result;
  const { simulation } = total;
  const band =
    simulation.p50.value === null
      ? // Some reasons' messages begin "n/a: " themselves (naReasons.ts): said once.
        `outcome distribution n/a: ${(simulation.p50.reason?.message ?? '').replace(/^n\/a: /, '')}`
      : `outcome distribution (${simulation.exact ? 'exact' : `${simulation.runs} runs, seed ${simulation.seed}`}, p from ${simulation.method}${simulation.closeInPeriod === null ? '' : ` x ${formatRatio(simulation.closeInPeriod)} closed inside their period`}): P10 ${formatMoney(simulation.p10.value as number)}, P50 ${formatMoney(simulation.p50.value)}, P90 ${formatMoney(simulation.p90.value as number)}, mean ${formatMoney(simulation.mean.value as number)}` +
        (simulation.pReachQuota.value === null ? '' : `; chance of reaching quota ${formatRatio(simulation.pReachQuota.value)}`);
  const label = (row: ForecastRow): string => row.key[by] ?? '';
  const notes = [
    'commit = closed + commit; best case = closed + commit + best case; expected = closed + weighted pipeline; attained and gap: commit against quota (gap > 0 = short)',
    ...(result.ownersWithoutQuota.length > 0 ? [`${formatCount(result.ownersWithoutQuota.length)} owner${result.ownersWithoutQuota.length === 1 ? '' : 's'} without a quota listed but left out of the total`] : []),
    ...reasonLines([...result.groups.map((row) => ({ label: label(row), row })), { label: 'total', row: total }], history !== null),
  ];
  return {
    title: 'Forecast',
    text: [`period ${period.label} (${formatDay(period.from)} to ${formatDay(period.to)}): deals won in it to date, and open deals expected to close in it`, ...historyLine(history), band],
    svg: () => forecastBandSvg(total),
    tables: [
      {
        columns: [
          column('group', by === 'team' ? 'Team' : by === 'manager' ? 'Manager' : 'Owner'),
          column('quota', 'Quota', 'money'),
          column('closed', 'Closed', 'money'),
          column('commit', 'Commit', 'money'),
          column('bestCase', 'Best case', 'money'),
          column('pipeline', 'Pipeline', 'money'),
          column('omitted', 'Omitted', 'money'),
          column('expectedCrm', 'Expected (crm)', 'money'),
          column('expectedHistory', 'Expected (history)', 'money'),
          ...(history === null ? [] : [column('expectedCategory', 'Expected (category)', 'money')]),
          column('p10', 'P10', 'money'),
          column('p50', 'P50', 'money'),
          column('p90', 'P90', 'money'),
          column('pReachQuota', 'P(quota)', 'ratio'),
          column('attainment', 'Attained', 'ratio'),
          column('gap', 'Gap', 'money'),
        ],
        rows: result.groups.map((row) => ({ group: label(row), ...rowView(row) })),
        total: { group: 'Total', ...rowView(total) },
        notes,
      },
    ],
  };
}

export const SNAPSHOTS_NEEDED = naReason('needs-snapshots', 'pipeline');
const BACKTEST_NEEDED = naReason('needs-backtest');

/** Ids named per unweighted method at most (the count is always given). */
const NAMED_IDS = 20;

/** The forecast's JSON, warnings and section. */
export function forecastOutput(forecast: ForecastResult, period: NamedPeriod, by: ForecastBy, history: ForecastHistory | null = null) {
  return metricOutput({ json: { ...forecastJson(forecast, period), history: historyJson(history) }, warnings: forecastWarnings(forecast) }, () => [forecastSection(forecast, period, by, history)]);
}

/** The forecast command's document: the common header, the forecast, and its view. */
/** `notes`: warnings of the run's other inputs (snapshots left out), before the forecast's own. */
export function forecastDocument(forecast: ForecastResult, period: NamedPeriod, by: ForecastBy, history: ForecastHistory | null, analysis: DocumentScope, run: DealRun, notes: readonly string[] = []) {
  const output = forecastOutput(forecast, period, by, history);
  const warnings = [...notes, ...output.warnings];
  const json = { ...documentHeader('forecast', analysis, run, warnings), ...output.json };
  return { json, view: () => ({ title: 'Forecast', subtitle: subtitleLines(analysis, run), sections: output.sections }), warnings };
}

/** What past snapshots gave the forecast: null without them. */
export function historyJson(history: ForecastHistory | null) {
  if (history === null) return null;
  return {
    snapshots: history.snapshots,
    from: history.firstDate === null ? null : formatDay(history.firstDate),
    to: history.lastDate === null ? null : formatDay(history.lastDate),
    periods: history.periods,
    categoryWeights: history.categoryWeights,
    closeInPeriod: history.closeInPeriod,
    closeInPeriodDeals: history.closeInPeriodDeals,
    outcomeUnknown: history.outcomeUnknown,
  };
}

function historyLine(history: ForecastHistory | null): string[] {
  if (history === null) return [];
  const weights = Object.entries(history.categoryWeights)
    .map(([kind, figure]) => `${kind} ${figure.value === null ? 'n/a' : formatRatio(figure.value)}`)
    .join(', ');
  const share = history.closeInPeriod.value === null ? `n/a (${history.closeInPeriod.reason?.message ?? ''})` : `${formatRatio(history.closeInPeriod.value)} of ${formatCount(history.closeInPeriodDeals)} deals`;
  const periods = history.periods.length === 0 ? 'no past period' : history.periods.join(', ');
  return [`from ${history.snapshots} past snapshots (${periods}): category weights ${weights}; closed inside their period ${share}`];
}

export interface ForecastChoices {
  readonly by: ForecastBy;
  readonly reps: readonly Rep[] | null;
  /** The funnel of the same run (stage conversion), or null without --history. */
  readonly funnel: FunnelResult | null;
  /** What past snapshots taught (category weights, the in-period close share), or null without --snapshot. */
  readonly history?: ForecastHistory | null;
  /** --weights: one method, or null for every available one side by side. */
  readonly weights: WeightMethod | null;
  readonly runs: number;
  readonly seed: number;
}

/** The metric's options from the command's choices; --by team needs a reps file with a team column. */
export function forecastOptions(choices: ForecastChoices): ForecastOptions {
  const { by } = choices;
  if (by !== 'owner') {
    if (choices.reps === null) throw new DealmathError('usage', `--by ${by} reads each rep's ${by} from the reps file: give --reps FILE (owner, quota, ${by})`);
    if (choices.reps.every((rep) => (by === 'team' ? rep.team : (rep.manager ?? null)) === null)) throw new DealmathError('usage', `--by ${by}: the reps file has no ${by} column (or every ${by} cell is empty); add one, or use --by owner`);
  }
  const { funnel } = choices;
  let stageConversion: ForecastOptions['stageConversion'] = naReason('needs-history');
  if (funnel !== null && funnel.available) stageConversion = new Map(funnel.stages.map((stage) => [stage.stage, stage.valueConversion.value]));
  else if (funnel !== null) stageConversion = naReason('no-stage-conversion', { cannotBeKnown: funnel.detail });
  const history = choices.history ?? null;
  const categoryWeights = history === null ? undefined : (Object.fromEntries(Object.entries(history.categoryWeights).map(([kind, figure]) => [kind, figure.value])) as Record<WeightedCategory, number | null>);
  return {
    by: choices.by,
    reps: choices.reps,
    stageConversion,
    categoryReason: SNAPSHOTS_NEEDED,
    categoryWeights,
    closeInPeriod: history?.closeInPeriod.value ?? null,
    methods: choices.weights === null ? ['crm', 'history', 'category'] : [choices.weights],
    simulationMethod: choices.weights ?? 'auto',
    runs: choices.runs,
    seed: choices.seed,
  };
}

function forecastWarnings(forecast: ForecastResult): string[] {
  const { total } = forecast;
  const lines = unmatchedNameWarnings(forecast.repsWithoutDeals, forecast.ownersWithoutQuota, ' in the forecast', 'the total');
  const unweighted = total.weighted.crm.unweightedDeals;
  const deals = (count: number, one: string, many: string): string => `${formatCount(count)} open deal${count === 1 ? ` ${one}` : `s ${many}`}`;
  if (unweighted > 0 && total.weighted.crm.value !== null) lines.push(`${deals(unweighted, 'has', 'have')} no probability and ${unweighted === 1 ? 'weighs' : 'weigh'} nothing in the crm method (listed under weighted.crm.unweightedIds)`);
  // A deal closed after a back-dated as-of date has neither at that date (metrics/scope.ts dealAt).
  if (total.rollup.counts.uncategorized > 0) lines.push(`${deals(total.rollup.counts.uncategorized, 'has', 'have')} no known forecast category (in no roll-up; name labels under forecastCategories in the config; a deal closed after the as-of date has none on it)`);
  if (total.rollup.openLabelledClosed > 0) lines.push(`${deals(total.rollup.openLabelledClosed, 'carries', 'carry')} a closed forecast category; counted as commit (dealmath validate lists them)`);
  return lines;
}

function weightedJson(figure: WeightedFigure) {
  return { value: figure.value, reason: figure.reason, weightedDeals: figure.weightedDeals, unweightedDeals: figure.unweightedDeals, unweightedIds: figure.unweightedIds.slice(0, NAMED_IDS) };
}

function rowJson(row: ForecastRow) {
  const figure = (value: Figure): Figure => ({ value: value.value, reason: value.reason });
  const { counts, uncategorized } = row.rollup;
  return {
    key: row.key,
    quota: figure(row.quota),
    closed: figure(row.closed),
    commit: figure(row.commit),
    bestCase: figure(row.bestCase),
    pipeline: figure(row.pipeline),
    omitted: figure(row.omitted),
    uncategorized,
    counts,
    weighted: { crm: weightedJson(row.weighted.crm), history: weightedJson(row.weighted.history), category: weightedJson(row.weighted.category) },
    expected: row.expected,
    simulation: row.simulation,
    attainment: row.attainment,
    gap: row.gap,
  };
}

export function forecastJson(forecast: ForecastResult, period: NamedPeriod) {
  return {
    period: { from: formatDay(period.from), to: formatDay(period.to), label: period.label },
    total: rowJson(forecast.total),
    groups: forecast.groups.map(rowJson),
    accuracy: { value: null, reason: BACKTEST_NEEDED },
    ownersWithoutQuota: forecast.ownersWithoutQuota,
    repsWithoutDeals: forecast.repsWithoutDeals,
  };
}
