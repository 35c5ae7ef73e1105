import { describe, expect, it } from 'vitest';
import { concentration } from '../../src/metrics/concentration.js';
import { penetration } from '../../src/metrics/penetration.js';

describe('concentration', () => {
  it('hand-computed HHI and Pareto statement: shares 50%, 30%, 20%', () => {
    const result = concentration(
      [
        { account: 'A', revenue: 500 },
        { account: 'B', revenue: 300 },
        { account: 'C', revenue: 200 },
        { account: 'D', revenue: 0 },
      ],
      { topK: [1, 2] },
    );
    // hand-computed: HHI = 0.5^2 + 0.3^2 + 0.2^2 = 0.25 + 0.09 + 0.04 = 0.38 (D holds no share)
    expect(result.hhi.value).toBeCloseTo(0.38, 15);
    expect(result.accounts).toBe(3);
    expect(result.topShares.map((top) => [top.k, top.share.value])).toEqual([
      [1, 0.5],
      [2, 0.8],
    ]);
    // 60%: A alone holds 50%, A + B 80%: k = 2 of 3. 80%: A + B exactly 80%: k = 2 of 3.
    expect(result.pareto.map((statement) => [statement.revenueShare, statement.accounts.value, statement.heldShare.value])).toEqual([
      [0.6, 2, 0.8],
      [0.8, 2, 0.8],
    ]);
    expect(result.pareto[0]?.accountShare.value).toBeCloseTo(2 / 3, 15);
  });

  it('ten equal accounts: HHI 1/10, 60% takes 6 of them', () => {
    const result = concentration(Array.from({ length: 10 }, (_, index) => ({ account: `A${index}`, revenue: 10 })));
    // hand-computed: 10 x 0.1^2 = 0.1
    expect(result.hhi.value).toBeCloseTo(0.1, 15);
    expect(result.pareto[0]?.accounts.value).toBe(6);
  });

  it('no revenue: n/a with a reason', () => {
    const result = concentration([{ account: 'A', revenue: 0 }]);
    expect(result.hhi).toEqual({ value: null, reason: { code: 'no-revenue', message: 'n/a: no account won revenue' } });
  });
});

describe('penetration', () => {
  it('products bought among those offered, and the white space', () => {
    const result = penetration(['CRM', 'analytics ', 'Consulting'], ['CRM', 'Analytics', 'Billing', 'Support']);
    // hand-computed: 2 of the 4 offered bought; Consulting is bought but not offered
    expect(result).toEqual({
      bought: ['CRM', 'Consulting', 'analytics'],
      offered: 4,
      offeredBought: 2,
      penetration: { value: 0.5, reason: null },
      whiteSpace: ['Billing', 'Support'],
    });
  });

  it('nothing offered: penetration n/a', () => {
    expect(penetration(['CRM'], []).penetration.reason?.code).toBe('no-products-offered');
  });
});
