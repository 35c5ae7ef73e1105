import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/model/calendar.js';
import { parseConfig, type Config } from '../../src/model/config.js';
import { DealmathError } from '../../src/model/errors.js';
import type { Finding } from '../../src/model/findings.js';
import {
  CLOSED_STAGE,
  findWideStageColumns,
  stageOrderOf,
  stagePosition,
  wideHistoryOf,
  wideStageEntries,
} from '../../src/model/stageHistory.js';
import type { DayNumber, Deal } from '../../src/model/types.js';
import { day, deal as baseDeal } from '../support/records.js';

/** Deals of these tests sit at row 4 of their file. */
const deal = (fields: Parameters<typeof baseDeal>[0]) => baseDeal({ source: { file: 'deals.csv', row: 4 }, ...fields });


function config(document: unknown): Config {
  const parsed = parseConfig(document);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.config;
}


const hubspotOrder = stageOrderOf(
  config({
    stages: ['Appointment Scheduled', 'Qualified To Buy', 'Decision Maker Bought-In', 'Contract Sent', 'Closed Won', 'Closed Lost'],
  }),
);

describe('stageOrderOf and stagePosition', () => {
  it('splits the configured stages into open stages in order and won/lost labels', () => {
    expect(hubspotOrder.open).toEqual(['Appointment Scheduled', 'Qualified To Buy', 'Decision Maker Bought-In', 'Contract Sent']);
    expect(hubspotOrder.closed.slice(0, 2)).toEqual(['Closed Won', 'Closed Lost']);
  });

  it('matches labels case- and punctuation-insensitively and gives the config spelling', () => {
    expect(stagePosition(hubspotOrder, 'decisionmakerboughtin')).toEqual({ index: 2, label: 'Decision Maker Bought-In' });
    expect(stagePosition(hubspotOrder, 'closedwon')).toEqual({ index: CLOSED_STAGE, label: 'Closed Won' });
    expect(stagePosition(hubspotOrder, 'Won')).toEqual({ index: CLOSED_STAGE, label: 'Won' });
    expect(stagePosition(hubspotOrder, 'Demo')).toBeNull();
  });
});

describe('findWideStageColumns', () => {
  it('finds the label forms with and without pipeline, the hs_v2_ and legacy hs_ ids, and won/lost columns', () => {
    const header = [
      'Record ID',
      'Date entered "Appointment Scheduled (Sales Pipeline)"',
      'Date entered \u201cQualified To Buy\u201d',
      'hs_v2_date_entered_decisionmakerboughtin',
      'hs_date_entered_contractsent',
      'hs_v2_date_entered_closedwon',
      'Date exited "Appointment Scheduled (Sales Pipeline)"',
      'hs_v2_date_entered_81234567',
      'Cumulative time in "Contract Sent (Sales Pipeline)"',
    ];
    expect(findWideStageColumns(header, hubspotOrder)).toEqual({
      columns: [
        { header: 'Date entered "Appointment Scheduled (Sales Pipeline)"', stage: 'Appointment Scheduled' },
        { header: 'Date entered \u201cQualified To Buy\u201d', stage: 'Qualified To Buy' },
        { header: 'hs_v2_date_entered_decisionmakerboughtin', stage: 'Decision Maker Bought-In' },
        { header: 'hs_date_entered_contractsent', stage: 'Contract Sent' },
        { header: 'hs_v2_date_entered_closedwon', stage: 'Closed Won' },
      ],
      unmatched: ['hs_v2_date_entered_81234567'],
    });
  });

  it('tries a label with parentheses whole before dropping its pipeline', () => {
    const order = stageOrderOf(config({ stages: ['Demo (remote)', 'Proposal'] }));
    expect(findWideStageColumns(['Date entered "Demo (remote)"', 'Date entered "Demo (remote) (Renewals)"'], order).columns).toEqual([
      { header: 'Date entered "Demo (remote)"', stage: 'Demo (remote)' },
      { header: 'Date entered "Demo (remote) (Renewals)"', stage: 'Demo (remote)' },
    ]);
  });
});

describe('wideStageEntries', () => {
  const columns = [
    { header: 'Date entered "Qualified To Buy (Sales Pipeline)"', stage: 'Qualified To Buy' },
    { header: 'Date entered "Qualified To Buy (Renewals)"', stage: 'Qualified To Buy' },
    { header: 'hs_v2_date_entered_contractsent', stage: 'Contract Sent' },
    { header: 'hs_v2_date_entered_closedlost', stage: 'Closed Lost' },
  ];

  it('gives one entry per dated stage, the earliest where two columns date it, with the deal\'s row', () => {
    const wide = deal({
      id: 'H1',
      status: 'lost',
      dimensions: {
        'Date entered "Qualified To Buy (Sales Pipeline)"': '2026-02-03 10:00',
        'Date entered "Qualified To Buy (Renewals)"': '2026-01-20',
        hs_v2_date_entered_contractsent: '',
        hs_v2_date_entered_closedlost: '2026-03-01T08:00:00Z',
      },
    });
    expect(wideStageEntries(wide, columns)).toEqual([
      { dealId: 'H1', stage: 'Qualified To Buy', entered: day('2026-01-20'), source: { file: 'deals.csv', row: 4 } },
      { dealId: 'H1', stage: 'Closed Lost', entered: day('2026-03-01'), source: { file: 'deals.csv', row: 4 } },
    ]);
  });

  it('reports a cell that is not a date as a bad-date finding with file, row and column, and leaves it out', () => {
    const found: Finding[] = [];
    const wide = deal({ id: 'H2', status: 'open', dimensions: { hs_v2_date_entered_contractsent: 'soon' } });
    expect(wideStageEntries(wide, columns, { onFinding: (item) => found.push(item) })).toEqual([]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'bad-date', file: 'deals.csv', row: 4, column: 'hs_v2_date_entered_contractsent', value: 'soon' });
  });

  it('reads slash dates in the configured order', () => {
    const wide = deal({ id: 'H3', status: 'open', dimensions: { hs_v2_date_entered_contractsent: '03/04/2026' } });
    expect(wideStageEntries(wide, columns, { dateOrder: 'dmy' })[0]?.entered).toBe(day('2026-04-03'));
  });
});

describe('wideHistoryOf', () => {
  it('finds the columns from the deal\'s dimensions and gives undefined for a deal with no dates', () => {
    const historyOf = wideHistoryOf(hubspotOrder);
    const dated = deal({ id: 'W1', status: 'open', dimensions: { 'Date entered "Contract Sent (Sales Pipeline)"': '2026-05-05', Region: 'EMEA' } });
    expect(historyOf(dated)).toEqual([{ dealId: 'W1', stage: 'Contract Sent', entered: day('2026-05-05'), source: { file: 'deals.csv', row: 4 } }]);
    const blank = deal({ id: 'W2', status: 'open', dimensions: { 'Date entered "Contract Sent (Sales Pipeline)"': '', Region: 'EMEA' } });
    expect(historyOf(blank)).toBeUndefined();
    expect(wideHistoryOf(hubspotOrder)(deal({ id: 'W3', status: 'open', dimensions: { Region: 'EMEA' } }))).toBeUndefined();
  });
});
