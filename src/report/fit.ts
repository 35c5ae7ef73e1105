/**
 * Terminal output that fits its width (COLUMNS, or 80 off a terminal): a table too wide is
 * first given headers broken at spaces, then split into column groups that each repeat the
 * row labels, and only when even that cannot fit, shown as one record per row. Lines of text
 * are wrapped at spaces. Nothing is cut in the middle of a word.
 */
import stringWidth from 'string-width';
import { largest } from './extremes.js';

/** What a terminal table shows: header labels and rows of cell text, already escaped. */
export interface TableText {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** How many leading columns label a row (repeated in every column group). */
  readonly labelColumns: number;
}

export type FittedTable =
  | { readonly kind: 'table'; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly columns: readonly number[] }
  | { readonly kind: 'records'; readonly lines: readonly string[] };

/** cli-table3: one space of padding each side of a cell and a border before each column and after the last. */
function tableWidth(columnWidths: readonly number[]): number {
  return columnWidths.reduce((sum, width) => sum + width + 3, 1);
}

/** Width of a cell's widest line. */
function cellWidth(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, stringWidth(line));
  return widest;
}

/**
 * The parts a table is shown in at `width` columns: the table itself when it fits (with headers
 * broken at spaces if that is what it takes), else column groups that repeat the row labels,
 * else one record per row.
 */
export function fitTable(table: TableText, width: number): FittedTable[] {
  const count = table.head.length;
  const all = Array.from({ length: count }, (_, index) => index);
  const bodyWidths = all.map((index) => table.rows.reduce((widest, row) => Math.max(widest, cellWidth(row[index] ?? '')), 0));
  const fullHead = all.map((index) => Math.max(bodyWidths[index] as number, cellWidth(table.head[index] ?? '')));
  if (tableWidth(fullHead) <= width) return [{ kind: 'table', head: table.head, rows: table.rows, columns: all }];

  // Headers broken at spaces, each no wider than its column's cells (or its longest word).
  const head = all.map((index) => breakAtSpaces(table.head[index] ?? '', bodyWidths[index] as number));
  const widths = all.map((index) => Math.max(bodyWidths[index] as number, cellWidth(head[index] as string)));
  if (tableWidth(widths) <= width) return [{ kind: 'table', head, rows: table.rows, columns: all }];

  const labels = all.slice(0, Math.min(Math.max(table.labelColumns, 1), count));
  const labelWidths = labels.map((index) => widths[index] as number);
  // A column wider than the room beside the labels has its cells broken at spaces (messages).
  const room = width - tableWidth(labelWidths) - 3;
  let rows = table.rows;
  for (const index of all.slice(labels.length)) {
    if ((widths[index] as number) <= room) continue;
    rows = rows.map((row) => row.map((cell, column) => (column === index ? breakAtSpaces(cell, room) : cell)));
    widths[index] = largest(rows.map((row) => cellWidth(row[index] ?? '')), cellWidth(head[index] as string));
    if ((widths[index] as number) > room) return [recordsOf(table, head)];
  }
  const groups: number[][] = [];
  let group: number[] = [];
  for (const index of all.slice(labels.length)) {
    const trial = [...labelWidths, ...[...group, index].map((column) => widths[column] as number)];
    if (tableWidth(trial) <= width || group.length === 0) {
      group.push(index);
    } else {
      groups.push(group);
      group = [index];
    }
  }
  if (group.length > 0) groups.push(group);
  if (groups.length === 0) return [recordsOf(table, head)];
  return groups.map((columns) => {
    const shown = [...labels, ...columns];
    return { kind: 'table', head: shown.map((index) => head[index] as string), rows: rows.map((row) => shown.map((index) => row[index] ?? '')), columns: shown };
  });
}

/** One block of `Header: value` lines per row, the row's labels first. */
function recordsOf(table: TableText, head: readonly string[]): FittedTable {
  const lines: string[] = [];
  const flat = head.map((label) => label.replace(/\n/g, ' '));
  for (const row of table.rows) {
    if (lines.length > 0) lines.push('');
    row.forEach((cell, index) => {
      if (cell !== '') lines.push(`${flat[index]}: ${cell}`);
    });
  }
  return { kind: 'records', lines };
}

/** A label broken into lines at spaces, each at most `room` wide where its words allow. */
export function breakAtSpaces(label: string, room: number): string {
  const words = label.split(' ').filter((word) => word !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') line = word;
    else if (stringWidth(line) + 1 + stringWidth(word) <= room) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/**
 * A line of text wrapped at spaces to `width` columns; continuation lines are indented by
 * `indent` spaces. A word longer than the width stands alone on its line, uncut.
 */
export function wrapLine(text: string, width: number, indent = 0): string[] {
  if (stringWidth(text) <= width) return [text];
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const words = keepFlagsWithValues(text.slice(lead.length).split(' ').filter((word) => word !== ''));
  const lines: string[] = [];
  let line = lead;
  let lineWidth = stringWidth(lead);
  const padding = ' '.repeat(indent);
  for (const word of words) {
    const wordWidth = stringWidth(word);
    const empty = line.trim() === '';
    if (!empty && lineWidth + 1 + wordWidth > width) {
      lines.push(line);
      line = `${padding}${word}`;
      lineWidth = indent + wordWidth;
    } else {
      line = empty ? `${line}${word}` : `${line} ${word}`;
      lineWidth += (empty ? 0 : 1) + wordWidth;
    }
  }
  lines.push(line);
  return lines;
}

/** `--map` and its value stay on one line, so a suggested command can be copied whole. */
function keepFlagsWithValues(words: readonly string[]): string[] {
  const kept: string[] = [];
  for (const word of words) {
    const previous = kept[kept.length - 1];
    if (previous !== undefined && /^--[a-z][a-z-]*$/.test(previous)) kept[kept.length - 1] = `${previous} ${word}`;
    else kept.push(word);
  }
  return kept;
}
