/** Terminal tables (cli-table3), coloured only when asked to be. */
import Table from 'cli-table3';
import { cellOf, isNumericKind, stripControl, truncateCell } from '../format.js';
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

export interface TableRenderOptions {
  readonly painter?: Painter | undefined;
  /** Draw terminal charts (on a terminal, or with --chart). */
  readonly charts?: boolean;
}

export function renderTableDocument(document: DocumentView, options: TableRenderOptions = {}): string {
  const painter = options.painter ?? PLAIN;
  const out: string[] = [painter.bold(stripControl(document.title))];
  for (const line of document.subtitle ?? []) out.push(painter.dim(stripControl(line)));
  for (const section of document.sections) {
    out.push('');
    if (document.sections.length > 1 || section.title !== document.title) out.push(painter.bold(stripControl(section.title)));
    if (section.skipped !== undefined) {
      out.push(painter.dim(stripControl(section.skipped)));
      continue;
    }
    for (const line of section.text ?? []) out.push(stripControl(line));
    for (const table of section.tables) {
      if (table.title !== undefined) out.push(painter.dim(stripControl(table.title)));
      out.push(renderOneTable(table, painter));
      if (table.rows.length > MAX_TABLE_ROWS) {
        out.push(painter.warn(`showing the first ${MAX_TABLE_ROWS.toLocaleString('en-US')} of ${table.rows.length.toLocaleString('en-US')} rows and the total; --json, --format csv or --format md list them all`));
      }
      for (const note of table.notes ?? []) out.push(painter.warn(stripControl(note)));
    }
    if (options.charts === true && section.chart !== undefined) out.push('', section.chart);
  }
  return `${out.join('\n')}\n`;
}

function renderOneTable(view: TableView, painter: Painter): string {
  const table = new Table({
    head: view.columns.map((col) => painter.bold(truncateCell(stripControl(col.label)))),
    colAligns: view.columns.map((col) => (isNumericKind(col.kind) ? 'right' : 'left')),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  const cells = (row: Readonly<Record<string, unknown>>): string[] =>
    view.columns.map((col) => truncateCell(stripControl(cellOf(row, col.key, col.kind))));
  for (const row of view.rows.slice(0, MAX_TABLE_ROWS)) table.push(cells(row));
  if (view.total !== undefined) table.push(cells(view.total).map((cell) => painter.bold(cell)));
  return table.toString();
}
