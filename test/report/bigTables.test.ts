/**
 * A terminal table of tens of thousands of groups (winrate --by account on a large export) shows
 * the first MAX_TABLE_ROWS rows and the total, says where the rest is, and does not fail. A
 * document of a section per group (funnel --by account) shows the first MAX_TABLE_SECTIONS.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TABLE_ROWS, MAX_TABLE_SECTIONS, renderTableDocument } from '../../src/report/renderers/table.js';
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
  const grouped = (sections: number) => ({
    title: 'Funnel',
    sections: Array.from({ length: sections }, (_, index) => ({
      title: `Funnel: account Account ${index}`,
      tables: [{ columns: [column('stage', 'Stage'), column('reached', 'Reached', 'count')], rows: [{ stage: 'Proposal', reached: index }] }],
    })),
    footer: ['generated for the test'],
  });

  it('show every section up to the limit, with no note', () => {
    const text = renderTableDocument(grouped(MAX_TABLE_SECTIONS));
    expect(text).toContain(`Funnel: account Account ${MAX_TABLE_SECTIONS - 1}\n`);
    expect(text).not.toContain('sections;');
  });

  it('show the first sections of a document past the limit, say so, and keep the footer', () => {
    const text = renderTableDocument(grouped(1_000));
    expect(MAX_TABLE_SECTIONS).toBe(200);
    expect(text).toContain('Funnel: account Account 199\n');
    expect(text).not.toContain('Funnel: account Account 200\n');
    expect(text).toContain('showing the first 200 of 1,000 sections; --json, --format csv or --format md list them all\n\ngenerated for the test\n');
  });
});
