/** Terminal tables (cli-table3), coloured only when asked to be. */
import Table from 'cli-table3';
import { cellOf, formatCount, isNumericKind, stripControl, truncateCell } from '../format.js';
import { fitTable, wrapLine } from '../fit.js';
import type { DocumentView, TableView } from '../view.js';

export interface Painter {
  bold(text: string): string;
  dim(text: string): string;
  warn(text: string): string;
}

export const PLAIN: Painter = { bold: (text) => text, dim: (text) => text, warn: (text) => text };

/**
 * Rows a terminal table shows. cli-table3 lays a table out in time that grows with the square of
 * its rows (1,000 rows 0.4 s, 4,000 rows 5 s; cli-table3 issue #68) and fails outright past about
 * 60,000 (RangeError: call stack exceeded). Grouping by account can give tens of thousands of
 * rows, which nobody reads on a terminal: the table shows the first ones and says where the rest is.
 */
export const MAX_TABLE_ROWS = 1000;

/**
 * Sections a terminal document shows. A command with a section per group (`funnel --by account`)
 * made 66,000 sections of two tables each for an export of 66,000 accounts: 104 s and 1.4 GB to
 * print 1.4 million lines. As with rows, the first ones are shown and the rest are elsewhere.
 */
export const MAX_TABLE_SECTIONS = 200;

export interface TableRenderOptions {
  readonly painter?: Painter | undefined;
  /** Draw terminal charts (on a terminal, or with --chart). */
  readonly charts?: boolean;
  /** Columns the output must fit (COLUMNS, or 80 off a terminal); absent: no limit. */
  readonly width?: number;
}

export function renderTableDocument(document: DocumentView, options: TableRenderOptions = {}): string {
  const painter = options.painter ?? PLAIN;
  const width = options.width ?? Number.POSITIVE_INFINITY;
  const out: string[] = [];
  // Text is wrapped at spaces before it is painted, so colour codes never count as width.
  const push = (text: string, paint: (line: string) => string = (line) => line, indent = 0): void => {
    for (const line of wrapLine(stripControl(text), width, indent)) out.push(paint(line));
  };
  push(document.title, painter.bold);
  for (const line of document.subtitle ?? []) push(line, painter.dim);
  const sections = document.sections;
  for (const section of sections.slice(0, MAX_TABLE_SECTIONS)) {
    out.push('');
    if (sections.length > 1 || section.title !== document.title) push(section.title, painter.bold);
    if (section.skipped !== undefined) {
      push(section.skipped, painter.dim);
      continue;
    }
    for (const line of section.text ?? []) push(line);
    for (const table of section.tables) {
      if (table.title !== undefined) push(table.title, painter.dim);
      out.push(...renderOneTable(table, painter, width));
      if (table.rows.length > MAX_TABLE_ROWS) {
        push(`showing the first ${formatCount(MAX_TABLE_ROWS)} of ${formatCount(table.rows.length)} rows and the total; --json, --format csv or --format md list them all`, painter.warn);
      }
      for (const note of table.notes ?? []) push(note, painter.warn, 2);
    }
    if (options.charts === true && section.chart !== undefined) out.push('', section.chart);
  }
  if (sections.length > MAX_TABLE_SECTIONS) {
    out.push('');
    push(`showing the first ${formatCount(MAX_TABLE_SECTIONS)} of ${formatCount(sections.length)} sections; --json, --format csv or --format md list them all`, painter.warn);
  }
  if ((document.footer ?? []).length > 0) out.push('');
  for (const line of document.footer ?? []) push(line, painter.dim);
  return `${out.join('\n')}\n`;
}

/** The table's lines: as one table, in column groups that repeat the row labels, or as records. */
function renderOneTable(view: TableView, painter: Painter, width: number): string[] {
  const cells = (row: Readonly<Record<string, unknown>>): string[] =>
    view.columns.map((col) => truncateCell(stripControl(cellOf(row, col.key, col.kind))));
  const rows = view.rows.slice(0, MAX_TABLE_ROWS).map(cells);
  if (view.total !== undefined) rows.push(cells(view.total));
  const totalIndex = view.total === undefined ? -1 : rows.length - 1;
  const head = view.columns.map((col) => truncateCell(stripControl(col.label)));
  const parts = fitTable({ head, rows, labelColumns: labelColumnsOf(view) }, width);
  return parts.flatMap((part, index) => {
    const lead = parts.length > 1 && index > 0 ? [''] : [];
    if (part.kind === 'records') return [...lead, ...part.lines.flatMap((line) => wrapLine(line, width, 2))];
    const table = new Table({
      head: part.head.map((label) => painter.bold(label)),
      colAligns: part.columns.map((column) => (isNumericKind(view.columns[column]?.kind ?? 'text') ? 'right' : 'left')),
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    part.rows.forEach((row, rowIndex) => table.push(rowIndex === totalIndex ? row.map((cell) => painter.bold(cell)) : [...row]));
    return [...lead, table.toString()];
  });
}

/** Leading text columns label a row (the --by keys); at most two, and never every column. */
export function labelColumnsOf(view: TableView): number {
  if (view.labelColumns !== undefined) return view.labelColumns;
  let count = 0;
  while (count < Math.min(2, view.columns.length - 1) && !isNumericKind(view.columns[count]?.kind ?? 'text')) count += 1;
  return Math.max(count, 1);
}
