/**
 * The forecast backtest (METRICS.md "Forecast", forecast accuracy): the forecasts each method
 * made at past snapshots (forecastHistory) scored against the actual bookings of their period,
 * in total, per group (rep or team) and by weeks before the period's end.
 */
import type { DayNumber } from '../model/types.js';
import type { Figure } from './figure.js';
import { ACCURACY_METHODS, forecastError, methodAccuracy, mostAccurate, type AccuracyMethod, type ForecastError, type ForecastOutcome, type MethodAccuracy } from './forecastAccuracy.js';
import type { ForecastHistory } from './forecastHistory.js';
import { compareNames } from './humanOrder.js';

export interface BacktestForecast extends ForecastError {
  readonly forecast: Figure;
}

export interface BacktestSnapshot {
  readonly date: DayNumber;
  readonly period: string;
  readonly periodEnd: DayNumber;
  /** Whole weeks from the snapshot to the period's last day: floor((end - date) / 7). */
  readonly weeksBefore: number;
  readonly actual: number;
  readonly forecasts: Readonly<Record<AccuracyMethod, BacktestForecast>>;
}

export interface BacktestGroup {
  readonly group: string;
  readonly methods: readonly MethodAccuracy[];
  readonly best: AccuracyMethod | null;
}

export interface BacktestResult {
  /** The team's accuracy per method (over every snapshot of a past period). */
  readonly methods: readonly MethodAccuracy[];
  /** The method with the lowest MAPE (ties: smaller |bias|), or null. */
  readonly best: AccuracyMethod | null;
  /** The team's forecasts, one line per snapshot, oldest first. */
  readonly bySnapshot: readonly BacktestSnapshot[];
  /** Per rep or team (by name). */
  readonly groups: readonly BacktestGroup[];
  /** The team's accuracy by weeks before period end, nearest the end first. */
  readonly byWeeksBefore: readonly { readonly weeksBefore: number; readonly methods: readonly MethodAccuracy[] }[];
  /** Past periods scored. */
  readonly periods: readonly string[];
  /** Past periods not scored: the snapshots begin after their start. */
  readonly periodsBegunBefore: readonly string[];
}

/**
 * Scores the backtest of a forecast history: for each snapshot of a period whose outcome is
 * known and each method, F against the period's actual bookings Act; MAPE and bias per method
 * over the snapshots (forecastAccuracy), in total, per group and by weeks before period end.
 *
 * @example
 * backtestAccuracy(history).best // 'commit' when the commit roll-up had the lowest MAPE
 */
export function backtestAccuracy(history: ForecastHistory): BacktestResult {
  const total: ForecastOutcome[] = [];
  const byGroup = new Map<string, ForecastOutcome[]>();
  const byWeeks = new Map<number, ForecastOutcome[]>();
  const bySnapshot: BacktestSnapshot[] = [];
  for (const snapshot of history.backtest) {
    const actuals = history.actuals.get(snapshot.period.label);
    const weeksBefore = Math.floor((snapshot.period.to - snapshot.date) / 7);
    for (const [group, forecasts] of snapshot.forecasts) {
      const actual = actuals?.get(group) ?? 0;
      const outcomes = ACCURACY_METHODS.map((method) => ({ method, forecast: forecasts[method], actual }));
      if (group === '') {
        total.push(...outcomes);
        const weekList = byWeeks.get(weeksBefore) ?? [];
        weekList.push(...outcomes);
        byWeeks.set(weeksBefore, weekList);
        const lines = {} as Record<AccuracyMethod, BacktestForecast>;
        for (const outcome of outcomes) lines[outcome.method] = { forecast: outcome.forecast, ...forecastError(outcome) };
        bySnapshot.push({ date: snapshot.date, period: snapshot.period.label, periodEnd: snapshot.period.to, weeksBefore, actual, forecasts: lines });
      } else {
        const list = byGroup.get(group) ?? [];
        list.push(...outcomes);
        byGroup.set(group, list);
      }
    }
  }
  const methods = methodAccuracy(total);
  return {
    methods,
    best: mostAccurate(methods),
    bySnapshot,
    groups: [...byGroup.keys()].sort(compareNames).map((group) => {
      const scored = methodAccuracy(byGroup.get(group) as ForecastOutcome[]);
      return { group, methods: scored, best: mostAccurate(scored) };
    }),
    byWeeksBefore: [...byWeeks.keys()].sort((a, b) => a - b).map((weeksBefore) => ({ weeksBefore, methods: methodAccuracy(byWeeks.get(weeksBefore) as ForecastOutcome[]) })),
    periods: history.periods.filter((period) => !history.periodsBegunBefore.includes(period)),
    periodsBegunBefore: history.periodsBegunBefore,
  };
}
