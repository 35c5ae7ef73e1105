/**
 * HTML: one self-contained file (inline CSS and SVG, no scripts, no network requests) that
 * reads well on screen and printed. Every value from the data is escaped.
 */
import { largest } from '../extremes.js';
import { cellOf, isNumericKind } from '../format.js';
import { escapeHtml } from '../svg.js';
import type { DocumentView, SectionView, TableView } from '../view.js';
import { labelColumnsOf } from './table.js';

const STYLE = `
:root { color-scheme: light; --ink: #1d2b3a; --muted: #6b7684; --rule: #d9dde3; --accent: #3b6ea8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); }
.subtitle { color: var(--muted); margin: 0; }
p { margin: 6px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { font-weight: 600; background: #eef2f7; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
th { overflow-wrap: normal; hyphens: none; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
.notes { color: var(--muted); font-size: 12px; margin: 4px 0 12px; padding-left: 18px; }
.skipped { color: var(--muted); font-style: italic; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
svg.chart { width: 100%; height: auto; max-width: 760px; display: block; margin: 8px 0 16px; font-family: inherit; }
section { break-inside: avoid-page; }
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11px; }
  th, td { padding: 3px 5px; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  table, svg.chart { break-inside: avoid; }
}
`;

export function renderHtmlDocument(document: DocumentView): string {
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No scripts, no requests: a report opened from a mail or a share must not call out.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(document.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body><main>',
    `<h1>${escapeHtml(document.title)}</h1>`,
    ...(document.subtitle ?? []).map((line) => `<p class="subtitle">${escapeHtml(line)}</p>`),
    ...document.sections.map(renderSection),
    ...((document.footer ?? []).length === 0 ? [] : [`<footer>${(document.footer ?? []).map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</footer>`]),
    '</main></body>',
    '</html>',
  ];
  return `${parts.join('\n')}\n`;
}

function renderSection(section: SectionView): string {
  const parts = [`<section>`, `<h2>${escapeHtml(section.title)}</h2>`];
  if (section.skipped !== undefined) {
    parts.push(`<p class="skipped">${escapeHtml(section.skipped)}</p>`, '</section>');
    return parts.join('\n');
  }
  for (const line of section.text ?? []) parts.push(`<p>${escapeHtml(line)}</p>`);
  if (section.svg !== undefined) parts.push(section.svg());
  for (const table of section.tables) parts.push(renderTable(table));
  parts.push('</section>');
  return parts.join('\n');
}

/**
 * A table wider than a printed A4 page (about HTML_TABLE_CHARS characters of cells) is split,
 * as the terminal does, into column groups that each repeat the row labels; headers wrap at
 * spaces, so a column is as wide as its longest cell or header word.
 */
export const HTML_TABLE_CHARS = 112;

function columnGroups(view: TableView, cells: readonly (readonly string[])[]): number[][] {
  const widths = view.columns.map((col, index) => largest(cells.map((row) => row[index]?.length ?? 0), largest(col.label.split(/\s+/).map((word) => word.length))) + 2);
  const labels = Math.min(labelColumnsOf(view), view.columns.length);
  const labelIndexes = Array.from({ length: labels }, (_, index) => index);
  const labelWidth = labelIndexes.reduce((sum, index) => sum + (widths[index] ?? 0), 0);
  const groups: number[][] = [];
  let current: number[] = [];
  let width = labelWidth;
  for (let index = labels; index < view.columns.length; index += 1) {
    const next = widths[index] ?? 0;
    if (current.length > 0 && width + next > HTML_TABLE_CHARS) {
      groups.push(current);
      current = [];
      width = labelWidth;
    }
    current.push(index);
    width += next;
  }
  if (current.length > 0 || groups.length === 0) groups.push(current);
  return groups.map((group) => [...labelIndexes, ...group]);
}

function renderTable(view: TableView): string {
  const all = [...view.rows, ...(view.total === undefined ? [] : [view.total])];
  const cells = all.map((row) => view.columns.map((col) => cellOf(row, col.key, col.kind)));
  const groups = columnGroups(view, cells);
  const tables = groups.map((indexes) => {
    const head = indexes.map((index) => view.columns[index] as TableView['columns'][number]).map((col) => `<th${isNumericKind(col.kind) ? ' class="num"' : ''}>${escapeHtml(col.label)}</th>`).join('');
    const rowHtml = (row: readonly string[], total: boolean): string =>
      `<tr${total ? ' class="total"' : ''}>${indexes.map((index) => `<td${isNumericKind(view.columns[index]?.kind ?? 'text') ? ' class="num"' : ''}>${escapeHtml(row[index] ?? '')}</td>`).join('')}</tr>`;
    const body = cells.map((row, index) => rowHtml(row, view.total !== undefined && index === cells.length - 1)).join('\n');
    return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
  });
  const notes = (view.notes ?? []).length === 0 ? '' : `<ul class="notes">${(view.notes ?? []).map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
  const title = view.title === undefined ? '' : `<h3>${escapeHtml(view.title)}</h3>`;
  return `${title}${tables.join('\n')}${notes}`;
}
