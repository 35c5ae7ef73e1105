/**
 * `dealmath retention FILE... --period P2 [--compare P1] [--accounts FILE] [--by DIM]`: gross and
 * net revenue retention, logo retention, churned accounts and new-account revenue.
 */
import { formatDay } from '../../model/calendar.js';
import { EXIT_OK } from '../../model/errors.js';
import { mergeByAccount, retention } from '../../metrics/retention.js';
import { retentionSection } from '../../report/sections/retention.js';
import { accountDimension, joinWithNotes, readAccountsInput } from '../accountInput.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { retentionAnalyzer, retentionPeriods } from '../analyzers/retention.js';
import type { CommonFlags, Terminal } from '../context.js';
import { Grouping } from '../dealInput.js';
import { emit } from '../emit.js';

export interface RetentionFlags extends CommonFlags {
  compare?: string;
  accounts?: string[];
}

export async function retentionCommand(files: string[], flags: RetentionFlags, terminal: Terminal): Promise<number> {
  // --by is resolved here: an accounts-file column, else a deal column.
  const period = flags.period ?? (flags.from === undefined ? 'this-year' : undefined);
  const analysis = await prepareAnalysis(files, { ...flags, by: [], ...(period === undefined ? {} : { period }) }, terminal);
  const accountsInput = await readAccountsInput(flags.accounts, analysis, flags);
  const accountColumn = accountDimension(accountsInput, flags.by);
  const grouping = flags.by === undefined || flags.by.length === 0 || accountColumn !== null ? null : new Grouping(flags.by);
  const periods = retentionPeriods(analysis, flags.compare);
  const analyzer = retentionAnalyzer(analysis, periods, grouping);
  const run = await runAnalyzers(analysis, [analyzer]);
  const revenue = analyzer.finish(run).json;
  const { join, notes } = joinWithNotes(accountsInput, revenue.accounts.map((entry) => ({ key: entry.account, amount: entry.previous + entry.current, deals: entry.wonDealsPrevious + entry.wonDealsCurrent })), null);
  const byAccount = new Map((accountsInput?.accounts ?? []).map((account) => [account.id, account]));
  const merged = mergeByAccount(revenue, join).map((entry) => (accountColumn === null ? entry : { ...entry, group: byAccount.get(entry.account)?.dimensions[accountColumn]?.trim() || '(none)' }));
  const result = retention(merged);
  const by = flags.by === undefined || flags.by.length === 0 ? null : flags.by.join(' / ');
  const warnings = [...notes, ...(revenue.wonWithoutAccount > 0 ? [`${revenue.wonWithoutAccount} won deals with no account are left out`] : [])];
  const window = (w: { from: number; to: number; label: string }) => ({ from: formatDay(w.from), to: formatDay(w.to), label: w.label });
  const json = {
    ...documentHeader('retention', analysis, run, warnings),
    periods: { current: window(periods.current), previous: { ...window(periods.previous), toDate: periods.toDate } },
    by: flags.by ?? [],
    total: result.total,
    groups: result.groups.map((group) => ({ key: { [by ?? '']: group.group }, ...group.totals })),
    churnedAccounts: result.churnedAccounts,
    accountJoin: join === null ? null : { normalizedMatches: join.normalizedMatches, unmatched: join.unmatched },
  };
  const view = () => ({ title: 'Revenue retention', subtitle: subtitleLines(analysis, run), sections: [retentionSection(result, { ...periods, by })] });
  await emit({ json, view }, flags, terminal);
  reportRunNotes('retention', run, warnings, terminal);
  return EXIT_OK;
}
