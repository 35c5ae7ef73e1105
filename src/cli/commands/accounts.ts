/**
 * `dealmath accounts FILE... [--accounts FILE] [--plan FILE]`: per account won revenue (this
 * period and the previous one), open pipeline, products, penetration and white space, deal count,
 * last won date and quadrant; the concentration of revenue; with --plan, the account plan.
 */
import { formatDay } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import { formatCount } from '../../model/groupedDigits.js';
import type { AccountActivityResult } from '../../metrics/accountActivity.js';
import type { DealRun } from '../../engine/dealRun.js';
import { readPlan } from '../../io/readPlan.js';
import { accountsSection, concentrationSection, planSection } from '../../report/sections/accounts.js';
import { readAccountsInput } from '../accountInput.js';
import { runPlan } from '../../engine/run.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import { accountsOverviewOf } from '../../report/accountFigures.js';
import { retentionPeriods } from '../../model/retentionPeriods.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';

export interface AccountsFlags extends CommonFlags {
  compare?: string;
  accounts?: string[];
  plan?: string;
}

/**
 * No deal in scope names an account (a file with no account column): two empty tables would
 * look like an answer, so the run is refused as a run with no deal in scope is (exit 1).
 */
function refuseWithoutAccounts(activity: AccountActivityResult, run: DealRun): void {
  if (activity.accounts.length > 0 || activity.withoutAccount === 0) return;
  const noColumn = run.summary.files.every((file) => file.mapping.fields.account === undefined);
  const why = noColumn ? 'the deals have no account column; map one with --map account=HEADER' : 'their account cells are empty';
  throw new DealmathError('data-refused', `no deal has an account: all ${formatCount(activity.withoutAccount)} deals in scope have none (${why})`);
}

export async function accountsCommand(files: string[], flags: AccountsFlags, terminal: Terminal): Promise<number> {
  const plan = flags.plan === undefined ? null : await readPlan(flags.plan);
  const period = flags.period ?? (flags.from !== undefined ? undefined : plan?.period !== undefined ? String(plan.period) : 'this-year');
  const analysis = await prepareAnalysis(files, { ...flags, by: [], ...(period === undefined ? {} : { period }) }, terminal);
  // Read first, for its period: recorded once the run's inputs exist.
  if (flags.plan !== undefined) await analysis.inputs.ledger.addPlan(flags.plan);
  const accountsInput = await readAccountsInput(flags.accounts, analysis);
  const periods = retentionPeriods(analysis, flags.compare);
  const options = { scope: analysis.scope, ...periods, asOf: analysis.asOf, pipelinePeriod: analysis.window ?? periods.current, productColumn: analysis.config.products?.column };
  const { run, results: [activity] } = await runPlan({ input: analysis.input, steps: [{ metric: 'accountActivity', options }] }, runEnvironment(terminal));
  refuseWithoutAccounts(activity.activity, run);
  const { overview, warnings, join } = accountsOverviewOf({ config: analysis.config, minSample: analysis.minSample, currentLabel: periods.current.label }, accountsInput, plan, activity);
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
