/**
 * Deals with no account in `accounts`: used, left out of every account's figures, and said
 * (stderr and the JSON's warnings), with the share of the period's won revenue they hold, as
 * retention and quadrant say theirs; a file where no deal has an account is refused (exit 1)
 * rather than shown as two empty tables. Before: counted as "filtered", silently, and the
 * concentration read "1 account holds 100%". Runs the built command line in-process.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

let dir = '';
/** The QA report's file: A1 Acme won 1000, A2 (no account) won 5000, A3 (no account) open 7000, A4 Beta open 2000. */
let mixed = '';

beforeAll(() => {
  dir = tempDir();
  mixed = linesFile(dir, 'acc.csv', [
    'deal_id,owner,account,stage,amount,created,close',
    'A1,Ann,Acme,Closed Won,1000,2026-01-01,2026-02-01',
    'A2,Ann,,Closed Won,5000,2026-01-01,2026-02-01',
    'A3,Ann,,Proposal,7000,2026-01-01,2026-09-01',
    'A4,Ann,Beta,Proposal,2000,2026-01-01,2026-09-01',
  ]);
});

// 2 deals (A2, A3) have no account; won in 2026 YTD: A1 1,000 + A2 5,000 = 6,000, of which A2's 5,000 is 83.3%.
const WARNING = "2 deals have no account and are left out of every account's figures, with 5,000 of the 6,000 won in 2026 YTD (83.3%): concentration is over the rest";

describe('accounts: deals with no account', () => {
  it('are used and said on stderr, with their share of the won revenue', async () => {
    const result = await run(['accounts', mixed, '--as-of', '2026-07-01']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 rows read: 4 used, 0 rejected, 0 filtered');
    expect(result.stderr).toContain(`dealmath accounts: ${WARNING}\n`);
  });

  it('carry the same warning in the JSON, the accounts\' figures unchanged', async () => {
    const result = await run(['accounts', mixed, '--as-of', '2026-07-01', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { rowsRead: number; rowsUsed: number; rowsFiltered: number; warnings: string[]; concentration: { accounts: number; totalRevenue: number }; accounts: { account: string }[] };
    expect([json.rowsRead, json.rowsUsed, json.rowsFiltered]).toEqual([4, 4, 0]);
    expect(json.warnings).toContain(WARNING);
    // Concentration is over the accounts' own won revenue: Acme's 1,000.
    expect(json.concentration).toMatchObject({ accounts: 1, totalRevenue: 1000 });
    expect(json.accounts.map((entry) => entry.account)).toEqual(['Acme', 'Beta']);
  });

  it('none of them won in the period: said without a share', async () => {
    const open = linesFile(dir, 'open-without.csv', ['deal_id,owner,account,stage,amount,created,close', 'B1,Ann,Acme,Closed Won,1000,2026-01-01,2026-02-01', 'B2,Ann,,Proposal,7000,2026-01-01,2026-09-01']);
    const result = await run(['accounts', open, '--as-of', '2026-07-01']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("1 deal has no account and is left out of every account's figures (none of them won in 2026 YTD)");
  });

  it('a file with no account column is refused, exit 1 (before: two empty tables, exit 0)', async () => {
    const noColumn = linesFile(dir, 'no-account.csv', ['deal_id,owner,stage,amount,created,close', 'C1,Ann,Closed Won,1000,2026-01-01,2026-02-01', 'C2,Ann,Closed Lost,500,2026-01-01,2026-02-01', 'C3,Bob,Proposal,700,2026-01-01,2026-09-01']);
    const result = await run(['accounts', noColumn, '--as-of', '2026-07-01']);
    expect([result.code, result.stdout, result.stderr.trim()]).toEqual([1, '', 'dealmath: no deal has an account: all 3 deals in scope have none (the deals have no account column; map one with --map account=HEADER)']);
  });

  it('an account column with every cell empty is refused, and says so', async () => {
    const empty = linesFile(dir, 'empty-accounts.csv', ['deal_id,owner,account,stage,amount,created,close', 'E1,Ann,,Closed Won,1000,2026-01-01,2026-02-01', 'E2,Ann,,Proposal,700,2026-01-01,2026-09-01']);
    const result = await run(['accounts', empty, '--as-of', '2026-07-01']);
    expect([result.code, result.stdout, result.stderr.trim()]).toEqual([1, '', 'dealmath: no deal has an account: all 2 deals in scope have none (their account cells are empty)']);
  });
});

describe('pareto --by account: deals with no account', () => {
  it('are ranked together as "(none)", and said so, with their rank and whether they are in the top group', async () => {
    const result = await run(['pareto', mixed, '--by', 'account', '--as-of', '2026-07-01', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { warnings: string[]; entities: number; k: { value: number } };
    // Won: "(none)" 5,000 (A2), Acme 1,000, Beta 0: 5,000 / 6,000 = 83.3% >= 80%, so k = 1 and
    // "(none)" alone is the top group; 3 entities ranked.
    expect(json).toMatchObject({ entities: 3, k: { value: 1 } });
    const warning = '"(none)" is the deals with no account, ranked together as one: rank 1 of 3, in the top group';
    expect(json.warnings).toContain(warning);
    expect(result.stderr).toContain(`dealmath pareto: ${warning}\n`);
  });
});
