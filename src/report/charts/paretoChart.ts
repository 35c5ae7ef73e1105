/**
 * The Pareto curve in the terminal: one bar per entity (or per group of entities when there
 * are more entities than columns) showing the cumulative share of the measure, with the
 * threshold drawn across. A pure string builder; never used for JSON or CSV output.
 */
import { clipCells, renderCells } from './cells.js';

/** What a run of characters is, for an optional colour function. */
export type ParetoChartRole = 'top' | 'rest' | 'threshold' | 'axis' | 'text';

export interface ParetoChartPoint {
  readonly rank: number;
  readonly cumulativeShare: number | null;
}

export interface ParetoChartOptions {
  /** Total columns of every line; default 80. */
  readonly width?: number;
  /** Rows of the plot area (axis, labels and caption add 3); default 16. */
  readonly height?: number;
  /** Share drawn as a dotted line, 0..1; none when absent. */
  readonly threshold?: number;
  /** Bars ranked 1..k are the top group (drawn █, the rest ▒); none when absent or null. */
  readonly k?: number | null;
  /** Wraps each run of characters of one role; without it the output has no escape codes. */
  readonly colour?: (text: string, role: ParetoChartRole) => string;
}

const LABEL_WIDTH = 5;
const PREFIX_WIDTH = LABEL_WIDTH + 2;
const TOP_BAR = '█';
const REST_BAR = '▒';
const THRESHOLD_LINE = '┄';

interface Cell {
  readonly text: string;
  readonly role: ParetoChartRole | null;
}

/**
 * Draws the cumulative-share curve of a Pareto result (its `curve`, ranked 1..N).
 * A cell is filled when the share reaches the middle of its row band, so the bar heights are
 * the shares rounded to 1/height. With more entities than columns, each column shows the last
 * rank it covers. Every line is at most `width` columns.
 *
 * @example paretoChart(result.curve, { threshold: 0.8, k: result.k })
 */
export function paretoChart(curve: readonly ParetoChartPoint[], options: ParetoChartOptions = {}): string {
  const width = options.width ?? 80;
  const height = options.height ?? 16;
  if (!Number.isInteger(width) || width < 20) throw new RangeError(`paretoChart: width must be a whole number >= 20, got ${width}`);
  if (!Number.isInteger(height) || height < 4) throw new RangeError(`paretoChart: height must be a whole number >= 4, got ${height}`);
  const { threshold } = options;
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
    throw new RangeError(`paretoChart: threshold must be in 0..1, got ${threshold}`);
  }
  const colour = options.colour ?? ((text: string) => text);
  const k = options.k ?? 0;
  const count = curve.length;
  if (count === 0 || curve.every((point) => point.cumulativeShare === null)) {
    return colour(count === 0 ? 'no entities to chart' : 'nothing to chart: the total is 0', 'text');
  }
  const plotWidth = width - PREFIX_WIDTH;
  const sorted = [...curve].sort((a, b) => a.rank - b.rank);

  // Columns: each entity gets barWidth columns (the last one a gap) when they fit, else one
  // column per bucket of ranks.
  const columns: { readonly rank: number; readonly share: number; readonly gap: boolean }[] = [];
  if (count <= plotWidth) {
    const barWidth = Math.floor(plotWidth / count);
    for (const point of sorted) {
      for (let offset = 0; offset < barWidth; offset += 1) {
        columns.push({ rank: point.rank, share: point.cumulativeShare ?? 0, gap: barWidth > 1 && offset === barWidth - 1 });
      }
    }
  } else {
    for (let column = 0; column < plotWidth; column += 1) {
      const point = sorted[Math.ceil(((column + 1) * count) / plotWidth) - 1] as ParetoChartPoint;
      columns.push({ rank: point.rank, share: point.cumulativeShare ?? 0, gap: false });
    }
  }

  const thresholdRow = threshold === undefined ? null : Math.min(height - 1, height - Math.max(1, Math.ceil(threshold * height)));
  const lines: string[] = [];
  for (let row = 0; row < height; row += 1) {
    const bandBottom = height - 1 - row;
    const rowTop = (height - row) / height;
    const isQuarter = ((height - row) * 4) % height === 0;
    const label =
      row === thresholdRow && threshold !== undefined
        ? percentLabel(threshold)
        : row === 0 || isQuarter
          ? percentLabel(rowTop)
          : '';
    const cells: Cell[] = [
      { text: label.padStart(LABEL_WIDTH) + ' ', role: 'text' },
      { text: label === '' ? '│' : '┤', role: 'axis' },
    ];
    for (const column of columns) {
      const filled = !column.gap && column.share * height >= bandBottom + 0.5;
      if (filled) cells.push({ text: column.rank <= k ? TOP_BAR : REST_BAR, role: column.rank <= k ? 'top' : 'rest' });
      else if (row === thresholdRow) cells.push({ text: THRESHOLD_LINE, role: 'threshold' });
      else cells.push({ text: ' ', role: null });
    }
    lines.push(renderCells(cells, colour));
  }
  lines.push(renderCells([{ text: '0%'.padStart(LABEL_WIDTH) + ' ', role: 'text' }, { text: '└' + '─'.repeat(columns.length), role: 'axis' }], colour));

  const lastRank = String(sorted[sorted.length - 1]?.rank ?? count);
  const firstRank = String(sorted[0]?.rank ?? 1);
  const gapToEnd = Math.max(1, columns.length - firstRank.length - lastRank.length);
  lines.push(renderCells([{ text: ' '.repeat(PREFIX_WIDTH) + firstRank + ' '.repeat(gapToEnd) + lastRank, role: 'text' }], colour));

  const caption: Cell[] = [{ text: ' '.repeat(PREFIX_WIDTH), role: null }];
  if (k > 0) {
    caption.push({ text: TOP_BAR, role: 'top' }, { text: ` top ${k} of ${count}  `, role: 'text' });
    caption.push({ text: REST_BAR, role: 'rest' }, { text: ' rest', role: 'text' });
  } else {
    caption.push({ text: REST_BAR, role: 'rest' }, { text: ` ${count} entities`, role: 'text' });
  }
  if (threshold !== undefined) {
    caption.push({ text: '  ', role: null }, { text: THRESHOLD_LINE.repeat(2), role: 'threshold' });
    caption.push({ text: ` ${percentLabel(threshold)} threshold`, role: 'text' });
  }
  caption.push({ text: '   cumulative share by rank', role: 'text' });
  lines.push(renderCells(clipCells(caption, width), colour));
  return lines.map((line) => line.trimEnd()).join('\n');
}

function percentLabel(share: number): string {
  const percent = share * 100;
  const rounded = Math.round(percent);
  return Math.abs(percent - rounded) < 1e-9 ? `${rounded}%` : `${Math.round(percent * 10) / 10}%`;
}

