/** Markdown for a wiki or chat: every value from the data is escaped. */
import { cellOf, isNumericKind, removeEscapes, removeFormatControls } from '../format.js';
import type { DocumentView, TableView } from '../view.js';

/**
 * Escapes Markdown and HTML syntax so a value from the data stays text: emphasis, code, links
 * and images (`[`, `]`), table pipes and HTML are neutralised; `#`, `+`, `-`, `>` and digits
 * followed by `.` only matter at the start of a line, so only there.
 */
export function escapeMarkdown(text: string): string {
  // Most cells need nothing: no control, HTML or Markdown character anywhere, nothing special
  // at the start. Two tests instead of eight replacements, for tables of thousands of rows.
  // eslint-disable-next-line no-control-regex
  // Format controls (bidi overrides and the like) go in any case.
  const visible = removeFormatControls(text);
  if (!/[\u0000-\u001f\u007f-\u009f&<>\\`*_[\]|~]/.test(visible) && !/^\s*(?:[#+-]|\d+\.)(?:\s|$)/.test(visible)) return visible;
  // Terminal escapes go whole (Markdown is often read on a terminal); line breaks and tabs become spaces.
  return removeEscapes(visible)
    .replace(/[\r\n\t]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/^(\s*)([#+-])(?=\s|$)/, '$1\\$2')
    .replace(/^(\s*)(\d+)\.(?=\s|$)/, '$1$2\\.');
}

export function renderMarkdownDocument(document: DocumentView): string {
  const out: string[] = [`# ${escapeMarkdown(document.title)}`, ''];
  for (const line of document.subtitle ?? []) out.push(`${escapeMarkdown(line)}  `);
  for (const section of document.sections) {
    out.push('', `## ${escapeMarkdown(section.title)}`, '');
    if (section.skipped !== undefined) {
      out.push(escapeMarkdown(section.skipped));
      continue;
    }
    for (const line of section.text ?? []) out.push(escapeMarkdown(line), '');
    for (const table of section.tables) {
      if (table.title !== undefined) out.push(`**${escapeMarkdown(table.title)}**`, '');
      out.push(renderMarkdownTable(table), '');
      for (const note of table.notes ?? []) out.push(`- ${escapeMarkdown(note)}`);
      if ((table.notes ?? []).length > 0) out.push('');
    }
  }
  if ((document.footer ?? []).length > 0) out.push('', '---', '', ...(document.footer ?? []).map((line) => `_${escapeMarkdown(line)}_  `));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export function renderMarkdownTable(view: TableView): string {
  const header = `| ${view.columns.map((col) => escapeMarkdown(col.label)).join(' | ')} |`;
  const rule = `|${view.columns.map((col) => (isNumericKind(col.kind) ? '---:' : '---')).join('|')}|`;
  const rows = [...view.rows, ...(view.total === undefined ? [] : [view.total])].map((row, index, all) => {
    const cells = view.columns.map((col) => escapeMarkdown(cellOf(row, col.key, col.kind)));
    const isTotal = view.total !== undefined && index === all.length - 1;
    return `| ${(isTotal ? cells.map((cell) => (cell === '' ? '' : `**${cell}**`)) : cells).join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
