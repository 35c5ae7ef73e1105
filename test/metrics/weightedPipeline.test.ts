import { describe, expect, it } from 'vitest';
import { runFold } from '../../src/metrics/fold.js';
import { weightedPipelineFold, type WeightedDeal } from '../../src/metrics/weightedPipeline.js';

const snapshotsNeeded = { code: 'needs-snapshots', message: 'n/a: category weights come from past snapshots' };
const noHistory = { code: 'needs-history', message: 'n/a: give --history' };

describe('weightedPipelineFold (METRICS.md "Forecast", weighted pipeline)', () => {
  const deals: WeightedDeal[] = [
    { id: 'A', amount: 100, probability: 0.5, stage: 'Proposal' },
    { id: 'B', amount: 50, probability: 0.2, stage: 'Discovery' },
    { id: 'C', amount: 40, probability: null, stage: 'negotiation' },
    { id: 'D', amount: null, probability: 0.9, stage: 'Proposal' },
  ];

  it('weights by CRM probability, counting and naming deals with none', () => {
    // Hand-computed: 100 x 0.5 + 50 x 0.2 = 60; C has no probability; D has no amount.
    const result = runFold(weightedPipelineFold({ stageConversion: noHistory, categoryReason: snapshotsNeeded }), deals);
    expect(result.crm).toEqual({ value: 60, reason: null, weightedDeals: 2, unweightedDeals: 1, unweightedIds: ['C'] });
    expect(result.withoutAmount).toBe(1);
    expect(result.history).toMatchObject({ value: null, reason: noHistory });
    expect(result.category).toMatchObject({ value: null, reason: snapshotsNeeded });
  });

  it('weights by the value conversion of each deal\'s stage (any case)', () => {
    // Hand-computed: 100 x 0.4 + 50 x 0.1 + 40 x 0.6 = 69.
    const stageConversion = new Map<string, number | null>([
      ['Discovery', 0.1],
      ['Proposal', 0.4],
      ['Negotiation', 0.6],
    ]);
    const result = runFold(weightedPipelineFold({ stageConversion, categoryReason: snapshotsNeeded }), deals);
    expect(result.history.value).toBeCloseTo(69, 10);
    expect(result.history.unweightedDeals).toBe(0);
  });

  it('is n/a when no deal has a weight, and 0 with no open deal', () => {
    const none = runFold(weightedPipelineFold({ stageConversion: new Map([['Proposal', null]]), categoryReason: snapshotsNeeded }), [{ id: 'X', amount: 10, probability: null, stage: 'Proposal' }]);
    expect(none.crm.reason?.code).toBe('no-probability');
    expect(none.history.reason?.code).toBe('no-stage-conversion');
    const empty = runFold(weightedPipelineFold({ stageConversion: noHistory, categoryReason: snapshotsNeeded }), []);
    expect(empty.crm.value).toBe(0);
  });
});
