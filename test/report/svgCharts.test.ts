/**
 * The HTML charts agree with their tables and stay readable (issue #15): the coverage chart says
 * the table's coverage (open pipeline / remaining), not actual / required; a scatter whose values
 * span orders of magnitude is drawn on a log scale and says so; labels never overlap; small
 * samples are marked on the win-rate chart.
 */
import { describe, expect, it } from 'vitest';
import { actualVsRequiredSvg, placeLabels, rateBarsSvg, scatterSvg, type LabelBox } from '../../src/report/svg.js';

const overlap = (a: LabelBox, b: LabelBox): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('HTML charts', () => {
  it('places labels without overlapping one another, the taken boxes, or the area edge', () => {
    const area = { x: 0, y: 0, width: 300, height: 200 };
    // Ten points on top of each other: at most four fit around them, none overlapping.
    const points = Array.from({ length: 10 }, (_, index) => ({ x: 150, y: 100, text: `Account ${index}` }));
    const taken = [{ x: 150, y: 80, width: 10, height: 10 }];
    const placed = placeLabels(points, area, taken);
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThanOrEqual(4);
    for (const [index, label] of placed.entries()) {
      expect(label.box.x).toBeGreaterThanOrEqual(area.x);
      expect(label.box.x + label.box.width).toBeLessThanOrEqual(area.x + area.width);
      for (const other of [...taken, ...placed.slice(index + 1).map((next) => next.box)]) expect(overlap(label.box, other)).toBe(false);
    }
    // A point at the right edge is labelled on its left.
    expect(placeLabels([{ x: 295, y: 100, text: 'Edge Corp' }], area)[0]?.anchor).toBe('end');
  });

  it('draws the quadrant on a log scale when one account is orders of magnitude larger, and says so', () => {
    const many = Array.from({ length: 100 }, (_, index) => ({ label: `a${index}`, x: 1000 + index * 10, y: 2000 + index, group: 'D' }));
    const logged = scatterSvg([...many, { label: 'Giant', x: 50_000_000, y: 40_000_000, group: 'A' }], { x: 1500, y: 2050 }, 't', { x: 'current revenue', y: 'future revenue' });
    expect(logged).toContain('current revenue (log scale)');
    expect(logged).toContain('future revenue (log scale)');
    const linear = scatterSvg(many, { x: 1500, y: 2050 }, 't', { x: 'current revenue', y: 'future revenue' });
    expect(linear).not.toContain('log scale');
  });

  it('draws 150,000 accounts in the quadrant (their extent once overflowed the stack: an internal error)', () => {
    // Past about 125,000 values, Math.max(...values) throws RangeError; every chart now takes its extent with largest().
    const points = Array.from({ length: 150_000 }, (_, index) => ({ label: `a${index}`, x: index % 5000, y: (index * 7) % 9000, group: 'D' }));
    const scatter = scatterSvg(points, { x: 2500, y: 4500 }, 't', { x: 'current revenue', y: 'future revenue' });
    expect(scatter).toContain('a149999');
  });

  it('labels coverage bars with the section\'s figure, and sizes the value column to fit it', () => {
    const svg = actualVsRequiredSvg([{ label: 'Aisha Khan', actual: 426_834, required: 237_972, note: 'coverage 8.53x' }], 't', (value) => value.toLocaleString('en-US'));
    expect(svg).toContain('426,834 (coverage 8.53x)');
    expect(svg).not.toContain('1.79x');
  });

  it('marks small samples on the win-rate chart', () => {
    const svg = rateBarsSvg([{ label: 'Rep', rate: 0.5, low: 0.2, high: 0.8, small: true }, { label: 'Total', rate: 0.3, low: 0.25, high: 0.35 }], 't');
    expect(svg).toContain('50.0% small sample');
    expect(svg).toContain('small-sample');
    expect(svg).toContain('pale bar: small sample');
    expect(svg).not.toContain('30.0% small sample');
  });
});
