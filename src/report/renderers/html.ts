/**
 * HTML: one self-contained file (inline CSS and SVG, no scripts, no network requests) that
 * reads well on screen and printed. Every value from the data is escaped.
 */
import { cellOf, isNumericKind } from '../format.js';
import { escapeHtml } from '../svg.js';
import type { DocumentView, SectionView, TableView } from '../view.js';

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
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
.notes { color: var(--muted); font-size: 12px; margin: 4px 0 12px; padding-left: 18px; }
.skipped { color: var(--muted); font-style: italic; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
svg.chart { width: 100%; height: auto; max-width: 760px; display: block; margin: 8px 0 16px; font-family: inherit; }
section { break-inside: avoid-page; }
@media print {
  body { background: #fff; font-size: 11px; }
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
  if (section.svg !== undefined) parts.push(section.svg);
  for (const table of section.tables) parts.push(renderTable(table));
  parts.push('</section>');
  return parts.join('\n');
}

function renderTable(view: TableView): string {
  const head = view.columns.map((col) => `<th${isNumericKind(col.kind) ? ' class="num"' : ''}>${escapeHtml(col.label)}</th>`).join('');
  const rowHtml = (row: Readonly<Record<string, unknown>>, total: boolean): string =>
    `<tr${total ? ' class="total"' : ''}>${view.columns
      .map((col) => `<td${isNumericKind(col.kind) ? ' class="num"' : ''}>${escapeHtml(cellOf(row, col.key, col.kind))}</td>`)
      .join('')}</tr>`;
  const body = [...view.rows.map((row) => rowHtml(row, false)), ...(view.total === undefined ? [] : [rowHtml(view.total, true)])].join('\n');
  const notes = (view.notes ?? []).length === 0 ? '' : `<ul class="notes">${(view.notes ?? []).map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
  const title = view.title === undefined ? '' : `<h3>${escapeHtml(view.title)}</h3>`;
  return `${title}<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${notes}`;
}
