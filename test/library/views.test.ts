/**
 * The library gives the documents the commands print: movement, forecast, retention, accounts and
 * inspect, built from the package entry alone over the bundled examples, equal as whole JSON
 * documents to the command's `--json` output (the same SOURCE_DATE_EPOCH, so generatedAt too).
 * Paths are given as the commands are given them, relative to the checkout the tests run in.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEED,
  Grouping,
  InputLedger,
  accountsDocument,
  accountsOverviewOf,
  documentHeader,
  forecastDocument,
  inspectDocument,
  inspectFiles,
  inspectedInputs,
  loadConfig,
  movementDocument,
  parseIsoDay,
  parsePeriod,
  periodContaining,
  readAccounts,
  readPlan,
  readReps,
  refuseMixedCurrencies,
  refuseWithoutAccounts,
  retentionOf,
  retentionOutput,
  retentionPeriods,
  runForecast,
  runMovement,
  runPlan,
  snapshotSpecs,
  type Config,
  type InputPlan,
  type NamedPeriod,
  type Scope,
} from '../../src/index.js';
import { SOURCE_DATE_EPOCH } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const CONFIG = 'examples/dealmath.yaml';
const DEALS = 'examples/deals.csv';
const AS_OF = '2026-11-20';
const asOf = parseIsoDay(AS_OF) as number;
const generatedAt = new Date(Number(SOURCE_DATE_EPOCH) * 1000);

/** The command's JSON document, run in this process. */
async function cli(args: readonly string[]): Promise<unknown> {
  const result = await run([...args, '--config', CONFIG, '--as-of', AS_OF, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** A document as it is printed: JSON text read back (undefined fields dropped, dates as text). */
const printed = (json: unknown): unknown => JSON.parse(JSON.stringify(json));

async function config(): Promise<Config> {
  return (await loadConfig(CONFIG)).config;
}

const namedPeriod = (text: string, fiscalYearStartMonth: number): NamedPeriod => {
  const period = parsePeriod(text, asOf, fiscalYearStartMonth);
  if (period === null) throw new Error(`no period ${text}`);
  return period;
};

const dealsPlan = (settings: Config): InputPlan => ({ files: [DEALS], config: settings, where: [], asOf });

describe('the library prints what the commands print', () => {
  it('movement: runMovement and movementDocument', async () => {
    const settings = await config();
    const specs = snapshotSpecs(['examples/snapshots'], []);
    const movement = await runMovement({ specs, input: { config: settings }, grouping: new Grouping(['owner']), where: [], window: null, steps: true, keepDeals: true, asOf });
    refuseMixedCurrencies(movement, settings);
    const ledger = new InputLedger();
    await ledger.addSnapshots(movement.snapshots);
    const document = movementDocument(movement, { config: settings, dimensions: ['owner'], keepDeals: true, generatedAt, inputs: ledger.files });
    expect(printed(document.json)).toEqual(await cli(['movement', 'examples/snapshots', '--by', 'owner', '--steps', '--deals']));
    expect(document.view().sections.map((section) => section.title)).toEqual(['Waterfall', 'Deals', 'Slippage']);
  }, 60_000);

  it('forecast: runForecast and forecastDocument, with quotas and a stage history', async () => {
    const settings = await config();
    const ledger = new InputLedger();
    const reps = await readReps('examples/reps.csv');
    await ledger.addReps('examples/reps.csv', reps);
    const scope: Scope = { asOf, window: null, basis: 'close' };
    const period = periodContaining(asOf, 'quarter', settings.fiscalYearStartMonth);
    const { run: dealRun, forecast } = await runForecast({
      input: dealsPlan(settings), config: settings, asOf, scope, minSample: settings.thresholds.minSample, period,
      historyPaths: ['examples/history.csv'], history: null, ledger,
      choices: { by: 'owner', reps, weights: null, runs: 10_000, seed: DEFAULT_SEED },
    });
    const document = forecastDocument(forecast, period, 'owner', null, { asOf, scope, config: settings, generatedAt, inputs: { files: ledger.files } }, dealRun);
    expect(printed(document.json)).toEqual(await cli(['forecast', DEALS, '--reps', 'examples/reps.csv', '--history', 'examples/history.csv']));
    expect(document.json.inputs.map((input) => input.role)).toEqual(['deals', 'reps', 'history']);
  }, 60_000);

  it('retention: retentionPeriods, retentionOf and retentionOutput under the common header', async () => {
    const settings = await config();
    const period = namedPeriod('this-year', settings.fiscalYearStartMonth);
    const scope: Scope = { asOf, window: period, basis: 'close' };
    const periods = retentionPeriods({ period, window: period, asOf, config: settings }, undefined);
    const accounts = await readAccounts(['examples/accounts.csv']);
    const ledger = new InputLedger();
    await ledger.addAccounts(accounts);
    const { run: dealRun, results: [revenue] } = await runPlan({ input: dealsPlan(settings), steps: [{ metric: 'periodRevenue', options: { scope, previous: periods.previous, current: periods.current, asOf, by: [] } }] });
    const { result, join, notes } = retentionOf(revenue, accounts, null);
    const output = retentionOutput({ periods, by: [], series: null }, result, join);
    const json = { ...documentHeader('retention', { asOf, scope, config: settings, generatedAt, inputs: { files: ledger.files } }, dealRun, notes), ...output.json };
    expect(printed(json)).toEqual(await cli(['retention', DEALS, '--accounts', 'examples/accounts.csv']));
  }, 60_000);

  it('accounts: accountsOverviewOf and accountsDocument, with an account plan', async () => {
    const settings = await config();
    const plan = await readPlan('examples/plan.yaml');
    // As the command: the plan's period when no --period is given.
    const period = namedPeriod(String(plan.period ?? 'this-year'), settings.fiscalYearStartMonth);
    const scope: Scope = { asOf, window: period, basis: 'close' };
    const periods = retentionPeriods({ period, window: period, asOf, config: settings }, undefined);
    const accounts = await readAccounts(['examples/accounts.csv']);
    const ledger = new InputLedger();
    await ledger.addPlan('examples/plan.yaml');
    await ledger.addAccounts(accounts);
    const options = { scope, ...periods, asOf, pipelinePeriod: period, productColumn: settings.products?.column };
    const { run: dealRun, results: [activity] } = await runPlan({ input: dealsPlan(settings), steps: [{ metric: 'accountActivity', options }] });
    refuseWithoutAccounts(activity.activity, dealRun);
    const { overview, warnings, join } = accountsOverviewOf({ config: settings, minSample: settings.thresholds.minSample, currentLabel: periods.current.label }, accounts, plan, activity);
    const document = accountsDocument(overview, periods, join, { asOf, scope, config: settings, generatedAt, inputs: { files: ledger.files } }, dealRun, warnings);
    expect(printed(document.json)).toEqual(await cli(['accounts', DEALS, '--accounts', 'examples/accounts.csv', '--plan', 'examples/plan.yaml']));
    expect(document.view().sections.map((section) => section.title)).toHaveLength(3);
  }, 60_000);

  it('inspect: inspectFiles and inspectDocument', async () => {
    const loaded = await loadConfig(CONFIG);
    const paths = [DEALS];
    // As the command reads: without conversion, so amounts and currencies read as the file states them.
    const inspection = await inspectFiles(paths, { config: { ...loaded.config, currency: undefined }, acceptUndecided: true }, loaded.config);
    const document = inspectDocument(inspection, { configFile: loaded.file, inputs: await inspectedInputs(paths, inspection.documents), generatedAt });
    const command = await run(['inspect', DEALS, '--config', CONFIG, '--json']);
    expect(command.code, command.stderr).toBe(0);
    expect(printed(document.json)).toEqual(JSON.parse(command.stdout));
  }, 60_000);
});
