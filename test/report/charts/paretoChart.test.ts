import { describe, expect, it } from 'vitest';
import { pareto, type EntityStats } from '../../../src/metrics/pareto.js';
import { paretoChart, type ParetoChartRole } from '../../../src/report/charts/paretoChart.js';

function entity(key: string, measure: number): EntityStats {
  return { key, measure, deals: 0, won: 0, lost: 0, open: 0, wonAmount: 0, wonWithAmount: 0, wonCycleDays: 0, wonWithCycle: 0, mix: [] };
}

/** Terminal columns of a line: every character this chart draws is one column wide. */
function columns(line: string): number {
  return [...line].length;
}

// METRICS.md "Pareto / top performers": 2 of 10 reps with 80% of the total.
const example = pareto(
  ['r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'r07', 'r08', 'r09', 'r10'].map((key, index) => entity(key, index < 2 ? 40 : 2.5)),
  { threshold: 0.8 },
);

describe('paretoChart', () => {
  it('draws the METRICS.md example with colour off', () => {
    const chart = paretoChart(example.curve, { threshold: 0.8, k: example.k.value });
    expect(chart).toMatchInlineSnapshot(`
      " 100% ┤                                                        ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │                                          ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │                     ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
        80% ┤┄┄┄┄┄┄┄██████┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄
        75% ┤       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
        50% ┤       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
        25% ┤██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
            │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒
         0% └──────────────────────────────────────────────────────────────────────
             1                                                                   10
             █ top 2 of 10  ▒ rest  ┄┄ 80% threshold   cumulative share by rank"
    `);
  });

  it('buckets more entities than columns and fits a narrow width', () => {
    const many = pareto(
      Array.from({ length: 200 }, (_, index) => entity(`e${index}`, 1_000 / (index + 1))),
      { threshold: 0.8 },
    );
    const chart = paretoChart(many.curve, { threshold: 0.8, k: many.k.value, width: 40, height: 8 });
    expect(chart).toMatchInlineSnapshot(`
      " 100% ┤                      ▒▒▒▒▒▒▒▒▒▒▒
        80% ┤┄┄┄┄┄┄┄┄┄┄▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
        75% ┤     █████▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
            │  ████████▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
        50% ┤██████████▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
            │██████████▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
        25% ┤██████████▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
            │██████████▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
         0% └─────────────────────────────────
             1                             200
             █ top 62 of 200  ▒ rest  ┄┄ 80% t"
    `);
    for (const line of chart.split('\n')) expect(columns(line)).toBeLessThanOrEqual(40);
  });

  it('fits 80 columns and has no escape codes without a colour function', () => {
    const chart = paretoChart(example.curve, { threshold: 0.8, k: example.k.value });
    const lines = chart.split('\n');
    expect(lines).toHaveLength(16 + 3);
    for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(80);
    expect(chart).not.toMatch(/\u001b/);
  });

  it('colours runs by role only through the function passed in', () => {
    const roles = new Set<ParetoChartRole>();
    const coloured = paretoChart(example.curve, {
      threshold: 0.8,
      k: example.k.value,
      colour: (text, role) => {
        roles.add(role);
        return `<${role}>${text}</${role}>`;
      },
    });
    expect([...roles].sort()).toEqual(['axis', 'rest', 'text', 'threshold', 'top']);
    const plain = paretoChart(example.curve, { threshold: 0.8, k: example.k.value });
    expect(coloured.replace(/<\/?[a-z]+>/g, '')).toBe(plain);
    // One wrapper per run, not per cell: the top bar of r01 is a single run of 6 blocks.
    expect(coloured).toContain('<top>██████</top>');
  });

  it('says so when there is nothing to draw', () => {
    expect(paretoChart([])).toBe('no entities to chart');
    const zero = pareto([entity('A', 0)], { threshold: 0.8 });
    expect(paretoChart(zero.curve)).toBe('nothing to chart: the total is 0');
  });

  it('throws RangeError for a width or height too small, or a threshold outside 0..1', () => {
    expect(() => paretoChart(example.curve, { width: 10 })).toThrow(RangeError);
    expect(() => paretoChart(example.curve, { height: 2 })).toThrow(/paretoChart/);
    expect(() => paretoChart(example.curve, { threshold: 80 })).toThrow(RangeError);
  });
});
