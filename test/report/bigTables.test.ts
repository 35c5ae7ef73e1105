/**
 * A terminal table of tens of thousands of groups (winrate --by account on a large export) shows
 * the first MAX_TABLE_ROWS rows and the total, says where the rest is, and does not fail.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TABLE_ROWS, renderTableDocument } from '../../src/report/renderers/table.js';
import { column } from '../../src/report/view.js';

const document = (rows: number) => ({
  title: 'Win rates',
  sections: [
    {
      title: 'Win rates',
      tables: [
        {
          columns: [column('account', 'Account'), column('won', 'Won', 'count')],
          rows: Array.from({ length: rows }, (_, index) => ({ account: `Account ${index}`, won: index })),
          total: { account: 'Total', won: 1 },
        },
      ],
    },
  ],
});

describe('terminal tables', () => {
  it('show every row up to the limit, with no note', () => {
    const text = renderTableDocument(document(3));
    expect(text).toContain('Account 2');
    expect(text).toContain('Total');
    expect(text).not.toContain('showing the first');
  });

  it('show the first rows and the total of a table past the limit, and say so', () => {
    const rows = 70_000;
    const text = renderTableDocument(document(rows));
    expect(MAX_TABLE_ROWS).toBe(1000);
    expect(text).toContain(`│ Account ${MAX_TABLE_ROWS - 1} `);
    expect(text).not.toContain(`│ Account ${MAX_TABLE_ROWS} `);
    expect(text).toContain('│ Total ');
    expect(text).toContain('showing the first 1,000 of 70,000 rows and the total; --json, --format csv or --format md list them all');
  });
});
