/**
 * Integrity score (METRICS.md "Validation"): the share of open pipeline value free of findings.
 * A fold over open deals and whether each had a finding.
 */
export interface IntegrityState {
  openValue: number;
  cleanValue: number;
  openDeals: number;
  flaggedDeals: number;
}

export interface IntegrityResult {
  readonly openValue: number;
  readonly cleanValue: number;
  readonly openDeals: number;
  readonly flaggedDeals: number;
  /** cleanValue / openValue, 0..1; null when there is no open value. */
  readonly integrityScore: number | null;
  readonly reason: string | null;
}

export const integrityFold = {
  init: (): IntegrityState => ({ openValue: 0, cleanValue: 0, openDeals: 0, flaggedDeals: 0 }),
  add(state: IntegrityState, deal: { readonly amount: number | null }, flagged: boolean): IntegrityState {
    const value = deal.amount ?? 0;
    state.openValue += value;
    state.openDeals += 1;
    if (flagged) state.flaggedDeals += 1;
    else state.cleanValue += value;
    return state;
  },
  merge: (a: IntegrityState, b: IntegrityState): IntegrityState => ({
    openValue: a.openValue + b.openValue,
    cleanValue: a.cleanValue + b.cleanValue,
    openDeals: a.openDeals + b.openDeals,
    flaggedDeals: a.flaggedDeals + b.flaggedDeals,
  }),
  finish(state: IntegrityState): IntegrityResult {
    const undefinedReason = state.openDeals === 0 ? 'no open deals' : state.openValue === 0 ? 'open deals carry no amounts' : null;
    return {
      ...state,
      integrityScore: undefinedReason === null ? state.cleanValue / state.openValue : null,
      reason: undefinedReason,
    };
  },
};
