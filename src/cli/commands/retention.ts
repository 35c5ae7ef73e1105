/**
 * `dealmath retention FILE... --period P2 [--compare P1] [--accounts FILE] [--by DIM]`: gross and
 * net revenue retention, logo retention, churned accounts and new-account revenue.
 */
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import { retentionOutput } from '../../report/sections/retention.js';
import { accountDimension, readAccountsInput } from '../accountInput.js';
import { runPlan } from '../../engine/run.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import { retentionOf } from '../../report/accountFigures.js';
import { retentionPeriods, retentionSeriesPeriods, type RetentionPeriods } from '../../model/retentionPeriods.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';

export interface RetentionFlags extends CommonFlags {
  compare?: string;
  accounts?: string[];
  every?: 'year' | 'quarter';
  engine?: 'default' | 'duckdb';
}

export async function retentionCommand(files: string[], flags: RetentionFlags, terminal: Terminal): Promise<number> {
  // --by is resolved here: an accounts-file column, else a deal column.
  const period = flags.period ?? (flags.from === undefined ? 'this-year' : undefined);
  const analysis = await prepareAnalysis(files, { ...flags, by: [], ...(period === undefined ? {} : { period }) }, terminal);
  const accountsInput = await readAccountsInput(flags.accounts, analysis);
  const accountColumn = accountDimension(accountsInput, flags.by);
  const dealBy = flags.by === undefined || accountColumn !== null ? [] : flags.by;
  const series = flags.every === undefined ? [] : retentionSeriesPeriods(analysis, flags.every);
  // A window of --from/--to with --every and no --compare: the headline is the series' latest
  // period against the one before it (the series says each period's previous one already).
  const latest = flags.compare === undefined && analysis.period === null ? series.at(-1) : undefined;
  const periods = latest ?? retentionPeriods(analysis, flags.compare);
  const step = (pair: RetentionPeriods, by: readonly string[]) => ({ metric: 'periodRevenue', options: { scope: analysis.scope, previous: pair.previous, current: pair.current, asOf: analysis.asOf, by } }) as const;
  if (flags.engine === 'duckdb' && flags.every !== undefined) throw new DealmathError('usage', '--every runs on the default engine only; leave out --engine duckdb');
  const { run, results } = flags.engine === 'duckdb'
    ? await (await import('../../engine/duckdbRetention.js')).periodRevenueInDuckdb(analysis.input, step(periods, dealBy).options, terminal.env)
    : await runPlan({ input: analysis.input, steps: [step(periods, dealBy), ...series.map((pair) => step(pair, []))] }, runEnvironment(terminal));
  const { result, join, notes } = retentionOf(results[0], accountsInput, accountColumn);
  const seriesResults = series.map((pair, index) => ({ ...pair, total: retentionOf(results[index + 1] as (typeof results)[0], accountsInput, null).result.total }));
  const output = retentionOutput({ periods, by: flags.by ?? [], series: flags.every === undefined ? null : seriesResults }, result, join);
  const json = { ...documentHeader('retention', analysis, run, notes), ...output.json };
  const view = () => ({ title: 'Revenue retention', subtitle: subtitleLines(analysis, run), sections: output.sections });
  await emit({ json, view }, flags, terminal);
  reportRunNotes('retention', run, notes, terminal);
  return EXIT_OK;
}
