/**
 * Counts never show decimals (issue #15 saw deal counts as "91.000" and "55.200"): a count in a
 * table of mixed figures (the velocity change table, the report's KPI table) is formatted as a
 * count; a mean of counts (pareto's "Deals each") shows one decimal, never three (which reads as
 * a thousands separator); money rows of such a table name the currency in their label.
 */
import { describe, expect, it } from 'vitest';
import { ROW_KIND, cellOf, formatCount } from '../../src/report/format.js';
import { rowsReadLine, withCurrency } from '../../src/report/document.js';
import { rejectedOverLimit } from '../../src/engine/dealRun.js';
import { groupedDigits } from '../../src/model/groupedDigits.js';
import { renderMarkdownTable } from '../../src/report/renderers/markdown.js';
import { column, type TableView } from '../../src/report/view.js';
import { EXAMPLES, dealmath } from '../cli/helpers.js';

describe('counts and mixed tables', () => {
  it('formats a count row of a number column without decimals, other rows in their own kind', () => {
    expect(cellOf({ [ROW_KIND]: 'count', before: 91 }, 'before', 'number')).toBe('91');
    expect(cellOf({ [ROW_KIND]: 'count', before: 55.2 }, 'before', 'number')).toBe('55');
    expect(cellOf({ [ROW_KIND]: 'ratio', before: 0.227 }, 'before', 'number')).toBe('22.7%');
    expect(cellOf({ [ROW_KIND]: 'days', before: 68.781 }, 'before', 'number')).toBe('68.8');
    expect(cellOf({ [ROW_KIND]: 'money', before: 75394.4 }, 'before', 'number')).toBe('75,394');
    expect(cellOf({ before: 4.288 }, 'before', 'number')).toBe('4.288');
    expect(cellOf({ each: 42.316 }, 'each', 'average')).toBe('42.3');
  });

  it('writes the counts of prose lines as the provenance line does, with thousands separators', () => {
    expect([0, -0, 999, 2000, 16_027, 1_234_567].map(formatCount)).toEqual(['0', '0', '999', '2,000', '16,027', '1,234,567']);
    // The example file's figures (test/golden: winrate --period 2026-Q3 on examples/deals.csv).
    expect(rowsReadLine({ rowsRead: 2000, rowsUsed: 875, rowsRejected: 0, rowsFiltered: 1125 })).toBe('2,000 rows read: 875 used, 0 rejected, 1,125 filtered');
    // What no safe whole number of 0 or more is: left to Intl's rounding.
    expect([1.6, -1234, 2 ** 53].map(formatCount)).toEqual(['2', '-1,234', '9,007,199,254,740,992']);
    expect([groupedDigits(-1), groupedDigits(0.5), groupedDigits(2 ** 53)]).toEqual([null, null, null]);
    // The engine's messages count the same way.
    expect(rejectedOverLimit({ rowsRead: 16_027, rowsRejected: 1200 }, { count: 5 })).toBe('1,200 of 16,027 rows rejected, more than --max-rejected 5');
  });

  it('names the currency in money column headers and in the labels of money rows', () => {
    const table: TableView = {
      columns: [column('lever', 'Lever'), column('before', 'before', 'number'), column('won', 'Won', 'money')],
      rows: [{ lever: 'N deals', [ROW_KIND]: 'count', before: 3, won: 10 }, { lever: 'A average won', [ROW_KIND]: 'money', before: 5, won: 20 }],
    };
    const md = renderMarkdownTable(withCurrency(table, 'USD'));
    expect(md).toContain('| Lever | before | Won (USD) |');
    expect(md).toContain('| N deals | 3 | 10 |');
    expect(md).toContain('| A average won (USD) | 5 | 20 |');
  });

  it('shows the report\'s velocity change levers each in its kind (end to end)', () => {
    const md = dealmath(['velocity', 'deals.csv', '--period', '2026-Q3', '--compare', '2026-Q2', '--as-of', '2026-11-20', '--format', 'md'], { cwd: EXAMPLES }).stdout;
    const row = (label: string) => md.split('\n').find((line) => line.startsWith(`| ${label} |`)) ?? '';
    expect(row('N deals')).toMatch(/^\| N deals \| \d[\d,]* \| \d[\d,]* \|/);
    expect(row('W win rate')).toMatch(/^\| W win rate \| \d+\.\d% \| \d+\.\d% \|/);
    expect(row('L cycle days')).toMatch(/^\| L cycle days \| \d+\.\d \| \d+\.\d \|/);
    expect(row('A average won (USD)')).not.toBe('');
  });
});
