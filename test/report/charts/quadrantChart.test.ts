import { describe, expect, it } from 'vitest';
import { known, notAvailable, type Figure } from '../../../src/metrics/figure.js';
import { quadrants, type AccountInput, type QuadrantResult } from '../../../src/metrics/quadrant.js';
import { quadrantChartInput } from '../../../src/report/sections/quadrant.js';
import { quadrantChart, type QuadrantChartRole } from '../../../src/report/charts/quadrantChart.js';

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3\uFF00-\uFF60]/u;

/** Terminal columns of a line: CJK characters take two. */
function columns(line: string): number {
  return [...line].reduce((sum, character) => sum + (WIDE.test(character) ? 2 : 1), 0);
}

const figure = (value: number | null): Figure => (value === null ? notAvailable('no-current-revenue', 'no current revenue') : known(value));
const input = (id: string, name: string | null, current: number | null, future: number | null): AccountInput => ({ id, name, current: figure(current), future: figure(future) });

/** The chart's arguments from a quadrant result, as the section hands them over. */
function plain(result: QuadrantResult): [ReturnType<typeof quadrantChartInput>['points'], ReturnType<typeof quadrantChartInput>['thresholds']] {
  const { points, thresholds } = quadrantChartInput(result);
  return [points, thresholds];
}

// The hand-built portfolio of test/metrics/quadrant.test.ts, thresholds C 100,000 and F 200,000.
const portfolio = quadrants(
  [
    input('1', 'Acme', 250_000, 400_000),
    input('2', 'Globex', 100_000, 200_000),
    input('3', 'Initech', 20_000, 500_000),
    input('4', 'Umbrella Corporation International', 99_999, 300_000),
    input('5', 'Hooli', 400_000, 150_000),
    input('6', 'Stark', 150_000, 0),
    input('7', 'Wayne', 0, 0),
    input('8', 'Tyrell', 50_000, 199_999),
    input('9', 'Cyberdyne', null, 90_000),
    input('10', 'Soylent 東京', 80_000, 120_000),
  ],
  { thresholds: { current: 100_000, future: 200_000 } },
);

describe('quadrantChart', () => {
  it('draws the portfolio with labels, colour off', () => {
    expect(quadrantChart(...plain(portfolio))).toMatchInlineSnapshot(`
      "   500k ┤B                 │                                                   A
              │    ● Initech     │
              │                  │
              │                  │
              │                  │
              │                  │                         ● Acme
              │                  │
              │                  │
              │  Umbrella Corp… ●│
              │                  │
              │                  │
              │                  │● Globex
         200k ┤──────────────────┼────────────────────────────────────────────────────
              │          ● Tyrell│
              │                  │                                            Hooli ●
              │  Soylent 東京 ●  │
              │                  │
              │                  │
              │                  │
              │ ● Wayne          │        ● Stark
            0 ┤D                 │                                                   C
              └──────────────────┴────────────────────────────────────────────────────
               0               100k                                               400k
               → current  ↑ future  A 2 B 2 C 2 D 3  (1 not placed)"
    `);
  });

  it('draws every point on the side of the lines its quadrant says, even at the threshold', () => {
    const lines = quadrantChart(...plain(portfolio), { label: 'id' }).split('\n');
    const lineRow = lines.findIndex((line) => line.includes('┼'));
    const lineColumn = [...(lines[lineRow] as string)].indexOf('┼');
    // Globex (id 2) sits exactly on both thresholds: quadrant A, so above and right of the lines.
    const globexRow = lines.findIndex((line) => / 2$|● 2 /.test(line));
    expect(globexRow).toBeGreaterThanOrEqual(0);
    expect(globexRow).toBeLessThan(lineRow);
    expect([...(lines[globexRow] as string)].indexOf('●')).toBeGreaterThan(lineColumn);
  });

  it('fits the width, strips control characters from labels and has no escape codes', () => {
    const hostile = quadrants(
      [input('x', '\u001b[31mEvil\u0007Corp', 10, 10), input('y', 'Fine', 1, 1)],
      { thresholds: { current: 5, future: 5 } },
    );
    for (const width of [80, 50]) {
      const chart = quadrantChart(...plain(hostile), { width, height: 12 });
      expect(chart).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(chart).toContain('EvilCorp');
      for (const line of chart.split('\n')) expect(columns(line)).toBeLessThanOrEqual(width);
    }
    for (const line of quadrantChart(...plain(portfolio), { width: 40 }).split('\n')) {
      expect(columns(line)).toBeLessThanOrEqual(40);
    }
    expect(quadrantChart(...plain(portfolio)).split('\n')).toHaveLength(24);
  });

  it('colours points and labels by quadrant only through the function passed in', () => {
    const roles = new Set<QuadrantChartRole>();
    const coloured = quadrantChart(...plain(portfolio), {
      colour: (text, role) => {
        roles.add(role);
        return `<${role}>${text}</${role}>`;
      },
    });
    expect([...roles].sort()).toEqual(['A', 'B', 'C', 'D', 'axis', 'text', 'threshold']);
    expect(coloured).toContain('<A>● Acme</A>');
    expect(coloured.replace(/<\/?[A-Za-z]+>/g, '')).toBe(quadrantChart(...plain(portfolio)));
  });

  it('says so when no account is placed', () => {
    expect(quadrantChart([], { current: null, future: null })).toBe('no accounts placed in a quadrant: nothing to chart');
  });

  it('throws RangeError for a width or height too small', () => {
    expect(() => quadrantChart(...plain(portfolio), { width: 20 })).toThrow(RangeError);
    expect(() => quadrantChart(...plain(portfolio), { height: 4 })).toThrow(/quadrantChart/);
  });
  it('draws 150,000 accounts (their extent once overflowed the stack)', () => {
    const many = quadrants(
      Array.from({ length: 150_000 }, (_, index) => input(`K${index}`, null, (index % 1000) * 1000, ((index * 7) % 1000) * 1000)),
      { thresholds: { current: 500_000, future: 500_000 } },
    );
    const chart = quadrantChart(...plain(many));
    const lines = chart.split('\n');
    expect(lines.length).toBeGreaterThan(10);
    // The scale runs from 0 to the largest value, 999,000, on both axes.
    expect(chart).toMatch(/999k/);
    for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(80);
  });
});
