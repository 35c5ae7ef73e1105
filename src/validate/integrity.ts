/**
 * Integrity score (METRICS.md "Validation"): the share of open pipeline value free of findings.
 * A fold over open deals and whether each had a finding.
 */
import { known, type Figure } from '../metrics/figure.js';
import { na } from '../metrics/naReasons.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from '../metrics/exactSum.js';
export interface IntegrityState {
  /** Summed exactly (metrics/exactSum.ts), so the score does not depend on row order or parts. */
  openValue: ExactSum;
  cleanValue: ExactSum;
  openDeals: number;
  flaggedDeals: number;
}

export interface IntegrityResult {
  readonly openValue: number;
  readonly cleanValue: number;
  readonly openDeals: number;
  readonly flaggedDeals: number;
  /** cleanValue / openValue, 0..1; n/a when there is no open value. */
  readonly integrityScore: Figure;
}

export const integrityFold = {
  init: (): IntegrityState => ({ openValue: exactSum(), cleanValue: exactSum(), openDeals: 0, flaggedDeals: 0 }),
  add(state: IntegrityState, deal: { readonly amount: number | null }, flagged: boolean): IntegrityState {
    state.openDeals += 1;
    if (flagged) state.flaggedDeals += 1;
    if (deal.amount !== null) {
      addToSum(state.openValue, deal.amount);
      if (!flagged) addToSum(state.cleanValue, deal.amount);
    }
    return state;
  },
  merge: (a: IntegrityState, b: IntegrityState): IntegrityState => ({
    openValue: mergeSums(a.openValue, b.openValue),
    cleanValue: mergeSums(a.cleanValue, b.cleanValue),
    openDeals: a.openDeals + b.openDeals,
    flaggedDeals: a.flaggedDeals + b.flaggedDeals,
  }),
  finish(state: IntegrityState): IntegrityResult {
    const openValue = sumValue(state.openValue);
    const cleanValue = sumValue(state.cleanValue);

    return {
      openValue,
      cleanValue,
      openDeals: state.openDeals,
      flaggedDeals: state.flaggedDeals,
      integrityScore: state.openDeals === 0 ? na('no-open-deals') : openValue === 0 ? na('no-open-amounts') : known(cleanValue / openValue),
    };
  },
};
