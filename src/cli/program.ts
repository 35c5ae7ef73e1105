/**
 * The commander program: commands, their options and help. Each action imports its command
 * module on demand so `dealmath --version` and `--help` load nothing but commander.
 */
import { readFileSync } from 'node:fs';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { DIALECT_NAMES } from '../sql/dialect.js';
import { SQL_METRICS } from '../sql/names.js';
import type { SqlFlags } from './commands/sql.js';
import {
  addAnalysisOptions,
  addInputOptions,
  addOutputOptions,
  parseAmountOption,
  parseCountOption,
  parseDayOption,
  parsePositiveInteger,
  parseRatioOption,
  type CommonFlags,
  type Terminal,
} from './context.js';
import { describeRange, parseNumberInRange } from './numberOption.js';
import type { InspectFlags } from './commands/inspect.js';
import { startWorkersEarly } from '../engine/workers.js';
import { whatIfOption } from './whatIfOption.js';
import { parseOpenPolicyOption } from './openPolicyOption.js';
import { sqlMetricOptions } from './sqlFlags.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  the data failed a check you asked for (validation errors, --strict warnings, a --fail-on threshold,
     --max-rejected), or no row was usable (all rejected, or no deal in scope)
  2  could not run (bad usage, unreadable or malformed input or config, an --out that cannot be written, internal error)
  Ctrl-C and SIGTERM end a run at once (the shell shows 130 and 143).

Environment:
  DEALMATH_WORKERS=N               parts a large CSV file is read in, in threads (default: one per core, at most 8;
                                   1: one pass; never more than the cores, nor than one part per 8 MiB)
  DEALMATH_PARALLEL_MIN_BYTES=N    smallest file read in parts (default 33554432, 32 MiB; 0, for testing: any file,
                                   in as many parts as DEALMATH_WORKERS asks)
  NO_COLOR, FORCE_COLOR            colour off or on, whatever the terminal
  COLUMNS=N                        width terminal tables fit (default: the terminal's, else 80)

Every number is defined in docs/metrics.md, and every command and option is described with examples
in docs/commands.md (both in the package and the repository).`;

/** Simulation runs: past a million a forecast only gets slower, not better. */
const RUNS_RANGE = { min: 1, max: 1_000_000, integer: true } as const;
const SEED_RANGE = { min: 0, max: 4_294_967_295, integer: true } as const;

function invalidNumber(text: string, range: Parameters<typeof describeRange>[0]): never {
  throw new InvalidArgumentError(`expected ${describeRange(range)}, got "${text}"`);
}

/** `--every`: a trend over the window (METRICS.md "Trends"). */
function everyOption(): Option {
  return new Option('--every <unit>', 'a trend: the window split into ISO weeks, months or (fiscal) quarters, one row per period, each read as of its end').choices(['week', 'month', 'quarter']);
}

function packageVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}

export interface ExitState {
  exitCode: number;
}

/** A command action: files and flags in, exit code out. */
type Action<Flags> = (files: string[], flags: Flags, terminal: Terminal) => Promise<number>;

export function buildProgram(terminal: Terminal, state: ExitState): Command {
  const program = new Command('dealmath')
    .description('Sales analytics from CRM exports: win rates, velocity, coverage, PVF, Pareto, quadrants, validation.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal.stdout.write(text),
      writeErr: (text) => terminal.stderr.write(text),
      outputError: (text, write) => write(`dealmath: ${text.replace(/^error: /, '')}`),
    })
    .addHelpText('after', EXIT_CODES_HELP);

  // `parts`: the command reads a large file in parts; its threads start before it loads.
  const run = <Flags>(load: () => Promise<Action<Flags>>, parts?: 'parts') =>
    async (files: string[], flags: Flags, command: Command): Promise<void> => {
      // Before any thread starts or any input is read: a bad --out touches nothing.
      if ((flags as CommonFlags).out !== undefined) await (await import('./outputGuard.js')).checkOutputBeforeRun(files, flags as CommonFlags, command, terminal);
      await tuneHeapForStreaming();
      if (parts !== undefined) startWorkersEarly(files, terminal.env);
      const action = await load();
      state.exitCode = await action(files, flags, terminal);
    };

  const command = (name: string, description: string): Command => {
    const sub = program
      .command(name)
      .description(description)
      .exitOverride()
      .configureOutput({
        writeOut: (text) => terminal.stdout.write(text),
        writeErr: (text) => terminal.stderr.write(text),
        outputError: (text, write) => write(`dealmath ${name}: ${text.replace(/^error: /, '')}`),
      })
      .showHelpAfterError(`(run "dealmath ${name} --help" for usage)`)
      .addHelpText('after', EXIT_CODES_HELP);
    return sub;
  };

  addOutputOptions(
    addInputOptions(
      command('inspect', 'What a file holds: delimiter, encoding, columns and the fields they map to (with why), date formats, stages and their order, currencies, which commands it can feed, and the --map lines for what it could not decide. Exit 0 when it printed its findings (1 when more rows are rejected than --max-rejected allows).')
        .argument('[files...]', 'deal files (CSV, YAML or JSON; - or none for piped stdin)'),
      { asOf: false },
    )
      .option('--write-config <file>', 'write a commented dealmath.yaml from the guesses for the first file (use it with --config)')
      .option('--force', 'let --write-config overwrite an existing file (never an input)'),
    ['table', 'json', 'md'],
  ).action(run<InspectFlags>(async () => (await import('./commands/inspect.js')).inspectCommand));

  addOutputOptions(
    addInputOptions(
      command('validate', 'Check pipeline data for CI: every finding with file, row, column and rule; an integrity score. Exit 1 on errors.')
        .argument('[files...]', 'deal files (CSV, YAML or JSON; - or none for piped stdin)'),
    )
      .option('--history <file>', 'stage history (deal_id, stage, entered) for the stalled rule')
      .option('--strict', 'exit 1 on warnings too')
      .option('--fail-on <conditions>', 'exit 1 when a bar is breached: integrity<0.9, errors>0, warnings>10, rejected>0, forecast>0 (forecast hygiene findings, snapshot rules included)')
      .option('--snapshot <snapshot>', 'snapshots of the pipeline (DATE=FILE, a folder of dated exports, or a file with a snapshot-date column; repeatable): also warn on deals pushed more than thresholds.pushLimit times (pushed-too-often) and amounts changed by more than thresholds.amountChangeLimit in the last step (amount-changed); without FILE, the last snapshot is validated', collectPaths)
      .option('--max-findings <n>', 'list at most this many findings, 0 to 1000000000 (all are counted)', parseCountOption, 1000),
    ['table', 'json', 'csv', 'md'],
  ).action(run<CommonFlags>(async () => (await import('./commands/validate.js')).validateCommand));

  const engineOption = (): Option =>
    new Option('--engine <engine>', 'default: the streaming folds; duckdb: embedded DuckDB through the generated SQL (optional package @duckdb/node-api; CSV and Parquet files, taken as valid)').choices(['default', 'duckdb']).default('default');
  const analysisCommand = (name: string, description: string, options: { by?: boolean; window?: boolean; minSample?: boolean } = {}): Command =>
    addOutputOptions(
      addAnalysisOptions(
        addInputOptions(command(name, description).argument('[files...]', 'deal files (CSV, YAML or JSON; - or none for piped stdin)')),
        options,
      ),
    );

  analysisCommand('winrate', 'How often do we win: unit and value win rates with 95% Wilson intervals, per group and in total.', { minSample: true })
    .option('--open <policy>', 'open deals: exclude (default), include, age-out or age-out:DAYS (1 to 36500)', parseOpenPolicyOption)
    .addOption(everyOption())
    .option('--reps <file>', 'reps file (owner, quota[, team][, manager]): --by team or --by manager groups each deal by its owner\'s row')
    .addOption(engineOption())
    .action(run(async () => (await import('./commands/winrate.js')).winrateCommand, 'parts'));

  analysisCommand('velocity', 'How fast revenue flows: N x A x W / L per day, month and quarter, with what-if and a comparison of two windows.')
    .addOption(new Option('--n <basis>', 'N: open deals at the as-of date, or closed deals in the window').choices(['open', 'closed']).default('open'))
    .option('--what-if <levers>', 'relative lever changes from -100% to +1000%, e.g. n=+10%,value=+10%,win=+10%,cycle=-10%', whatIfOption)
    .option('--compare <period>', 'compare with another window (a period: 2026-Q2, last-quarter...)')
    .addOption(everyOption())
    .option('--reps <file>', 'reps file (owner, quota[, team][, manager]): --by team or --by manager groups each deal by its owner\'s row')
    .addOption(engineOption())
    .action(run(async () => (await import('./commands/velocity.js')).velocityCommand, 'parts'));

  analysisCommand('coverage', 'Is there enough pipeline: coverage per rep from each rep\'s own win rate, for a target period.', { by: false, window: false, minSample: true })
    .option('--target <amount>', 'team target for the period (500000, 500k, 1.2M)', parseAmountOption)
    .option('--reps <file>', 'reps file (owner, quota[, team]): a quota per rep')
    .addOption(new Option('--by <group>', 'rows per rep (owner, default), or per team or manager of the reps file').choices(['owner', 'team', 'manager']))
    .option('--period <period>', 'target period: 2026-Q4, 2026-11, 2026, this-quarter (default: the quarter of the as-of date)')
    .option('--from <date>', 'rates from closed deals since (default: the 365 days before the period)', parseDayOption)
    .option('--to <date>', 'rates from closed deals until', parseDayOption)
    .option('--prospect-rate <p>', 'prospect-to-opportunity rate (0.1 = 1 in 10) to size prospecting', parseRatioOption)
    .option('--history <file>', 'stage history, so stalled deals are left out of clean coverage')
    .addOption(everyOption())
    .action(run(async () => (await import('./commands/coverage.js')).coverageCommand, 'parts'));

  analysisCommand('funnel', 'Per open stage: deals that reached it, conversion to the next stage and to won (count and value, with intervals), time in stage.', { minSample: true })
    .option('--history <file>', 'stage history (deal_id, stage, entered; a Salesforce OpportunityHistory export maps as is)', collectPaths)
    .option('--reps <file>', 'reps file (owner, quota[, team][, manager]): --by team or --by manager gives a funnel per team or manager')
    .action(run(async () => (await import('./commands/funnel.js')).funnelCommand));

  analysisCommand('pvf', 'Pipeline Value Factor: the multiple of the target that must sit in each open stage to make the target every period.', { by: false, window: false })
    .option('--from <date>', 'conversion and dwell from closed deals since (default: all)', parseDayOption)
    .option('--to <date>', 'conversion and dwell from closed deals until', parseDayOption)
    .option('--history <file>', 'stage history (deal_id, stage, entered)', collectPaths)
    .option('--target <amount>', 'target per period (500000, 500k, 1.2M)', parseAmountOption)
    .option('--reps <file>', 'reps file: the target is the sum of quotas')
    .option('--period <period>', 'the target period: quarter (default), month, year, or a period such as 2026-Q4')
    .option('--assume-equal-dwell', 'without a history, split the average won cycle equally across open stages (labelled in the output)')
    .action(run(async () => (await import('./commands/pvf.js')).pvfCommand));

  analysisCommand('forecast', 'The forecast of the period containing the as-of date: category roll-up (closed, commit, best case, pipeline, omitted), weighted pipeline and expected bookings, the Monte Carlo P10/P50/P90, each against quota.', { by: false, window: false })
    .option('--reps <file>', 'reps file (owner, quota[, team]): quota per rep, attainment and gap')
    .addOption(new Option('--by <group>', 'rows per rep (owner, default) or per team or manager of the reps file').choices(['owner', 'team', 'manager']))
    .option('--period <period>', 'the forecast period: 2026-Q4, 2026-11, this-quarter (default: the quarter of the as-of date)')
    .option('--history <file>', 'stage history (deal_id, stage, entered): history weights from stage conversion', collectPaths)
    .addOption(new Option('--weights <method>', 'one weighting method (default: every available one side by side; the simulation uses crm, else history); category needs past snapshots (--snapshot)').choices(['crm', 'history', 'category']))
    .option('--snapshot <snapshot>', 'past snapshots of the pipeline: DATE=FILE, a folder of dated exports (pipeline-2026-10-05.csv), or a file with a snapshot-date column (repeatable): category weights and the in-period close share', collectPaths)
    .option('--backtest', 'forecast accuracy instead: the arguments are snapshots; each method\'s forecast at each snapshot of a past period against its actual bookings (MAPE, bias, n)')
    .option('--runs <n>', 'Monte Carlo runs, 1 to 1000000 (default 10000)', (text: string) => parseNumberInRange(text, RUNS_RANGE) ?? invalidNumber(text, RUNS_RANGE))
    .option('--seed <n>', 'seed of the simulation, an integer 0 to 4294967295 (default fixed: the same inputs give the same output)', (text: string) => parseNumberInRange(text, SEED_RANGE) ?? invalidNumber(text, SEED_RANGE))
    .action(run(async () => (await import('./commands/forecast.js')).forecastCommand));

  analysisCommand('pareto', 'Who produces the revenue: the top k of N entities that make the threshold share, Gini, the top-vs-rest profile, and the uplift if the rest matched the top.', { by: false })
    .option('--by <column>', 'entity: owner (default), account, product or any column', 'owner')
    .option('--measure <measure>', 'won (won amount, default), count (won deals) or a numeric column summed over won deals', 'won')
    .option('--threshold <share>', 'cumulative share that defines the top group (default 0.8)', parseRatioOption, 0.8)
    .option('--reps <file>', 'reps file: reps with no deals count in N')
    .option('--profile <columns>', 'categorical columns whose mix is compared between top and rest (comma-separated; default: every low-cardinality column)')
    .addOption(engineOption())
    .action(run(async () => (await import('./commands/pareto.js')).paretoCommand, 'parts'));

  const sql = addAnalysisOptions(
    addInputOptions(
      command('sql', 'The metric as one SQL query over a table of deals (DuckDB, Postgres, Snowflake, BigQuery, Spark): the same definitions and options as the command, readable CTEs to paste into a dbt model.')
        .addArgument(new Argument('<metric>', 'winrate, velocity, pareto, coverage, retention, funnel or movement').choices(SQL_METRICS))
        .argument('[file]', 'a sample export of the table (CSV, YAML, JSON, xlsx): its header and first rows decide the column mapping, as the commands do; without one the columns are id, owner, account, stage, amount, currency, created, close and --map'),
      { maxRejected: false },
    ),
    { by: false, basis: false },
  )
    .addOption(new Option('--dialect <dialect>', 'SQL dialect').choices(DIALECT_NAMES).default('duckdb'))
    .option('--table <name>', 'the table or view of deals, schema-qualified if need be (a dbt model: put {{ ref(...) }} in place of it)', 'deals');
  // The flags only some metrics use, each tagged with them (sqlFlags.ts: the same table refuses the others).
  for (const option of sqlMetricOptions()) sql.addOption(option);
  sql
    .action(async (metric: (typeof SQL_METRICS)[number], file: string | undefined, flags: SqlFlags) => {
      state.exitCode = await (await import('./commands/sql.js')).sqlCommand(metric, file, flags, terminal);
    });

  analysisCommand('scorecard', 'Per rep: deals worked, average won deal, win rate, cycle and velocity, each ranked as a percentile within the peer group, and a composite.', { by: false, minSample: true })
    .option('--reps <file>', 'reps file: reps with no deals are listed too; with --by team or manager, each deal\'s team or manager')
    .addOption(new Option('--by <group>', 'rows per rep (owner, default), or per team or manager of the reps file, ranked among themselves').choices(['owner', 'team', 'manager']))
    .action(run(async () => (await import('./commands/scorecard.js')).scorecardCommand, 'parts'));

  addOutputOptions(
    addInputOptions(
      command('movement', 'Pipeline movement between snapshots of one pipeline: the waterfall of the window\'s open pipeline (start, created, pulled in, reopened, increased, decreased, pushed out, won, lost, removed, end) and slippage per deal and rep.')
        .argument('[snapshots...]', 'deals exports with a date in their names (pipeline-2026-10-05.csv), or one file with a snapshot-date column (Snapshot Date, As Of; or --map snapshotDate=HEADER)'),
    )
      .option('--snapshot <date=file>', 'a snapshot and its date, e.g. --snapshot 2026-10-05=pipeline.csv (repeatable)', collectPaths)
      .option('--period <period>', 'the window of expected close dates: 2026-Q4, 2026-11, this-quarter... (default: the period containing the last snapshot\'s date, a quarter unless the config\'s report.period says month or year)')
      .option('--from <date>', 'window start, inclusive (YYYY-MM-DD)', parseDayOption)
      .option('--to <date>', 'window end, inclusive (YYYY-MM-DD)', parseDayOption)
      .option('--rolling', 'all open pipeline, whatever its close date')
      .option('--steps', 'also the waterfall of each consecutive pair of snapshots')
      .option('--deals', 'list every deal with its bucket, stages, amount, close dates and slippage')
      .option('--by <dims>', 'group by one or more columns (of the later snapshot, else the earlier): owner, stage, segment, any column (comma-separated)', collectCommaList)
      .option('--where <dim=value>', 'keep deals where a column has a value: region=EMEA, owner=Ann,Bob (repeatable)', collectPaths),
  ).action(run(async () => (await import('./commands/movement.js')).movementCommand));

  analysisCommand('retention', 'Do customers stay and grow: gross and net revenue retention, logo retention, churned accounts and new-account revenue between two periods.')
    .option('--compare <period>', 'the previous period (default: the one before --period, to the same day when --period is under way)')
    .option('--accounts <file>', 'accounts file: deals joined to accounts by id, name or normalised name; --by any account column (repeatable)', collectPaths)
    .addOption(new Option('--every <unit>', 'also a series: each year or quarter of the window against the one before').choices(['year', 'quarter']))
    .addOption(engineOption())
    .action(run(async () => (await import('./commands/retention.js')).retentionCommand));
  analysisCommand('accounts', 'Per account: won revenue now and before, open pipeline, products, penetration and white space, deals, last won date, quadrant; revenue concentration (top-k, HHI, who holds 60% and 80%); with --plan, the account plan.', { by: false, minSample: true })
    .option('--compare <period>', 'the previous period (default: the one before --period, to the same day when --period is under way)')
    .option('--accounts <file>', 'accounts file: names, quadrants, accounts with no deals (repeatable)', collectPaths)
    .option('--plan <file>', 'account plan (YAML): per strategic account a revenue objective, a pipeline goal, products offered')
    .action(run(async () => (await import('./commands/accounts.js')).accountsCommand));
  addOutputOptions(
    addInputOptions(
      command('quadrant', 'Account quadrants: current against future revenue; A full plan, B develop, C protect, D nurture.')
        .argument('<accounts...>', 'accounts file(s) (CSV, YAML or JSON): id, name, current_revenue, future_revenue or scored elements'),
    ).option('--deals <file>', 'deals file(s): current revenue = won amount of the 12 months up to the as-of date, joined by account', collectPaths),
  ).action(run(async () => (await import('./commands/quadrant.js')).quadrantCommand));

  addOutputOptions(
    addInputOptions(
      command('report', 'The weekly pipeline review: every analysis the inputs allow in one document (HTML, Markdown, JSON or a table), with change against the previous period.')
        .argument('[files...]', 'deal files (default: report.deals in the config)'),
    )
      .option('--period <period>', 'the KPI window: this-quarter (default), last-month, 2026-Q4...')
      .addOption(new Option('--basis <basis>', 'which date puts a closed deal in the window').choices(['close', 'created']).default('close'))
      .option('--history <file>', 'stage history (repeatable)', collectPaths)
      .option('--accounts <file>', 'accounts file for Pareto of accounts and quadrants (repeatable)', collectPaths)
      .option('--reps <file>', 'reps file with quotas (coverage, PVF target, forecast, reps with no deals)')
      .option('--snapshot <date=file>', 'a snapshot of the pipeline and its date, for the movement section, e.g. --snapshot 2026-10-05=pipeline.csv (repeatable; default: report.snapshots)', collectPaths)
      .option('--target <amount>', 'team target per period when there is no reps file', parseAmountOption)
      .option('--what-if <levers>', 'velocity what-if, each lever from -100% to +1000% (default n=+10%,value=+10%,win=+10%,cycle=-10%)', whatIfOption)
      .option('--fail-on <conditions>', 'exit 1 when a KPI breaches a bar: coverage<2.5,integrity<0.9,winRate<0.2')
      .option('--title <text>', 'report title')
      .addOption(everyOption())
      .option('--min-sample <n>', 'closed deals below which a rate is flagged (default: config, 30)', parsePositiveInteger),
    ['table', 'json', 'md', 'html'],
  ).action(run(async () => (await import('./commands/report.js')).reportCommand, 'parts'));

  return program;
}

const collectPaths = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
const collectCommaList = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), ...value.split(',').map((part) => part.trim()).filter((part) => part !== '')];

/**
 * V8 moves allocation sites whose objects often survive a young-generation collection straight to
 * the old generation. The first 5,000 rows a file's formats are decided from stay alive for a
 * moment, and whether a collection falls in that moment decided it: on 1M deals a one-pass read
 * took 3.0 s instead of 2.2 s every other run, with 65 MB more memory. The flag changes how memory
 * is managed, never what is computed. Set when a command runs, so --version and --help skip it.
 */
async function tuneHeapForStreaming(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--no-allocation-site-pretenuring');
}
