/**
 * `dealmath accounts FILE... [--accounts FILE] [--plan FILE]`: per account won revenue (this
 * period and the previous one), open pipeline, products, penetration and white space, deal count,
 * last won date and quadrant; the concentration of revenue; with --plan, the account plan.
 */
import { formatDay } from '../../model/calendar.js';
import { EXIT_OK } from '../../model/errors.js';
import { readPlan } from '../../io/readPlan.js';
import { accountsSection, concentrationSection, planSection } from '../../report/sections/accounts.js';
import { readAccountsInput } from '../accountInput.js';
import { runPlan } from '../../engine/run.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import { accountsOverviewOf } from '../../report/accountFigures.js';
import { retentionPeriods } from '../accountAnalysis.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';

export interface AccountsFlags extends CommonFlags {
  compare?: string;
  accounts?: string[];
  plan?: string;
}

export async function accountsCommand(files: string[], flags: AccountsFlags, terminal: Terminal): Promise<number> {
  const plan = flags.plan === undefined ? null : await readPlan(flags.plan);
  const period = flags.period ?? (flags.from !== undefined ? undefined : plan?.period !== undefined ? String(plan.period) : 'this-year');
  const analysis = await prepareAnalysis(files, { ...flags, by: [], ...(period === undefined ? {} : { period }) }, terminal);
  const accountsInput = await readAccountsInput(flags.accounts, analysis, flags);
  const periods = retentionPeriods(analysis, flags.compare);
  const options = { scope: analysis.scope, ...periods, asOf: analysis.asOf, pipelinePeriod: analysis.window ?? periods.current, productColumn: analysis.config.products?.column };
  const { run, results: [activity] } = await runPlan({ input: analysis.input, steps: [{ metric: 'accountActivity', options }] }, runEnvironment(terminal));
  const { overview, warnings, join } = accountsOverviewOf(analysis, accountsInput, plan, activity);
  const window = (w: { from: number; to: number; label: string }) => ({ from: formatDay(w.from), to: formatDay(w.to), label: w.label });
  const json = {
    ...documentHeader('accounts', analysis, run, warnings),
    periods: { current: window(periods.current), previous: { ...window(periods.previous), toDate: periods.toDate } },
    concentration: overview.concentration,
    teamValueWinRate: overview.teamValueWinRate,
    accounts: overview.accounts.map((account) => ({ ...account, lastWon: account.lastWon === null ? null : formatDay(account.lastWon) })),
    plan: overview.plan,
    accountJoin: join === null ? null : { normalizedMatches: join.normalizedMatches, unmatched: join.unmatched },
  };
  const sections = () => [concentrationSection(overview.concentration, periods.current), accountsSection(overview, periods), ...[planSection(overview)].filter((section) => section !== null)];
  await emit({ json, view: () => ({ title: 'Accounts', subtitle: subtitleLines(analysis, run), sections: sections() }) }, flags, terminal);
  reportRunNotes('accounts', run, warnings, terminal);
  return EXIT_OK;
}
