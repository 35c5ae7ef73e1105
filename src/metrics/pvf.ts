/**
 * Pipeline Value Factor: what multiple of the target must sit in each open stage at any time to
 * hit the target every period (METRICS.md "Pipeline Value Factor (PVF)").
 */

import { known, notAvailableBecause, type Figure, type NaReason } from './figure.js';
import { na, naReason } from './naReasons.js';

/** One open stage's conversion, dwell and open value: a FunnelStage fits as it is. */
export interface PvfStageInput {
  readonly stage: string;
  /** Closed deals that reached the stage: the n of its conversion. */
  readonly closedReached: number;
  readonly winConversion: Figure;
  /** conv_s: value conversion from the stage to won, 0..1. */
  readonly valueConversion: Figure;
  /** d_s from the history; ignored when equal dwell is assumed. */
  readonly averageDwellDays: Figure;
  /** Known amounts of the open deals in the stage at the as-of date. */
  readonly openValue: number;
}

export interface PvfInput {
  readonly stages: readonly PvfStageInput[];
  /** Average won sales cycle in days, for `--assume-equal-dwell`; a FunnelAvailable carries it. */
  readonly averageWonCycleDays?: Figure | undefined;
}

export interface PvfOptions {
  /** T, the target per period, in the base currency; > 0. */
  readonly target: number;
  /** P, the period's length in days (PERIOD_DAYS: quarter 91.3125); > 0. */
  readonly periodDays: number;
  /** Below this share of its requirement a stage is thin (config `thresholds.thin`, default 0.8). */
  readonly thin?: number | undefined;
  /** Above this share of its requirement a stage is heavy (config `thresholds.heavy`, default 1.5). */
  readonly heavy?: number | undefined;
  /** `--assume-equal-dwell`: without a history, d_s = average won cycle / number of open stages. */
  readonly assumeEqualDwell?: boolean | undefined;
}

export type PvfStatus = 'thin' | 'ok' | 'heavy';

export interface PvfStage {
  readonly stage: string;
  /** Closed deals that reached the stage (n of the conversions). */
  readonly reached: number;
  /** Conversion to won by count. */
  readonly conversion: Figure;
  /** conv_s, conversion to won by value: the one PVF uses. */
  readonly valueConversion: Figure;
  /** d_s, days. */
  readonly dwellDays: Figure;
  /** 1 / conv_s. */
  readonly requiredMultiple: Figure;
  /** (d_s / P) / conv_s. */
  readonly pvf: Figure;
  /** pvf_s x T. */
  readonly requiredValue: Figure;
  readonly openValue: number;
  /** openValue / requiredValue (n/a also when nothing is required: zero dwell). */
  readonly ratio: Figure;
  /** requiredValue - openValue (positive = shortfall). */
  readonly gap: Figure;
  /** Null when the ratio is n/a. */
  readonly status: PvfStatus | null;
}

export interface PvfResult {
  readonly target: number;
  readonly periodDays: number;
  readonly thin: number;
  readonly heavy: number;
  /** True when d_s is the average won cycle split equally across open stages, not measured. */
  readonly equalDwellAssumed: boolean;
  /** The assumed d_s (n/a without a known won cycle), or null when dwell was measured. */
  readonly equalDwellDays: Figure | null;
  readonly stages: readonly PvfStage[];
  readonly total: {
    /** PVF = sum of pvf_s; n/a when any stage's is. */
    readonly pvf: Figure;
    readonly requiredValue: Figure;
    readonly openValue: number;
    readonly ratio: Figure;
    readonly gap: Figure;
  };
}


/** -0 would print as "-0"; adding 0 turns it into 0 and leaves every other number alone. */
function plain(value: number): number {
  return value + 0;
}

/**
 * The Pipeline Value Factor of each open stage and in total.
 *
 * Formula, per open stage s: requiredMultiple = 1 / conv_s; pvf_s = (d_s / P) / conv_s (Little's
 * law: stock = flow x time in stage); requiredValue = pvf_s x T; ratio = openValue / requiredValue;
 * gap = requiredValue - openValue; status thin below `thin` (0.8), heavy above `heavy` (1.5), else ok.
 * PVF = sum of pvf_s. conv_s is the value conversion; d_s the average dwell of closed deals.
 * Units: multiples of T (pvf, requiredMultiple), money (values), days (dwell).
 *
 * Edge cases: a stage with no conversion, a conversion of 0 (no multiple of T is enough) or no
 * dwell has null pvf with a reason, and then the total pvf and required value are null too (a
 * sum missing a stage would understate it). With `assumeEqualDwell`, every stage's d_s is the
 * average won cycle / number of open stages and `equalDwellAssumed` is true. Throws RangeError
 * for a target or period length that is not a positive number, or thresholds out of order.
 *
 * Implements METRICS.md "Pipeline Value Factor (PVF)".
 *
 * @example pvf({ stages: [{ stage: 'Proposal', closedReached: 10, winConversion: 0.4, valueConversion: 0.4, averageDwellDays: 21, openValue: 0 }] }, { target: 100000, periodDays: 91.3125 })
 * // stages[0]: { requiredMultiple: 2.5, pvf: 0.575 (0.574948...), requiredValue: 57494.87 }
 */
export function pvf(input: PvfInput, options: PvfOptions): PvfResult {
  const { target, periodDays } = options;
  const thin = options.thin ?? 0.8;
  const heavy = options.heavy ?? 1.5;
  if (!Number.isFinite(target) || target <= 0) throw new RangeError(`pvf: target must be a positive amount, got ${target}`);
  if (!Number.isFinite(periodDays) || periodDays <= 0) throw new RangeError(`pvf: periodDays must be a positive number of days, got ${periodDays}`);
  if (!Number.isFinite(thin) || !Number.isFinite(heavy) || thin <= 0 || heavy < thin) {
    throw new RangeError(`pvf: thresholds must satisfy 0 < thin <= heavy, got thin ${thin}, heavy ${heavy}`);
  }
  const equalDwellAssumed = options.assumeEqualDwell === true;
  const averageWonCycleDays = input.averageWonCycleDays?.value ?? null;
  const equalDwellDays: Figure | null = !equalDwellAssumed ? null
    : averageWonCycleDays !== null && input.stages.length > 0 ? known(averageWonCycleDays / input.stages.length)
    : na('no-cycle-to-split');

  const stages = input.stages.map((stage): PvfStage => {
    const dwellDays: Figure = equalDwellDays ?? (stage.averageDwellDays.value === null ? na('no-dwell') : stage.averageDwellDays);
    const conversion = stage.valueConversion.value;
    let reason: NaReason | null = null;
    if (conversion === null) reason = stage.valueConversion.reason ?? naReason('conversion-unknown');
    else if (conversion === 0) reason = naReason('zero-conversion');
    const requiredMultiple: Figure = reason === null && conversion !== null ? known(1 / conversion) : notAvailableBecause(reason ?? naReason('unknown'));
    reason ??= dwellDays.reason;
    const stagePvf = reason === null && requiredMultiple.value !== null && dwellDays.value !== null ? plain((dwellDays.value / periodDays) * requiredMultiple.value) : null;
    const requiredValue = stagePvf === null ? null : plain(stagePvf * target);
    const ratio = requiredValue !== null && requiredValue > 0 ? plain(stage.openValue / requiredValue) : null;
    const missing = notAvailableBecause(reason ?? naReason('unknown'));
    return {
      stage: stage.stage,
      reached: stage.closedReached,
      conversion: stage.winConversion,
      valueConversion: stage.valueConversion,
      dwellDays,
      requiredMultiple,
      pvf: stagePvf === null ? missing : known(stagePvf),
      requiredValue: requiredValue === null ? missing : known(requiredValue),
      openValue: stage.openValue,
      ratio: ratio !== null ? known(ratio) : reason === null ? na('zero-dwell') : missing,
      gap: requiredValue === null ? missing : known(plain(requiredValue - stage.openValue)),
      status: ratio === null ? null : ratio < thin ? 'thin' : ratio > heavy ? 'heavy' : 'ok',
    };
  });

  const openValue = stages.reduce((sum, stage) => sum + stage.openValue, 0);
  const missing = stages.find((stage) => stage.pvf.value === null);
  const totalReason: NaReason | null =
    stages.length === 0 ? naReason('no-open-stages')
    : missing !== undefined ? naReason('stage-pvf-unknown', missing.stage, missing.pvf.reason?.message ?? '')
    : null;
  const totalPvf = totalReason !== null ? null : stages.reduce((sum, stage) => sum + (stage.pvf.value ?? 0), 0);
  const totalRequired = totalPvf === null ? null : plain(totalPvf * target);
  const totalMissing = notAvailableBecause(totalReason ?? naReason('unknown'));
  return {
    target,
    periodDays,
    thin,
    heavy,
    equalDwellAssumed,
    equalDwellDays,
    stages,
    total: {
      pvf: totalPvf === null ? totalMissing : known(totalPvf),
      requiredValue: totalRequired === null ? totalMissing : known(totalRequired),
      openValue,
      ratio: totalRequired === null ? totalMissing : totalRequired > 0 ? known(plain(openValue / totalRequired)) : na('nothing-required'),
      gap: totalRequired === null ? totalMissing : known(plain(totalRequired - openValue)),
    },
  };
}
