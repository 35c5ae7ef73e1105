import { describe, expect, it } from 'vitest';
import { accountPlanFigures } from '../../src/metrics/accountPlan.js';

describe('accountPlanFigures', () => {
  const base = { objective: 500_000, pipelineGoal: 400_000, won: 200_000, pipeline: 300_000, teamValueWinRate: 0.25, minSample: 30 };

  it('attainment, pipeline against goal, gap and the pipeline needed at the account value win rate', () => {
    const figures = accountPlanFigures({ ...base, account: { won: 40, lost: 60, wonValue: 400_000, lostValue: 600_000 } });
    // hand-computed: 200,000 / 500,000 = 0.4; 300,000 / 400,000 = 0.75; gap 300,000; Wv 400,000 / 1,000,000 = 0.4;
    // required 300,000 / 0.4 = 750,000; shortfall 750,000 - 300,000 = 450,000
    expect(figures.attainment.value).toBeCloseTo(0.4, 15);
    expect(figures.pipelineVsGoal.value).toBeCloseTo(0.75, 15);
    expect(figures.gap.value).toBe(300_000);
    expect(figures).toMatchObject({ winRateFrom: 'account', valueWinRate: { value: 0.4 }, requiredPipeline: { value: 750_000 }, pipelineShortfall: { value: 450_000 } });
  });

  it('too few closed deals: the team value win rate, said so', () => {
    const figures = accountPlanFigures({ ...base, account: { won: 2, lost: 1, wonValue: 90_000, lostValue: 10_000 } });
    // hand-computed: 300,000 / 0.25 = 1,200,000
    expect(figures).toMatchObject({ winRateFrom: 'team', requiredPipeline: { value: 1_200_000 } });
  });

  it('objective met: no gap and no pipeline needed; no objective: n/a with a reason', () => {
    expect(accountPlanFigures({ ...base, won: 600_000, account: { won: 0, lost: 0, wonValue: 0, lostValue: 0 } }).requiredPipeline).toEqual({ value: 0, reason: null });
    expect(accountPlanFigures({ ...base, objective: null, account: { won: 0, lost: 0, wonValue: 0, lostValue: 0 } }).attainment.reason?.code).toBe('no-objective');
  });
});
