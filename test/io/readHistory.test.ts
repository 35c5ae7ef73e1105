import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDeals } from '../../src/io/readDeals.js';
import { readHistory, readHistoryIndex } from '../../src/io/readHistory.js';
import { packedHistoryLookup } from '../../src/model/packedHistory.js';
import { parseIsoDay } from '../../src/model/calendar.js';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../../src/model/config.js';
import { DealmathError } from '../../src/model/errors.js';
import type { Finding } from '../../src/model/findings.js';
import { stageOrderOf, wideHistoryOf } from '../../src/model/stageHistory.js';
import type { DayNumber, Deal, StageEntry } from '../../src/model/types.js';
import { runFold } from '../../src/metrics/fold.js';
import { funnelFold } from '../../src/metrics/funnel.js';
import { stageDwellFold } from '../../src/metrics/stageDwell.js';
import { stageJourneyOf, type HistoryLookup } from '../../src/metrics/stageJourney.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/history/${name}`, import.meta.url));

function day(text: string): DayNumber {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new Error(`bad test date ${text}`);
  return parsed;
}

function configOf(document: unknown): Config {
  const parsed = parseConfig(document);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.config;
}

const config = configOf({ stages: ['Qualify', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'] });
const stageOrder = stageOrderOf(config);
const asOf = day('2026-06-30');

async function collect(paths: readonly string[], options = { config }): Promise<{ entries: StageEntry[]; findings: Finding[]; rowsRead: number; rowsRejected: number }> {
  const entries: StageEntry[] = [];
  const findings: Finding[] = [];
  const summary = await readHistory(paths, options, { entry: (item) => entries.push(item), finding: (item) => findings.push(item) });
  return { entries, findings, rowsRead: summary.rowsRead, rowsRejected: summary.rowsRejected };
}

async function dealsOf(path: string): Promise<Deal[]> {
  const deals: Deal[] = [];
  await readDeals([path], { config }, { deal: (item) => deals.push(item), finding: () => undefined });
  return deals;
}

async function errorOf(run: () => Promise<unknown>): Promise<DealmathError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DealmathError) return error;
    throw error;
  }
  throw new Error('expected a DealmathError');
}

describe('readHistory', () => {
  it('streams the long form as stage entries with their file and row', async () => {
    const { entries, findings, rowsRead, rowsRejected } = await collect([fixture('history.csv')]);
    expect(rowsRead).toBe(18);
    expect(rowsRejected).toBe(0);
    expect(findings).toEqual([]);
    expect(entries[0]).toEqual({ dealId: 'D1', stage: 'Qualify', entered: day('2026-01-05'), source: { file: fixture('history.csv'), row: 2 } });
    expect(entries[17]).toMatchObject({ dealId: 'D6', stage: 'Closed Lost', entered: day('2026-03-20') });
  });

  it('maps a Salesforce OpportunityHistory export (OpportunityId, StageName, CreatedDate) with no config', async () => {
    const { entries, rowsRead } = await collect([fixture('salesforce-opportunity-history.csv')]);
    expect(rowsRead).toBe(19);
    // The first row: CreatedDate 2026-03-15T16:02:11.000+0000 is the day as written.
    expect(entries[0]).toMatchObject({ dealId: 'D4', stage: 'Negotiation', entered: day('2026-03-15') });
  });

  it('rejects rows with a missing id, an unknown stage or a bad date as findings with row and column', async () => {
    const { entries, findings, rowsRead, rowsRejected } = await collect([fixture('bad-history.csv')]);
    expect(rowsRead).toBe(5);
    expect(rowsRejected).toBe(3);
    expect(entries.map((item) => item.source.row)).toEqual([2, 6]);
    expect(findings.map((item) => [item.rule, item.row, item.column, item.value])).toEqual([
      ['missing-id', 3, 'deal_id', ''],
      ['unknown-stage', 4, 'stage', 'Demo'],
      ['bad-date', 5, 'entered', '2026-02-30'],
    ]);
  });

  it('accepts any stage when the config lists none', async () => {
    const { rowsRejected } = await collect([fixture('bad-history.csv')], { config: DEFAULT_CONFIG });
    // hand-counted: only the missing id and the impossible date are left.
    expect(rowsRejected).toBe(2);
  });

  it('stops with a DealmathError naming the missing column and the headers found', async () => {
    const error = await errorOf(() => collect([fixture('no-stage-column.csv')]));
    expect(error.code).toBe('bad-mapping');
    expect(error.message).toMatch(/no stage column/);
    expect(error.message).toMatch(/OpportunityId, Amount, CreatedDate/);
  });

  it('stops on a history with a header and no rows, and on no file at all', async () => {
    expect((await errorOf(() => collect([fixture('header-only.csv')]))).code).toBe('empty-input');
    expect((await errorOf(() => collect([]))).code).toBe('usage');
  });
});

describe('long and wide forms of one history', () => {
  async function results(deals: readonly Deal[], history: HistoryLookup): Promise<unknown> {
    return {
      funnel: runFold(funnelFold({ stageOrder, asOf, historyByDeal: history }), deals),
      dwell: runFold(stageDwellFold({ stageOrder, asOf, historyByDeal: history }), deals),
      journeys: deals.map((item) => stageJourneyOf(item, typeof history === 'function' ? (history(item) ?? []) : (history.get(item.id) ?? []), stageOrder, asOf)),
    };
  }

  it('give identical results: long CSV, Salesforce export and HubSpot Date entered columns', async () => {
    const longDeals = await dealsOf(fixture('deals.csv'));
    const wideDeals = await dealsOf(fixture('deals-hubspot-wide.csv'));
    expect(longDeals.map((item) => item.id)).toEqual(['D1', 'D2', 'D3', 'D4', 'D5', 'D6']);
    expect(wideDeals.map((item) => item.id)).toEqual(['D1', 'D2', 'D3', 'D4', 'D5', 'D6']);

    const long = await readHistoryIndex([fixture('history.csv')], { config }, () => undefined);
    const salesforce = await readHistoryIndex([fixture('salesforce-opportunity-history.csv')], { config }, () => undefined);
    const wideFindings: Finding[] = [];
    const wide = wideHistoryOf(stageOrder, { onFinding: (item) => wideFindings.push(item) });

    const fromLong = await results(longDeals, packedHistoryLookup(long.history));
    expect(await results(longDeals, packedHistoryLookup(salesforce.history))).toEqual(fromLong);
    expect(await results(wideDeals, wide)).toEqual(fromLong);
    expect(wideFindings).toEqual([]);

    // And the shared result is the hand-computed one (see test/metrics/funnel.test.ts for the arithmetic).
    const funnel = (fromLong as { funnel: { available: boolean; stages: { reached: number; winConversion: { value: number | null } }[] } }).funnel;
    expect(funnel.available).toBe(true);
    expect(funnel.stages.map((stage) => stage.reached)).toEqual([6, 5, 3]);
    expect(funnel.stages.map((stage) => stage.winConversion.value)).toEqual([0.4, 0.5, 2 / 3]);
  });
});
