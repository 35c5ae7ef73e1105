/**
 * A sparkline: one Unicode block per period (▁▂▃▄▅▆▇█), scaled from the lowest to the highest
 * known value of the line; an n/a period is a gap (a space), never a low bar.
 */
import { largest, smallest } from './extremes.js';
const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * @example sparkline([0.2, null, 0.5, 0.8]) is '▁ ▄█'
 * A line of equal values (or a single value) is drawn at mid height: ▄.
 */
export function sparkline(values: readonly (number | null)[]): string {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (known.length === 0) return values.map(() => ' ').join('');
  const low = smallest(known);
  const high = largest(known);
  return values
    .map((value) => {
      if (value === null || !Number.isFinite(value)) return ' ';
      if (high === low) return BLOCKS[3];
      return BLOCKS[Math.min(BLOCKS.length - 1, Math.floor(((value - low) / (high - low)) * BLOCKS.length))];
    })
    .join('');
}
