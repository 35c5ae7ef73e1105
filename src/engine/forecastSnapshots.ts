/**
 * The forecast's past snapshots (METRICS.md "Forecast"): read in date order (io/readSnapshots),
 * each deal folded into the forecast history (category weights, the in-period close share and,
 * for `--backtest`, each snapshot's forecasts by method), with `--where` applied per file as for
 * any deals file. Memory: the history's per-deal records and one snapshot's open deals.
 */
import type { PeriodUnit } from '../model/calendar.js';
import { openStages } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import { forecastCategoryLabels, forecastCategoryOf } from '../model/forecastCategories.js';
import type { DayNumber, Deal } from '../model/types.js';
import { backtestAccuracy, type BacktestResult } from '../metrics/backtest.js';
import { forecastHistory, WEIGHTED_CATEGORIES, type ForecastHistory } from '../metrics/forecastHistory.js';
import { dimensionValue } from '../metrics/scope.js';
import type { WeightedCategory } from '../metrics/weightedPipeline.js';
import { readSnapshots, type SnapshotRead, type SnapshotSpec, type SnapshotsOptions } from '../io/readSnapshots.js';
import { resolveDimension } from './dealRun.js';
import { FindingTally } from './findingTally.js';
import type { WhereClause } from './plan.js';

export interface ForecastSnapshotsOptions {
  readonly specs: readonly SnapshotSpec[];
  readonly input: SnapshotsOptions;
  readonly where: readonly WhereClause[];
  readonly asOf: DayNumber;
  /** The unit of the forecast period. */
  readonly unit: PeriodUnit;
  /** For --backtest: a deal owner's row (rep, or team from the reps file) and the simulation. */
  readonly backtest: { readonly groupOf: (owner: string) => string; readonly runs: number; readonly seed: number } | null;
}

export interface ForecastSnapshotsRun {
  readonly snapshots: readonly SnapshotRead[];
  readonly history: ForecastHistory;
  /** With the backtest option. */
  readonly accuracy: BacktestResult | null;
  /** Snapshots dated after the as-of date, left out (not taken yet on it), in date order. */
  readonly leftOut: readonly { readonly date: DayNumber; readonly file: string }[];
  /** The findings of every snapshot read (rejected rows' rules, for --max-rejected). */
  readonly findings: FindingTally;
}

/** Reads the snapshots into the forecast history (and scores the backtest when asked). */
export async function runForecastSnapshots(options: ForecastSnapshotsOptions): Promise<ForecastSnapshotsRun> {
  const { config } = options.input;
  const history = forecastHistory({
    unit: options.unit,
    fiscalYearStartMonth: config.fiscalYearStartMonth,
    categoryOf: forecastCategoryOf(forecastCategoryLabels(config.forecastCategories)),
    openStages: openStages(config),
    backtest: options.backtest,
  });
  let whereResolved: { dimension: string; clause: WhereClause }[] = [];
  // METRICS.md "Point in time": a snapshot dated after the as-of date was not taken yet on it, and
  // would teach the weights (or score a backtest) with outcomes not known then.
  const leftOut: { date: DayNumber; file: string }[] = [];
  const findings = new FindingTally();
  const snapshots = await readSnapshots<true>(options.specs, { ...options.input, through: options.asOf }, {
    leftOut: (date, file) => leftOut.push({ date, file }),
    onFile: ({ file, header, mapping }) => {
      whereResolved = options.where.map((clause) => ({ dimension: resolveDimension(clause.dimension, header, mapping, file), clause }));
    },
    begin: (date) => history.begin(date),
    keep: (deal: Deal) => {
      for (const { dimension, clause } of whereResolved) {
        if (clause.values.has(dimensionValue(deal, dimension).toLowerCase()) === clause.negate) return null;
      }
      history.add(deal);
      return true;
    },
    step: () => undefined,
    finding: (found) => findings.add(found),
  });
  const result = history.finish(options.asOf);
  if (options.backtest !== null && result.backtest.length === 0) {
    // Periods that ended in time but began before the first snapshot have bookings the snapshots do not hold.
    const begun = result.periodsBegunBefore;
    if (begun.length > 0) {
      throw new DealmathError(
        'data-refused',
        `no period to score: ${begun.join(', ')} ended before the last snapshot but began before the first one, and the snapshots list no closed deal, so what was won in it before the first snapshot is unknown; add a snapshot from the start of the ${options.unit}, or exports that list closed deals too`,
      );
    }
    throw new DealmathError('data-refused', `no snapshot of a period that ended before the last snapshot: the backtest needs snapshots of a past ${options.unit} and a later one that shows its outcome`);
  }
  return { snapshots, history: result, accuracy: options.backtest === null ? null : backtestAccuracy(result), leftOut, findings };
}

/** The category weights as the weighted pipeline takes them (null where a category has none). */
export function categoryWeightsOf(history: ForecastHistory): Record<WeightedCategory, number | null> {
  const weights = {} as Record<WeightedCategory, number | null>;
  for (const kind of WEIGHTED_CATEGORIES) weights[kind] = history.categoryWeights[kind].value;
  return weights;
}
