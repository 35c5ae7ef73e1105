/**
 * The account quadrant scatter in the terminal: current revenue across, future revenue up,
 * the two thresholds as lines, each account a dot with its label. A pure string builder;
 * never used for JSON or CSV output.
 */
import { largest, smallest } from '../extremes.js';
import { clipCells, renderCells } from './cells.js';

export type QuadrantChartLetter = 'A' | 'B' | 'C' | 'D';

/** What a run of characters is, for an optional colour function: a quadrant's points and labels, or chrome. */
export type QuadrantChartRole = QuadrantChartLetter | 'threshold' | 'axis' | 'text';

export interface QuadrantChartAccount {
  readonly id: string;
  readonly name: string | null;
  readonly current: number | null;
  readonly future: number | null;
  readonly quadrant: QuadrantChartLetter | null;
}

export interface QuadrantChartOptions {
  /** Total columns of every line; default 80. */
  readonly width?: number;
  /** Total lines, axis and legend included; default 24. */
  readonly height?: number;
  /** Label each dot with the account's name (default; its id when it has none) or its id. */
  readonly label?: 'name' | 'id';
  /** Longest label in columns; longer ones end in "…". Default 14. */
  readonly maxLabelWidth?: number;
  /** Wraps each run of characters of one role; without it the output has no escape codes. */
  readonly colour?: (text: string, role: QuadrantChartRole) => string;
}

const TICK_WIDTH = 7;
const PREFIX_WIDTH = TICK_WIDTH + 2;
const POINT = '●';
const SHARED_POINT = '◉';

interface Cell {
  text: string;
  role: QuadrantChartRole | null;
  kind: 'blank' | 'line' | 'letter' | 'point' | 'label' | 'continuation';
}

/**
 * Draws placed accounts (those with a quadrant, C and F) on a grid. Points on the high side of
 * a threshold are always drawn beyond its line, so the picture never contradicts the
 * quadrant letter even where rounding to a cell would. Labels go right of the dot, else left,
 * else are left out; bigger accounts (by F, then C) are labelled first. Labels are stripped of
 * control characters; wide characters take two columns. Every line is at most `width` columns.
 *
 * @example quadrantChart(result.accounts, result.thresholds)
 */
export function quadrantChart(
  accounts: readonly QuadrantChartAccount[],
  thresholds: { readonly current: number | null; readonly future: number | null },
  options: QuadrantChartOptions = {},
): string {
  const width = options.width ?? 80;
  const height = options.height ?? 24;
  const maxLabelWidth = options.maxLabelWidth ?? 14;
  if (!Number.isInteger(width) || width < 30) throw new RangeError(`quadrantChart: width must be a whole number >= 30, got ${width}`);
  if (!Number.isInteger(height) || height < 8) throw new RangeError(`quadrantChart: height must be a whole number >= 8, got ${height}`);
  if (!Number.isInteger(maxLabelWidth) || maxLabelWidth < 1) {
    throw new RangeError(`quadrantChart: maxLabelWidth must be a whole number >= 1, got ${maxLabelWidth}`);
  }
  const colour = options.colour ?? ((text: string) => text);
  const placed = accounts.filter(
    (account): account is QuadrantChartAccount & { current: number; future: number; quadrant: QuadrantChartLetter } =>
      account.quadrant !== null && account.current !== null && account.future !== null,
  );
  const thresholdCurrent = thresholds.current;
  const thresholdFuture = thresholds.future;
  if (placed.length === 0 || thresholdCurrent === null || thresholdFuture === null) {
    return colour('no accounts placed in a quadrant: nothing to chart', 'text');
  }

  const plotWidth = width - PREFIX_WIDTH;
  const plotHeight = height - 3;
  const xScale = scale([...placed.map((account) => account.current), thresholdCurrent], plotWidth);
  const yScale = scale([...placed.map((account) => account.future), thresholdFuture], plotHeight);
  const lineColumn = xScale.position(thresholdCurrent);
  const lineRow = plotHeight - 1 - yScale.position(thresholdFuture);

  const grid: Cell[][] = Array.from({ length: plotHeight }, () =>
    Array.from({ length: plotWidth }, (): Cell => ({ text: ' ', role: null, kind: 'blank' })),
  );
  const cellAt = (row: number, column: number): Cell => (grid[row] as Cell[])[column] as Cell;
  const set = (row: number, column: number, text: string, role: QuadrantChartRole | null, kind: Cell['kind']): void => {
    const cell = cellAt(row, column);
    cell.text = text;
    cell.role = role;
    cell.kind = kind;
  };

  for (let column = 0; column < plotWidth; column += 1) set(lineRow, column, '─', 'threshold', 'line');
  for (let row = 0; row < plotHeight; row += 1) set(row, lineColumn, row === lineRow ? '┼' : '│', 'threshold', 'line');
  set(0, 0, 'B', 'B', 'letter');
  set(0, plotWidth - 1, 'A', 'A', 'letter');
  set(plotHeight - 1, 0, 'D', 'D', 'letter');
  set(plotHeight - 1, plotWidth - 1, 'C', 'C', 'letter');

  // Highest F first, then C, then id: the accounts that matter most get a label when space is short.
  const ordered = [...placed].sort(
    (a, b) => b.future - a.future || b.current - a.current || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const positions = ordered.map((account) => {
    const highCurrent = account.quadrant === 'A' || account.quadrant === 'C';
    const highFuture = account.quadrant === 'A' || account.quadrant === 'B';
    let column = xScale.position(account.current);
    if (highCurrent && column <= lineColumn) column = lineColumn + 1;
    if (!highCurrent && column >= lineColumn) column = lineColumn - 1;
    let row = plotHeight - 1 - yScale.position(account.future);
    if (highFuture && row >= lineRow) row = lineRow - 1;
    if (!highFuture && row <= lineRow) row = lineRow + 1;
    return { account, row, column };
  });
  for (const { account, row, column } of positions) {
    const shared = cellAt(row, column).kind === 'point';
    set(row, column, shared ? SHARED_POINT : POINT, account.quadrant, 'point');
  }
  let unlabelled = 0;
  for (const { account, row, column } of positions) {
    const text = options.label === 'id' ? account.id : (account.name ?? account.id);
    const glyphs = truncate(toGlyphs(text), maxLabelWidth);
    const labelWidth = glyphs.reduce((sum, glyph) => sum + glyph.width, 0);
    if (labelWidth === 0) continue;
    const rightStart = column + 2;
    const leftStart = column - 1 - labelWidth;
    const start = fits(grid, row, rightStart - 1, labelWidth + 1)
      ? rightStart
      : fits(grid, row, leftStart, labelWidth + 1)
        ? leftStart
        : null;
    if (start === null) {
      unlabelled += 1;
      continue;
    }
    // The gap between dot and label belongs to the label: one colour run, and no other label squeezes in.
    set(row, start === rightStart ? column + 1 : column - 1, ' ', account.quadrant, 'label');
    let at = start;
    for (const glyph of glyphs) {
      set(row, at, glyph.text, account.quadrant, 'label');
      if (glyph.width === 2) set(row, at + 1, '', account.quadrant, 'continuation');
      at += glyph.width;
    }
  }

  const lines: string[] = [];
  const topTick = yScale.maximum;
  const bottomTick = yScale.minimum;
  for (let row = 0; row < plotHeight; row += 1) {
    const tick =
      row === lineRow ? compact(thresholdFuture) : row === 0 ? compact(topTick) : row === plotHeight - 1 ? compact(bottomTick) : '';
    const cells: Cell[] = [
      { text: tick.padStart(TICK_WIDTH).slice(-TICK_WIDTH) + ' ', role: 'text', kind: 'label' },
      { text: tick === '' ? '│' : '┤', role: 'axis', kind: 'line' },
      ...(grid[row] as Cell[]),
    ];
    lines.push(renderCells(cells, colour));
  }
  const axis = '└' + Array.from({ length: plotWidth }, (_, column) => (column === lineColumn ? '┴' : '─')).join('');
  const axisLine: Cell[] = [{ text: ' '.repeat(TICK_WIDTH + 1), role: null, kind: 'blank' }, { text: axis, role: 'axis', kind: 'line' }];
  const tickLine: Cell[] = [{ text: ' '.repeat(PREFIX_WIDTH) + xTicks(xScale, lineColumn, thresholdCurrent, plotWidth), role: 'text', kind: 'label' }];
  lines.push(renderCells(axisLine, colour));
  lines.push(renderCells(tickLine, colour));

  const counts = { A: 0, B: 0, C: 0, D: 0 };
  for (const account of placed) counts[account.quadrant] += 1;
  const legend: Cell[] = [{ text: ' '.repeat(PREFIX_WIDTH) + '→ current  ↑ future ', role: 'text', kind: 'label' }];
  for (const letter of ['A', 'B', 'C', 'D'] as const) {
    legend.push({ text: ` ${letter}`, role: letter, kind: 'label' }, { text: ` ${counts[letter]}`, role: 'text', kind: 'label' });
  }
  const notPlaced = accounts.length - placed.length;
  const notes = [notPlaced > 0 ? `${notPlaced} not placed` : '', unlabelled > 0 ? `${unlabelled} unlabelled` : '']
    .filter((note) => note !== '')
    .join(', ');
  if (notes !== '') legend.push({ text: `  (${notes})`, role: 'text', kind: 'label' });
  lines.push(renderCells(clipCells(legend, width), colour));
  return lines.map((line) => line.trimEnd()).join('\n');
}

interface Scale {
  readonly minimum: number;
  readonly maximum: number;
  /** Cell index 1..cells-2: the outer cells stay free so a point always fits beside a line. */
  position(value: number): number;
}

function scale(values: readonly number[], cells: number): Scale {
  const minimum = smallest(values, 0);
  let maximum = largest(values);
  if (maximum === minimum) maximum = minimum + 1;
  const span = cells - 3;
  return {
    minimum,
    maximum,
    position: (value) => 1 + Math.round(((value - minimum) / (maximum - minimum)) * span),
  };
}

function xTicks(xScale: Scale, lineColumn: number, threshold: number, plotWidth: number): string {
  const row = Array.from({ length: plotWidth }, () => ' ');
  const write = (text: string, start: number): boolean => {
    const characters = [...text];
    const from = Math.max(0, Math.min(start, plotWidth - characters.length));
    for (let index = from - 1; index <= from + characters.length; index += 1) {
      if (index >= 0 && index < plotWidth && row[index] !== ' ') return false;
    }
    characters.forEach((character, offset) => {
      row[from + offset] = character;
    });
    return true;
  };
  write(compact(xScale.minimum), 0);
  write(compact(xScale.maximum), plotWidth);
  const thresholdLabel = compact(threshold);
  write(thresholdLabel, lineColumn - Math.floor(thresholdLabel.length / 2));
  return row.join('');
}

/**
 * Whether `length` cells from `start` on `row` are blank. A label never crosses a threshold
 * line: text on the far side would read as belonging to the other quadrant.
 */
function fits(grid: readonly Cell[][], row: number, start: number, length: number): boolean {
  const cells = grid[row] as Cell[];
  if (start < 0 || start + length > cells.length) return false;
  for (let column = start; column < start + length; column += 1) {
    if ((cells[column] as Cell).kind !== 'blank') return false;
  }
  return true;
}

interface Glyph {
  readonly text: string;
  readonly width: 1 | 2;
}

// East Asian wide and fullwidth ranges and pictographs: two terminal columns.
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;

/** A label's characters with their widths; control characters, escapes and combining marks dropped. */
function toGlyphs(text: string): Glyph[] {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '').replace(/[\p{Cc}\p{Cf}\p{M}\u2028\u2029]/gu, '').trim();
  return [...clean].map((character) => ({ text: character, width: WIDE.test(character) ? 2 : 1 }));
}

function truncate(glyphs: readonly Glyph[], maxWidth: number): Glyph[] {
  const total = glyphs.reduce((sum, glyph) => sum + glyph.width, 0);
  if (total <= maxWidth) return [...glyphs];
  const kept: Glyph[] = [];
  let used = 0;
  for (const glyph of glyphs) {
    if (used + glyph.width > maxWidth - 1) break;
    kept.push(glyph);
    used += glyph.width;
  }
  kept.push({ text: '…', width: 1 });
  return kept;
}

/** Axis ticks: 950, 12.5k, 1.2M, 3B; at most TICK_WIDTH characters. */
function compact(value: number): string {
  const magnitude = Math.abs(value);
  const units: readonly [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (magnitude >= size) return `${trimNumber(value / size)}${suffix}`;
  }
  return trimNumber(value);
}

function trimNumber(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

