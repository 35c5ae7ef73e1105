/**
 * CSV output: the command's main table, raw numbers (ratios as 0..1), and text cells that a
 * spreadsheet would run as formulas neutralised with a leading apostrophe. Terminal escapes and
 * control characters from the data are removed (the CSV may well be printed on a terminal).
 */
import { removeEscapes, type CellValue } from '../format.js';
import type { DocumentView, TableView } from '../view.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Spreadsheet formula injection: `=HYPERLINK(...)` becomes `'=HYPERLINK(...)`. Escapes go first,
 * so one cannot hide the `=` from the check.
 */
export function neutraliseFormula(text: string): string {
  const clean = removeEscapes(text);
  return FORMULA_START.test(clean) ? `'${clean}` : clean;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function rawCell(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(Object.is(value, -0) ? 0 : value);
  if (typeof value === 'object') return `${value.low};${value.high}`;
  return neutraliseFormula(value);
}

export function renderCsvTable(view: TableView): string {
  const lines = [view.columns.map((col) => csvField(neutraliseFormula(col.label))).join(',')];
  for (const row of [...view.rows, ...(view.total === undefined ? [] : [view.total])]) {
    lines.push(view.columns.map((col) => csvField(rawCell(row[col.key]))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The first table of the document (a command's main table); CSV holds one table. */
export function renderCsvDocument(document: DocumentView): string {
  const table = document.sections.flatMap((section) => section.tables)[0];
  return table === undefined ? '' : renderCsvTable(table);
}
