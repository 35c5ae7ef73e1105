import { describe, expect, it } from 'vitest';
import { typeRatio } from '../../src/metrics/typeRatio.js';

describe('typeRatio', () => {
  it('existing 30 of 50 against new 20 of 100: 3x, Katz log interval', () => {
    const result = typeRatio([
      { type: 'expansion', won: 10, n: 20 },
      { type: 'renewal', won: 20, n: 30 },
      { type: 'new-business', won: 20, n: 100 },
      { type: 'Partner', won: 5, n: 5 },
    ]);
    // hand-computed: (30/50) / (20/100) = 3; SE = sqrt(1/30 - 1/50 + 1/20 - 1/100) = 0.230940;
    // exp(ln 3 -+ 1.959964 x 0.230940) = 1.907852 .. 4.717347
    expect(result.ratio.value).toBeCloseTo(3, 12);
    expect(result.interval.value?.low).toBeCloseTo(1.907852, 5);
    expect(result.interval.value?.high).toBeCloseTo(4.717347, 5);
    expect(result.existing).toEqual({ won: 30, n: 50, unitWinRate: { value: 0.6, reason: null } });
    expect(result.otherTypes).toEqual(['Partner']);
  });

  it('is n/a with a reason when a side has no deals or new business won none', () => {
    expect(typeRatio([{ type: 'new-business', won: 2, n: 5 }]).ratio.reason?.code).toBe('no-deals');
    const noneWon = typeRatio([
      { type: 'renewal', won: 2, n: 5 },
      { type: 'new-business', won: 0, n: 5 },
    ]);
    expect(noneWon.ratio).toEqual({ value: null, reason: { code: 'no-new-business-won', message: 'n/a: no new-business deal won (the ratio divides by 0)' } });
    const existingNone = typeRatio([
      { type: 'renewal', won: 0, n: 5 },
      { type: 'new-business', won: 1, n: 5 },
    ]);
    expect(existingNone.ratio.value).toBe(0);
    expect(existingNone.interval.reason?.code).toBe('no-existing-won');
  });
});
