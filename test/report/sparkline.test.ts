/** Sparklines of a trend on the terminal: eight blocks from lowest to highest, n/a as a gap. */
import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/report/sparkline.js';

describe('sparkline', () => {
  it('scales from the lowest to the highest known value', () => {
    // (v - 0) / (0.7 - 0) x 8, floored, capped at 7: 0, 0.1 -> 1, 0.35 -> 4, 0.7 -> 7.
    expect(sparkline([0, 0.1, 0.35, 0.7])).toBe('▁▂▅█');
  });

  it('shows n/a as a gap, never as a low bar', () => {
    expect(sparkline([null, 0.5, null, 1])).toBe(' ▁ █');
    expect(sparkline([null, null])).toBe('  ');
  });

  it('draws a flat line at mid height', () => {
    expect(sparkline([3, 3, 3])).toBe('▄▄▄');
  });
});
