import { describe, expect, it } from 'vitest';
import { PERIOD_DAYS } from '../../src/model/calendar.js';
import { known, notAvailable, type Figure } from '../../src/metrics/figure.js';
import { pvf, type PvfStageInput } from '../../src/metrics/pvf.js';

interface StageFields {
  readonly stage: string;
  readonly closedReached?: number;
  readonly winConversion?: number | null;
  readonly valueConversion?: number | null;
  /** The funnel's reason for an unknown value conversion. */
  readonly valueConversionReason?: string;
  readonly averageDwellDays?: number | null;
  readonly openValue?: number;
}

/** A stage as the funnel hands it over: the figures from plain numbers (null: n/a). */
function stage(fields: StageFields): PvfStageInput {
  const figure = (value: number | null | undefined, code: string, message: string): Figure => (value === null || value === undefined ? notAvailable(code, message) : known(value));
  return {
    stage: fields.stage,
    closedReached: fields.closedReached ?? 40,
    winConversion: figure(fields.winConversion, 'no-closed-reached', 'no closed deal reached this stage'),
    valueConversion: figure(fields.valueConversion, 'no-closed-reached', fields.valueConversionReason ?? 'no closed deal reached this stage'),
    averageDwellDays: figure(fields.averageDwellDays, 'no-stage-dwell', 'no closed deal with a known time in this stage'),
    openValue: fields.openValue ?? 0,
  };
}

describe('pvf', () => {
  it('gives the METRICS.md worked example: Proposal, conv 40%, dwell 21 days, quarter', () => {
    // METRICS.md "Pipeline Value Factor (PVF)": P = 91.3125, conv 40%, dwell 21: required multiple 2.5, pvf 0.575.
    const result = pvf(
      { stages: [stage({ stage: 'Proposal', winConversion: 0.4, valueConversion: 0.4, averageDwellDays: 21 })] },
      { target: 100000, periodDays: PERIOD_DAYS.quarter },
    );
    const proposal = result.stages[0];
    expect(result.periodDays).toBe(91.3125);
    expect(proposal?.requiredMultiple.value).toBe(2.5);
    expect(proposal?.pvf.value).toBeCloseTo(0.575, 3);
    // hand-computed: (21 / 91.3125) / 0.4 = 0.2299795 / 0.4 = 0.5749487; x 100,000 = 57,494.87.
    expect(proposal?.requiredValue.value).toBeCloseTo(57494.87, 2);
    expect(result.total.pvf.value).toBeCloseTo(0.5749487, 7);
    expect(result.equalDwellAssumed).toBe(false);
  });

  it('sums the stages, compares the open value and marks thin, ok and heavy', () => {
    const result = pvf(
      {
        stages: [
          stage({ stage: 'Qualify', winConversion: 0.2, valueConversion: 0.25, averageDwellDays: 30, openValue: 100000 }),
          stage({ stage: 'Proposal', winConversion: 0.5, valueConversion: 0.5, averageDwellDays: 20, openValue: 15000 }),
          stage({ stage: 'Negotiation', winConversion: 0.8, valueConversion: 0.8, averageDwellDays: 16, openValue: 60000 }),
        ],
      },
      { target: 100000, periodDays: 100 },
    );
    // hand-computed with P = 100: Qualify (30/100)/0.25 = 1.2; Proposal (20/100)/0.5 = 0.4; Negotiation (16/100)/0.8 = 0.2.
    expect(result.stages.map((item) => item.pvf.value)).toEqual([1.2, 0.4, 0.2]);
    expect(result.stages.map((item) => item.requiredMultiple.value)).toEqual([4, 2, 1.25]);
    // hand-computed required values 120,000 / 40,000 / 20,000; ratios 100,000/120,000 = 0.8333 (ok),
    // 15,000/40,000 = 0.375 (thin), 60,000/20,000 = 3 (heavy); gaps 20,000 / 25,000 / -40,000.
    expect(result.stages.map((item) => item.requiredValue.value)).toEqual([120000, 40000, 20000]);
    expect(result.stages[0]?.ratio.value).toBeCloseTo(0.8333333, 6);
    expect(result.stages.map((item) => item.status)).toEqual(['ok', 'thin', 'heavy']);
    expect(result.stages.map((item) => item.gap.value)).toEqual([20000, 25000, -40000]);
    // hand-computed PVF = 1.2 + 0.4 + 0.2 = 1.8; required 180,000 against 175,000 open.
    expect(result.total.pvf.value).toBeCloseTo(1.8, 12);
    expect(result.total.requiredValue.value).toBeCloseTo(180000, 6);
    expect(result.total.openValue).toBe(175000);
    expect(result.total.pvf.reason).toBeNull();
  });

  it('treats a ratio exactly at a threshold as ok', () => {
    const result = pvf(
      {
        stages: [
          stage({ stage: 'Low', valueConversion: 0.5, averageDwellDays: 50, openValue: 80000 }),
          stage({ stage: 'High', valueConversion: 0.5, averageDwellDays: 50, openValue: 150000 }),
        ],
      },
      { target: 100000, periodDays: 100 },
    );
    // hand-computed: pvf (50/100)/0.5 = 1, required 100,000; ratios 0.8 and 1.5 are on the thresholds, not past them.
    expect(result.stages.map((item) => item.ratio.value)).toEqual([0.8, 1.5]);
    expect(result.stages.map((item) => item.status)).toEqual(['ok', 'ok']);
    const custom = pvf({ stages: [stage({ stage: 'Low', valueConversion: 0.5, averageDwellDays: 50, openValue: 80000 })] }, { target: 100000, periodDays: 100, thin: 0.9, heavy: 2 });
    expect(custom.stages[0]?.status).toBe('thin');
  });

  it('splits the average won cycle equally with assumeEqualDwell, and says so', () => {
    const stages = [stage({ stage: 'Qualify', valueConversion: 0.25 }), stage({ stage: 'Proposal', valueConversion: 0.5 })];
    const result = pvf({ stages, averageWonCycleDays: known(80) }, { target: 1000, periodDays: 100, assumeEqualDwell: true });
    expect(result.equalDwellAssumed).toBe(true);
    // hand-computed: d_s = 80 / 2 stages = 40 days; pvf (40/100)/0.25 = 1.6 and (40/100)/0.5 = 0.8; total 2.4.
    expect(result.equalDwellDays?.value).toBe(40);
    expect(result.stages.map((item) => item.dwellDays.value)).toEqual([40, 40]);
    expect(result.stages.map((item) => item.pvf.value)).toEqual([1.6, 0.8]);
    expect(result.total.pvf.value).toBeCloseTo(2.4, 12);
  });

  it('gives null with a reason where the dwell or the conversion is unknown or 0, and a null total', () => {
    const result = pvf(
      {
        stages: [
          stage({ stage: 'Qualify', valueConversion: 0.5, averageDwellDays: null }),
          stage({ stage: 'Proposal', valueConversion: 0, averageDwellDays: 10 }),
          stage({ stage: 'Negotiation', valueConversion: null, valueConversionReason: 'no closed deal reached this stage', averageDwellDays: 10 }),
        ],
      },
      { target: 1000, periodDays: 100 },
    );
    expect(result.stages.map((item) => item.pvf.value)).toEqual([null, null, null]);
    expect(result.stages[0]?.pvf.reason).toEqual({ code: 'no-dwell', message: 'time in stage is unknown: needs a stage history (--history) or --assume-equal-dwell' });
    expect(result.stages[1]?.requiredMultiple.value).toBeNull();
    expect(result.stages[1]?.pvf.reason?.code).toBe('zero-conversion');
    expect(result.stages[1]?.pvf.reason?.message).toMatch(/no won value/);
    expect(result.stages[2]?.pvf.reason?.message).toBe('no closed deal reached this stage');
    expect(result.stages.map((item) => item.status)).toEqual([null, null, null]);
    expect(result.total.pvf.value).toBeNull();
    expect(result.total.requiredValue.value).toBeNull();
    expect(result.total.pvf.reason?.code).toBe('stage-pvf-unknown');
    expect(result.total.pvf.reason?.message).toMatch(/Qualify/);

    const noCycle = pvf({ stages: [stage({ stage: 'Qualify', valueConversion: 0.5 })], averageWonCycleDays: notAvailable('no-won-cycle', 'no won deal has a known sales cycle') }, { target: 1000, periodDays: 100, assumeEqualDwell: true });
    expect(noCycle.stages[0]?.pvf.value).toBeNull();
    expect(noCycle.stages[0]?.pvf.reason?.message).toMatch(/sales cycle/);
    expect(noCycle.equalDwellDays?.reason?.code).toBe('no-cycle-to-split');
  });

  it('gives a null ratio, never NaN or -0, where nothing is required', () => {
    const result = pvf({ stages: [stage({ stage: 'Qualify', valueConversion: 0.5, averageDwellDays: 0, openValue: 0 })] }, { target: 1000, periodDays: 100 });
    const only = result.stages[0];
    expect(Object.is(only?.pvf.value, 0)).toBe(true);
    expect(Object.is(only?.gap.value, 0)).toBe(true);
    expect(only?.ratio.value).toBeNull();
    expect(only?.ratio.reason?.code).toBe('zero-dwell');
    expect(only?.status).toBeNull();
  });

  it('throws RangeError naming the function for a target, period or thresholds out of domain', () => {
    const input = { stages: [stage({ stage: 'Qualify', valueConversion: 0.5, averageDwellDays: 10 })] };
    expect(() => pvf(input, { target: 0, periodDays: 91.3125 })).toThrow(/pvf: target/);
    expect(() => pvf(input, { target: Number.NaN, periodDays: 91.3125 })).toThrow(RangeError);
    expect(() => pvf(input, { target: 1000, periodDays: -1 })).toThrow(/pvf: periodDays/);
    expect(() => pvf(input, { target: 1000, periodDays: 91.3125, thin: 2, heavy: 1 })).toThrow(/pvf: thresholds/);
  });
});
