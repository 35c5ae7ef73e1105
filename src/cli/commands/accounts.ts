/**
 * `dealmath accounts FILE... [--accounts FILE] [--plan FILE]`: per account won revenue (this
 * period and the previous one), open pipeline, products, penetration and white space, deal count,
 * last won date and quadrant; the concentration of revenue; with --plan, the account plan.
 */
import { EXIT_OK } from '../../model/errors.js';
import { readPlan } from '../../io/readPlan.js';
import { accountsDocument } from '../../report/sections/accounts.js';
import { readAccountsInput } from '../accountInput.js';
import { runPlan } from '../../engine/run.js';
import { accountsOverviewOf, refuseWithoutAccounts } from '../../report/accountFigures.js';
import { retentionPeriods } from '../../model/retentionPeriods.js';
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
  // Read first, for its period: recorded once the run's inputs exist.
  if (flags.plan !== undefined) await analysis.inputs.ledger.addPlan(flags.plan);
  const accountsInput = await readAccountsInput(flags.accounts, analysis);
  const periods = retentionPeriods(analysis, flags.compare);
  const options = { scope: analysis.scope, ...periods, asOf: analysis.asOf, pipelinePeriod: analysis.window ?? periods.current, productColumn: analysis.config.products?.column };
  const { run, results: [activity] } = await runPlan({ input: analysis.input, steps: [{ metric: 'accountActivity', options }] }, runEnvironment(terminal));
  refuseWithoutAccounts(activity.activity, run);
  const { overview, warnings, join } = accountsOverviewOf({ config: analysis.config, minSample: analysis.minSample, currentLabel: periods.current.label }, accountsInput, plan, activity);
  const { json, view } = accountsDocument(overview, periods, join, analysis, run, warnings);
  await emit({ json, view }, flags, terminal);
  reportRunNotes('accounts', run, warnings, terminal);
  return EXIT_OK;
}
