/** The forecast of the period (METRICS.md "Forecast") as an analyzer: the fold, its JSON and its section. */
import { formatDay, type NamedPeriod } from '../../model/calendar.js';
import { forecastCategoryLabels, forecastCategoryOf } from '../../model/forecastCategories.js';
import type { Figure } from '../../metrics/figure.js';
import { finishForecast, forecastFold, type ForecastOptions, type ForecastResult, type ForecastRow } from '../../metrics/forecast.js';
import { foldRun } from '../../metrics/fold.js';
import { forecastPlace } from '../../metrics/forecastRollup.js';
import type { WeightedFigure, WeightMethod } from '../../metrics/weightedPipeline.js';
import { forecastSection } from '../../report/sections/forecast.js';
import { DealmathError } from '../../model/errors.js';
import type { Rep } from '../../model/types.js';
import type { FunnelResult } from '../../metrics/funnel.js';
import type { Analysis } from '../analysis.js';
import type { Analyzer } from './analyzer.js';
import { analyzerOutput } from './output.js';

export const SNAPSHOTS_NEEDED = { code: 'needs-snapshots', message: 'n/a: needs past snapshots of the pipeline (not read yet by forecast)' } as const;

/** Ids named per unweighted method at most (the count is always given). */
const NAMED_IDS = 20;

export function forecastAnalyzer(analysis: Analysis, period: NamedPeriod, options: () => ForecastOptions) {
  const categoryOf = forecastCategoryOf(forecastCategoryLabels(analysis.config.forecastCategories));
  const run = foldRun(forecastFold({ asOf: analysis.asOf, period, categoryOf }));
  let finished: ForecastResult | null = null;
  const result = (): ForecastResult => (finished ??= finishForecast(run.finish(), options()));
  const analyzer: Analyzer<ReturnType<typeof forecastJson>> & { result(): ForecastResult } = {
    name: 'forecast',
    money: true,
    windowed: false,
    accept: (deal) => forecastPlace(deal, analysis.asOf, period) !== null,
    add: run.add,
    snapshot: run.snapshot,
    absorb: run.absorb,
    result,
    finish: () => {
      const forecast = result();
      const chosen = options();
      return analyzerOutput({ json: forecastJson(forecast, period), warnings: forecastWarnings(forecast), dealsUsed: forecast.dealsUsed }, () => [forecastSection(forecast, period, chosen.by)]);
    },
  };
  return analyzer;
}

export interface ForecastChoices {
  readonly by: 'owner' | 'team';
  readonly reps: readonly Rep[] | null;
  /** The funnel of the same run (stage conversion), or null without --history. */
  readonly funnel: FunnelResult | null;
  /** --weights: one method, or null for every available one side by side. */
  readonly weights: WeightMethod | null;
  readonly runs: number;
  readonly seed: number;
}

/** The metric's options from the command's choices; --by team needs a reps file with a team column. */
export function forecastOptions(choices: ForecastChoices): ForecastOptions {
  if (choices.by === 'team') {
    if (choices.reps === null) throw new DealmathError('usage', '--by team reads each rep\'s team from the reps file: give --reps FILE (owner, quota, team)');
    if (choices.reps.every((rep) => rep.team === null)) throw new DealmathError('usage', '--by team: the reps file has no team column (or every team cell is empty); add one, or use --by owner');
  }
  const { funnel } = choices;
  let stageConversion: ForecastOptions['stageConversion'] = { code: 'needs-history', message: 'n/a: history weights need stage conversion from a stage history (--history FILE)' };
  if (funnel !== null && funnel.available) stageConversion = new Map(funnel.stages.map((stage) => [stage.stage, stage.valueConversion]));
  else if (funnel !== null) stageConversion = { code: 'no-stage-conversion', message: `n/a: stage conversion cannot be known: ${funnel.detail}` };
  return {
    by: choices.by,
    reps: choices.reps,
    stageConversion,
    categoryReason: SNAPSHOTS_NEEDED,
    methods: choices.weights === null ? ['crm', 'history', 'category'] : [choices.weights],
    simulationMethod: choices.weights ?? 'auto',
    runs: choices.runs,
    seed: choices.seed,
  };
}

function forecastWarnings(forecast: ForecastResult): string[] {
  const closest = (entry: { closest: string | null }, side: string): string => (entry.closest === null ? '' : ` (closest ${side}: "${entry.closest}")`);
  const { total } = forecast;
  const lines = [
    ...forecast.repsWithoutDeals.map((entry) => `the reps file names "${entry.name}", who owns no deal in the forecast${closest(entry, 'owner')}`),
    ...forecast.ownersWithoutQuota.map((entry) => `owner "${entry.name}" has deals but no quota in the reps file${closest(entry, 'rep')}; left out of the total`),
  ];
  const unweighted = total.weighted.crm.unweightedDeals;
  if (unweighted > 0 && total.weighted.crm.value !== null) lines.push(`${unweighted} open deal${unweighted === 1 ? ' has' : 's have'} no probability and weigh nothing in the crm method (listed under weighted.crm.unweightedIds)`);
  if (total.rollup.counts.uncategorized > 0) lines.push(`${total.rollup.counts.uncategorized} open deals have no known forecast category (in no roll-up; name labels under forecastCategories in the config)`);
  if (total.rollup.openLabelledClosed > 0) lines.push(`${total.rollup.openLabelledClosed} open deals carry a closed forecast category; counted as commit (dealmath validate lists them)`);
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
    accuracy: { value: null, reason: SNAPSHOTS_NEEDED },
    ownersWithoutQuota: forecast.ownersWithoutQuota,
    repsWithoutDeals: forecast.repsWithoutDeals,
  };
}
