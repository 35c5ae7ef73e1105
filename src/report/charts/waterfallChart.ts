/**
 * A waterfall in the terminal: one line per step, a floating bar from the running total before
 * the step to the one after it (start and end from zero). A pure string builder.
 */
import { largest } from '../extremes.js';

export interface WaterfallStep {
  readonly label: string;
  /** Signed change; for `total` steps, the level itself. */
  readonly value: number;
  readonly total?: boolean;
}

/**
 * @example waterfallChart([{ label: 'Start', value: 170, total: true }, { label: 'Won', value: -50 }, { label: 'End', value: 120, total: true }], { width: 40, format: String })
 */
export function waterfallChart(steps: readonly WaterfallStep[], options: { readonly width?: number; readonly format: (value: number) => string }): string {
  const width = options.width ?? 80;
  if (!Number.isInteger(width) || width < 30) throw new RangeError(`waterfallChart: width must be a whole number >= 30, got ${width}`);
  const labelWidth = largest(steps.map((step) => step.label.length), 1);
  const values = steps.map((step) => (step.value === 0 ? '' : `${step.total === true || step.value < 0 ? '' : '+'}${options.format(step.value)}`));
  const valueWidth = largest(values.map((value) => value.length), 1);
  const plot = Math.max(10, width - labelWidth - valueWidth - 4);
  let level = 0;
  const spans = steps.map((step) => {
    if (step.total === true) {
      level = step.value;
      return { low: 0, high: step.value };
    }
    const before = level;
    level += step.value;
    return { low: Math.min(before, level), high: Math.max(before, level) };
  });
  const top = largest(spans.map((span) => span.high), 1e-9);
  const column = (value: number): number => Math.round((Math.max(0, value) / top) * plot);
  return steps
    .map((step, index) => {
      const span = spans[index] as { low: number; high: number };
      const length = step.value === 0 ? 0 : Math.max(1, column(span.high) - column(span.low));
      // A small step at the top rounds to a bar of one past the plot's edge: drawn at the edge.
      const start = Math.min(column(span.low), plot - length);
      const glyph = step.total === true ? '█' : step.value >= 0 ? '▓' : '░';
      const bar = `${' '.repeat(start)}${glyph.repeat(length)}`.padEnd(plot);
      return `${step.label.padEnd(labelWidth)}  ${bar}  ${(values[index] as string).padStart(valueWidth)}`.trimEnd();
    })
    .join('\n');
}
