/**
 * Forecast accuracy (METRICS.md "Forecast"): forecasts F made at past snapshot dates against the
 * actual bookings Act of the period each forecast was for. Error `F - Act`, percentage error
 * `(F - Act) / Act`; over the forecasts of a method: MAPE = mean of `|F - Act| / Act`, bias =
 * mean of `(F - Act) / Act`, over the forecasts with a percentage (Act > 0 and F known).
 */
import { known, notAvailable, type Figure } from './figure.js';

/** The methods compared, in the order METRICS lists them. */
export const ACCURACY_METHODS = ['commit', 'bestCase', 'weightedCrm', 'weightedHistory', 'p50'] as const;
export type AccuracyMethod = (typeof ACCURACY_METHODS)[number];

/** One forecast against its outcome. */
export interface ForecastOutcome {
  readonly method: AccuracyMethod;
  /** The forecast, or n/a (its method lacked input at that snapshot). */
  readonly forecast: Figure;
  /** Actual bookings of the period. */
  readonly actual: number;
}

export interface ForecastError {
  /** F - Act. */
  readonly error: Figure;
  /** (F - Act) / Act: n/a when Act = 0 or F is n/a. */
  readonly percentError: Figure;
}

export interface MethodAccuracy {
  readonly method: AccuracyMethod;
  readonly mape: Figure;
  readonly bias: Figure;
  /** Forecasts with a percentage error. */
  readonly n: number;
}

/** The error and percentage error of one forecast. */
export function forecastError(outcome: Pick<ForecastOutcome, 'forecast' | 'actual'>): ForecastError {
  const { forecast, actual } = outcome;
  if (forecast.value === null) return { error: forecast, percentError: forecast };
  const error = forecast.value - actual;
  if (actual === 0) return { error: known(error), percentError: notAvailable('no-actual-bookings', 'n/a: no bookings in the period (Act = 0): a percentage of 0 is undefined') };
  return { error: known(error), percentError: known(error / actual) };
}

/**
 * MAPE, bias and n per method over forecasts and their outcomes; a method with no forecast
 * with a percentage error has MAPE and bias n/a. Methods in ACCURACY_METHODS order.
 *
 * @example
 * // commit: F 90 vs Act 100, F 120 vs Act 100: MAPE (0.1 + 0.2) / 2 = 0.15, bias (-0.1 + 0.2) / 2 = 0.05, n 2
 */
export function methodAccuracy(outcomes: readonly ForecastOutcome[]): MethodAccuracy[] {
  return ACCURACY_METHODS.map((method) => {
    let n = 0;
    let absolute = 0;
    let signed = 0;
    for (const outcome of outcomes) {
      if (outcome.method !== method) continue;
      const share = forecastError(outcome).percentError.value;
      if (share === null) continue;
      n += 1;
      absolute += Math.abs(share);
      signed += share;
    }
    if (n === 0) {
      const reason = notAvailable('no-forecast-to-score', `n/a: no ${method} forecast with actual bookings above 0 to score`);
      return { method, mape: reason, bias: reason, n };
    }
    return { method, mape: known(absolute / n), bias: known(signed / n), n };
  });
}

/**
 * The most accurate method: the lowest MAPE; ties go to the smaller absolute bias, then to the
 * earlier method in ACCURACY_METHODS. Null when no method has a MAPE.
 */
export function mostAccurate(methods: readonly MethodAccuracy[]): AccuracyMethod | null {
  let best: MethodAccuracy | null = null;
  for (const entry of methods) {
    if (entry.mape.value === null) continue;
    if (best === null || entry.mape.value < (best.mape.value as number) || (entry.mape.value === best.mape.value && Math.abs(entry.bias.value as number) < Math.abs(best.bias.value as number))) best = entry;
  }
  return best?.method ?? null;
}
