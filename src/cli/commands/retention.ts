/**
 * `dealmath retention FILE... --period P2 [--compare P1] [--accounts FILE] [--by DIM]`: gross and
 * net revenue retention, logo retention, churned accounts and new-account revenue.
 */
import { formatDay } from '../../model/calendar.js';
import { EXIT_OK } from '../../model/errors.js';
import { retentionSection, retentionSeriesSection } from '../../report/sections/retention.js';
import { accountDimension, readAccountsInput } from '../accountInput.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { retentionAnalyzer, retentionOf, retentionPeriods, retentionSeriesPeriods } from '../analyzers/retention.js';
import type { CommonFlags, Terminal } from '../context.js';
import { Grouping } from '../dealInput.js';
import { emit } from '../emit.js';

export interface RetentionFlags extends CommonFlags {
  compare?: string;
  accounts?: string[];
  every?: 'year' | 'quarter';
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
  const series = flags.every === undefined ? [] : retentionSeriesPeriods(analysis, flags.every).map((pair) => ({ periods: pair, analyzer: retentionAnalyzer(analysis, pair, null) }));
  const run = await runAnalyzers(analysis, [analyzer, ...series.map((entry) => entry.analyzer)]);
  const { result, join, notes } = retentionOf(analyzer.finish(run).json, accountsInput, accountColumn);
  const seriesResults = series.map((entry) => ({ ...entry.periods, total: retentionOf(entry.analyzer.finish(run).json, accountsInput, null).result.total }));
  const by = flags.by === undefined || flags.by.length === 0 ? null : flags.by.join(' / ');
  const window = (w: { from: number; to: number; label: string }) => ({ from: formatDay(w.from), to: formatDay(w.to), label: w.label });
  const json = {
    ...documentHeader('retention', analysis, run, notes),
    periods: { current: window(periods.current), previous: { ...window(periods.previous), toDate: periods.toDate } },
    by: flags.by ?? [],
    total: result.total,
    groups: result.groups.map((group) => ({ key: { [by ?? '']: group.group }, ...group.totals })),
    churnedAccounts: result.churnedAccounts,
    accountJoin: join === null ? null : { normalizedMatches: join.normalizedMatches, unmatched: join.unmatched },
    ...(flags.every === undefined ? {} : { series: seriesResults.map((entry) => ({ current: window(entry.current), previous: { ...window(entry.previous), toDate: entry.toDate }, total: entry.total })) }),
  };
  const sections = () => [retentionSection(result, { ...periods, by }), ...(flags.every === undefined ? [] : [retentionSeriesSection(seriesResults)])];
  const view = () => ({ title: 'Revenue retention', subtitle: subtitleLines(analysis, run), sections: sections() });
  await emit({ json, view }, flags, terminal);
  reportRunNotes('retention', run, notes, terminal);
  return EXIT_OK;
}
