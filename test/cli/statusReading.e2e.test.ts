/**
 * How a deal's status and close date are read, end to end through the built CLI: won and lost
 * stages in the languages CRMs ship in, the unclear-stage safety net, a closed deal's won or lost
 * time, contradictory status flags. Expected figures are counted by hand from the rows.
 */
import { describe, expect, it } from 'vitest';
import { linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const AS_OF = ['--as-of', '2026-04-01'];

/** The findings of `validate --json` as [row, rule, value]. */
async function findings(file: string, asOf: readonly string[] = AS_OF): Promise<[number | null, string, string | null][]> {
  const result = await run(['validate', file, ...asOf, '--json']);
  const doc = JSON.parse(result.stdout) as { findings: { row: number | null; rule: string; value: string | null }[] };
  return doc.findings.map((found) => [found.row, found.rule, found.value]);
}

describe('won and lost stages in Portuguese, Italian and Japanese', () => {
  it('a Brazilian Salesforce report: 2 Fechado/Ganho, 1 Fechado/Perdido, 1 open -> win rate 2/3', async () => {
    const file = linesFile(tempDir(), 'ptbr.csv', [
      'Opportunity ID,Opportunity Name,Stage,Amount,Close Date,Created Date,Probability (%)',
      '1,A,Fechado/Ganho,1000,2026-02-01,2026-01-01,100',
      '2,B,Fechado/Ganho,1000,2026-02-01,2026-01-01,100',
      '3,C,Fechado/Perdido,1000,2026-02-01,2026-01-01,0',
      '4,D,Proposta/Orçamento,1000,2026-05-01,2026-01-01,75',
    ]);
    const result = await run(['winrate', file, ...AS_OF, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    // Before: won 0, lost 1, open 3, win rate 0%.
    expect(doc.total).toMatchObject({ won: 2, lost: 1, open: 1, wonValue: 2000, lostValue: 1000 });
    expect(doc.total.unitWinRate.value).toBeCloseTo(2 / 3, 12);
    expect(result.stderr).not.toContain('look closed');
  });

  it('Italian and Japanese labels count; an unknown closed-looking stage or one at 100% past its close is a warning', async () => {
    const file = linesFile(tempDir(), 'intl.csv', [
      'Opportunity ID,Stage,Amount,Close Date,Created Date,Probability (%)',
      '1,Chiusa vinta,100,2026-02-01,2026-01-01,100',
      '2,Chiusa persa,100,2026-02-01,2026-01-01,0',
      '3,成立,100,2026-02-01,2026-01-01,100',
      '4,不成立,100,2026-02-01,2026-01-01,0',
      '5,Fechado/Cancelado,100,2026-02-01,2026-01-01,10',
      '6,Contrato assinado,100,2026-02-01,2026-01-01,100',
      '7,Contrato assinado,100,2026-06-01,2026-01-01,100',
    ]);
    const result = await run(['winrate', file, ...AS_OF, '--json']);
    expect(result.code, result.stderr).toBe(0);
    // Won: rows 2 and 4; lost: rows 3 and 5; open: rows 6, 7 and 8 (row 8 closes after the as-of date).
    expect(JSON.parse(result.stdout).total).toMatchObject({ won: 2, lost: 2, open: 3 });
    expect(result.stderr).toContain('2 deals look closed but are counted as open');
    expect((await findings(file)).filter(([, rule]) => rule === 'unclear-stage')).toEqual([
      [6, 'unclear-stage', 'Fechado/Cancelado'],
      [7, 'unclear-stage', 'Contrato assinado'],
    ]);
  });
});

describe('a closed Pipedrive deal is closed on its won or lost time', () => {
  const lines = [
    'Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Owner,Deal - Expected close date,Deal - Deal created,Deal - Won time,Deal - Lost time',
    '5,E,5000,Proposal Made,Won,Bob,2026-06-30,2026-01-05 10:00:00,,',
    '6,F,5000,Proposal Made,Lost,Bob,2026-06-30,2026-01-05 10:00:00,,',
    '7,G,5000,Proposal Made,Won,Bob,2026-06-30,2026-01-05 10:00:00,2026-02-01 10:00:00,',
  ];

  it('an empty won or lost time rejects the row (missing-close), never the expected close in its place', async () => {
    const file = linesFile(tempDir(), 'pd.csv', lines);
    expect(await findings(file, ['--as-of', '2026-08-01'])).toEqual([
      [2, 'missing-close', ''],
      [3, 'missing-close', ''],
    ]);
    const result = await run(['velocity', file, '--as-of', '2026-08-01', '--json']);
    const doc = JSON.parse(result.stdout);
    // Only G is usable: won 2026-02-01, created 2026-01-05 -> a 27-day cycle (was (176 + 27) / 2 = 101.5 with E's expected date).
    expect(doc).toMatchObject({ rowsRead: 3, rowsRejected: 2 });
    expect(doc.total.cycleDays.value).toBe(27);
    expect(result.stderr).toContain('2 of 3 rows rejected (2 missing-close)');
  });

  it('on 2026-03-01 the one usable deal, won on 2026-02-01, is won (E and F no longer count open)', async () => {
    const file = linesFile(tempDir(), 'pd.csv', lines);
    const doc = JSON.parse((await run(['winrate', file, '--as-of', '2026-03-01', '--json'])).stdout);
    expect(doc.total).toMatchObject({ won: 1, lost: 0, open: 0 });
  });
});

describe('contradictory status flags', () => {
  it('IsWon true with IsClosed false rejects the row (was: counted open, no finding)', async () => {
    const file = linesFile(tempDir(), 'sfapi.csv', [
      'Id,Name,StageName,Amount,CloseDate,CreatedDate,IsWon,IsClosed',
      '006A,a,Closed Won,100,2026-02-01,2026-01-01,,',
      '006B,b,Closed Lost,100,2026-02-01,2026-01-01,,',
      '006D,d,Proposal,100,2026-05-01,2026-01-01,true,false',
    ]);
    expect(await findings(file)).toEqual([[4, 'status-flag-conflict', 'IsWon true, IsClosed false']]);
    const result = await run(['winrate', file, ...AS_OF, '--json']);
    const doc = JSON.parse(result.stdout);
    // 006A won, 006B lost; 006D rejected: 1 of 2, no open deal.
    expect(doc).toMatchObject({ rowsRead: 3, rowsRejected: 1 });
    expect(doc.total).toMatchObject({ won: 1, lost: 1, open: 0 });
    expect(result.stderr).toContain('1 of 3 rows rejected (1 status-flag-conflict)');
  });

  it('HubSpot Is Closed Won and Is closed lost both true: the only row is rejected, nothing to count (exit 1)', async () => {
    const file = linesFile(tempDir(), 'hs.csv', [
      'Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Is Closed Won,Is closed lost',
      '1,A,Appointment scheduled,100,2026-02-01,2026-01-01,true,true',
    ]);
    expect(await findings(file)).toEqual([[2, 'status-flag-conflict', 'Is Closed Won true, Is closed lost true']]);
    const result = await run(['winrate', file, ...AS_OF]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the one row was rejected (1 status-flag-conflict)');
  });
});
