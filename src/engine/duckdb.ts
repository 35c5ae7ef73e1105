/**
 * `--engine duckdb`: a run plan in embedded DuckDB through the generated SQL (src/sql). The
 * optional @duckdb/node-api is imported only here and only when asked for, so a normal run never
 * loads it; without it, one line names the install command. DuckDB reads the files itself (CSV
 * with every column as text, cast by the SQL; Parquet natively) and does no row validation: the
 * input is taken to be valid (run `dealmath validate` on it first).
 */
import { DealmathError } from '../model/errors.js';
import { exactSum, addToSum } from '../metrics/exactSum.js';
import { groupedFold, type Grouped, type GroupedResult } from '../metrics/fold.js';
import { winRateFold, type WinRateResult, type WinRateState } from '../metrics/winRate.js';
import { inferFileColumns, type FileSummary } from '../io/readDeals.js';
import { sha256OfFile } from '../io/textInput.js';
import { dealColumnsOf, type TableColumns } from '../io/tableColumns.js';
import { openTable } from '../io/table.js';
import type { DayNumber, DealField } from '../model/types.js';
import { normalizeHeader } from '../model/mapping.js';
import { dimensionAlias, SqlBuilder, type SqlInput, type SqlTable } from '../sql/source.js';
import { velocitySql } from '../sql/velocity.js';
import { winRateSql } from '../sql/winRate.js';
import { velocityFold, type VelocityState } from '../metrics/velocity.js';
import type { VelocityStepResult } from './steps/velocity.js';
import { refuseNoDealInScope, whereText, type DealRun, type FilterReason } from './dealRun.js';
import type { InputPlan, WhereClause } from './plan.js';
import { formatDay } from '../model/calendar.js';
import type { StepOptions } from './registry.js';

export const DUCKDB_PACKAGE = '@duckdb/node-api';
export const DUCKDB_INSTALL = `npm install ${DUCKDB_PACKAGE}`;

export type Row = Record<string, unknown>;

/** The optional package, or a one-line error naming the install command. DEALMATH_DUCKDB_MODULE names another module (tests). */
async function loadDuckdb(env: NodeJS.ProcessEnv): Promise<typeof import('@duckdb/node-api')> {
  const specifier = env.DEALMATH_DUCKDB_MODULE ?? DUCKDB_PACKAGE;
  try {
    return (await import(specifier)) as typeof import('@duckdb/node-api');
  } catch {
    throw new DealmathError('usage', `--engine duckdb needs the optional package ${DUCKDB_PACKAGE}, which is not installed; install it with: ${DUCKDB_INSTALL}`);
  }
}

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

const CSV_FILE = /\.(csv|tsv|txt)$/i;

/** The table function reading the input files: Parquet natively, CSV with every column as text. */
function readerOf(files: readonly string[], delimiter: string | undefined): string {
  const list = `[${files.map(quote).join(', ')}]`;
  if (files.every((file) => file.toLowerCase().endsWith('.parquet'))) return `read_parquet(${list}, union_by_name = true)`;
  if (files.some((file) => !CSV_FILE.test(file))) throw new DealmathError('usage', '--engine duckdb reads CSV and Parquet files; use the default engine for YAML, JSON and xlsx');
  // The quote and escape the default engine reads (RFC 4180: "" inside quotes), and its delimiter
  // when known: DuckDB's own sniffing could read a file another way, and took 70 of the 85 ms a
  // query over a 2,000-row file cost, again in every query of a run.
  return `read_csv(${list}, header = true, all_varchar = true, union_by_name = true, quote = '"', escape = '"'${delimiter === undefined ? '' : `, delim = ${quote(delimiter)}`})`;
}

/**
 * The delimiter the default engine reads the files with: given, configured, or the one its
 * reader detects in each, when they all agree (else undefined: DuckDB detects each file's).
 */
async function delimiterOf(files: readonly string[], input: InputPlan): Promise<string | undefined> {
  const given = input.delimiter ?? input.config.delimiter;
  // Parquet has no delimiter, and any other file is refused by readerOf before it is read.
  if (given !== undefined || files.some((file) => !CSV_FILE.test(file))) return given;
  const found = new Set<string | null>();
  for (const file of files) {
    const table = await openTable(file, { encoding: input.config.encoding });
    await table.batches[Symbol.asyncIterator]().return?.(undefined);
    found.add(table.delimiter);
  }
  const [only] = found;
  return found.size === 1 && only !== null && only !== undefined ? only : undefined;
}

export const number = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
function sumOf(value: unknown) {
  const sum = exactSum();
  addToSum(sum, number(value));
  return sum;
}

/** A level's counts from the SQL as the fold's state, so the fold's own finish gives the result (reasons included). */
function winRateState(row: Row): WinRateState {
  const openAges = new Map<number, { count: number; value: ReturnType<typeof exactSum>; withAmount: number }>();
  const aged = number(row.aged_out);
  const withAge = number(row.open_with_age);
  // The SQL decided which open deals are older than DAYS: one bucket beyond any DAYS, one within.
  if (aged > 0) openAges.set(Number.MAX_SAFE_INTEGER, { count: aged, value: sumOf(row.aged_value), withAmount: number(row.aged_with_amount) });
  if (withAge - aged > 0) openAges.set(0, { count: withAge - aged, value: exactSum(), withAmount: 0 });
  return {
    won: number(row.won),
    wonValue: sumOf(row.won_value),
    wonWithAmount: number(row.won_with_amount),
    wonCycleDays: number(row.won_cycle_days),
    wonWithCycle: number(row.won_with_cycle),
    lost: number(row.lost_closed),
    lostValue: sumOf(row.lost_closed_value),
    lostWithAmount: number(row.lost_with_amount),
    open: number(row.open_in_scope),
    openValue: sumOf(row.open_value),
    openWorked: number(row.open_worked),
    openWorkedValue: sumOf(row.open_worked_value),
    openAges,
    openAgeUnknown: number(row.age_unknown),
  };
}

export interface DuckdbRun<Result> {
  readonly run: DealRun;
  readonly results: readonly [Result];
}

export type Rows = (sql: string) => Promise<Row[]>;

/** What a metric gives back from DuckDB: its result and the deals it used (the run's accounting). */
export interface InDuckdb<Result> {
  readonly result: Result;
  readonly rowsUsed: number;
  /** Currencies of the used deals that carry an amount, where the metric knows them. */
  readonly currencies?: ReadonlySet<string> | undefined;
}

/**
 * Runs `metric` on the plan's input files in a fresh in-memory DuckDB: the files as the view
 * `dealmath_input`, its columns mapped as the default engine maps a file's, and the run's
 * accounting from the same view.
 */
export async function inDuckdb<Result>(
  input: InputPlan,
  asOf: DayNumber,
  env: NodeJS.ProcessEnv,
  metric: (rows: Rows, sqlInput: SqlInput) => Promise<InDuckdb<Result>>,
  dimensions: readonly string[] = [],
): Promise<DuckdbRun<Result>> {
  const { DuckDBInstance } = await loadDuckdb(env);
  const [first] = input.files;
  if (first === undefined || input.files.includes('-')) throw new DealmathError('usage', '--engine duckdb reads files, not stdin');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows = async (sql: string): Promise<Row[]> => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Row[];
  try {
    const reader = readerOf(input.files, await delimiterOf(input.files, input));
    await connection.run(`CREATE VIEW dealmath_input AS SELECT * FROM ${reader}`);
    // A Parquet file's columns come from its schema; a CSV's header and first rows decide the mapping as the default engine's do.
    const columns = first.toLowerCase().endsWith('.parquet')
      ? columnsOf((await rows('DESCRIBE dealmath_input')).map((row) => String(row.column_name)), input)
      : await dealColumnsOf(first, { config: input.config, preset: input.preset, map: input.map, delimiter: input.delimiter });
    const sqlInput: SqlInput = {
      dialect: 'duckdb',
      table: { name: 'dealmath_input', ...columns },
      config: input.config,
      asOf: input.asOf ?? asOf,
      where: input.where.map((clause) => ({ dimension: clause.dimension, values: [...clause.values], negate: clause.negate })),
    };
    for (const name of [...dimensions, ...input.where.map((clause) => clause.dimension)]) checkDimension(name, sqlInput.table, first);
    const [accounting] = await rows(new SqlBuilder(sqlInput).accountingSql());
    const { result, rowsUsed, currencies } = await metric(rows, sqlInput);
    const rowsRead = number(accounting?.rows_read);
    // Each file's rows and bytes, for the document's inputs (provenance), as the default engine gives them.
    // One file's rows are the run's; only several need a scan that tells them apart.
    const perFile =
      input.files.length === 1
        ? new Map([[first, rowsRead]])
        : new Map((await rows(`SELECT filename, count(*) AS n FROM ${reader.slice(0, -1)}, filename = true) GROUP BY filename`)).map((row) => [String(row.filename), number(row.n)]));
    const files = await Promise.all(
      input.files.map(
        async (file) =>
          // Only what a document's header reads of a file summary: the rest describes the default engine's reading.
          ({ file, rowsRead: perFile.get(file) ?? 0, rowsRejected: 0, blankLines: 0, footerRows: 0, footers: [], sha256: await sha256OfFile(file) }) as unknown as FileSummary,
      ),
    );
    const run: DealRun = {
      rowsRead,
      rowsUsed,
      rowsRejected: 0,
      rowsFiltered: rowsRead - rowsUsed,
      summary: { files, rowsRead, rowsRejected: 0, rowNumberIds: columns.columns.id === undefined },
      findingCounts: new Map(),
      currencies: currencies ?? new Set(),
      closedAfterAsOf: number(accounting?.closed_after_as_of),
      filteredBy: duckdbFilterReasons(rowsRead - rowsUsed, number(accounting?.created_after_as_of), sqlInput.asOf, input.where),
    };
    // No deal in scope: no answer (exit 1), as the default engine refuses it.
    refuseNoDealInScope(run);
    return { run, results: [result] };
  } catch (error) {
    // A cell DuckDB cannot cast (text in a number or date column): one line, as for any bad input.
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
    if (error instanceof DealmathError || !/^(Conversion|Invalid Input) Error/.test(message)) throw error;
    throw new DealmathError('malformed-input', `--engine duckdb takes the input as valid and could not read it (${message}); check it with dealmath validate, or leave out --engine duckdb`, { file: first });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Why DuckDB's rows were filtered: created after the as-of date, and the rest (--where or the metric's scope, told apart by the default engine only). */
function duckdbFilterReasons(filtered: number, createdAfterAsOf: number, asOf: DayNumber, where: readonly WhereClause[]): FilterReason[] {
  const afterAsOf = Math.min(filtered, createdAfterAsOf);
  const rest = filtered - afterAsOf;
  const wheres = where.map(whereText);
  return [
    { rows: afterAsOf, reason: `created after the as-of date ${formatDay(asOf)}` },
    { rows: rest, reason: wheres.length === 0 ? "outside the command's scope" : `not matching ${wheres.join(' ')} or outside the command's scope` },
  ].filter((entry) => entry.rows > 0);
}

/** Deal fields a --by or --where name can mean (engine/dealRun.ts resolveDimension). */
const FIELD_DIMENSIONS: Readonly<Record<string, DealField>> = { owner: 'owner', account: 'account', stage: 'stage', currency: 'currency', forecastcategory: 'forecastCategory', type: 'type' };

/** A --by or --where name the table has, else the default engine's one-line error (not an SQL binder error). */
function checkDimension(name: string, table: SqlTable, file: string): void {
  const key = normalizeHeader(name);
  const field = FIELD_DIMENSIONS[key];
  if (field !== undefined) return; // unmapped: every deal "(none)", in the SQL as in the folds
  const names = [...(Object.values(table.columns) as string[]), ...(table.dimensions ?? [])];
  if (names.some((column) => normalizeHeader(column) === key)) return;
  const choices = ['owner', 'account', 'stage', 'status', ...(table.dimensions ?? [])].filter((choice) => choice !== '');
  throw new DealmathError('usage', `no column "${name}" to group or filter by; choose one of: ${choices.slice(0, 25).join(', ')}`, { file });
}

/** The levels of a levelled query as a fold's grouped state: level 0 the total, level 1 a group by its key. */
function groupedState<State>(levels: readonly Row[], by: readonly string[], init: () => State, stateOf: (row: Row) => State): { grouped: Grouped<State>; total: Row | undefined } {
  const total = levels.find((row) => number(row.level) === 0);
  const grouped: Grouped<State> = { total: total === undefined ? init() : stateOf(total), groups: new Map() };
  for (const row of levels.filter((candidate) => number(candidate.level) === 1)) {
    const key = by.map((name) => String(row[dimensionAlias(name)] ?? '(none)'));
    grouped.groups.set(key.length === 1 ? (key[0] as string) : JSON.stringify(key), stateOf(row));
  }
  return { grouped, total };
}

/** Win rates (the `winrate` step) in DuckDB: the same result as runPlan's, from the generated SQL. */
export async function winRateInDuckdb(input: InputPlan, options: StepOptions<'winrate'>, env: NodeJS.ProcessEnv): Promise<DuckdbRun<GroupedResult<WinRateResult>>> {
  return inDuckdb(input, options.scope.asOf, env, async (rows, sqlInput) => {
    const levels = await rows(winRateSql({ ...sqlInput, ...options, select: 'state' }));
    const fold = winRateFold({ scope: options.scope, open: options.open, minSample: options.minSample });
    const { grouped, total } = groupedState(levels, options.by, () => fold.init(), winRateState);
    const result = groupedFold(fold, options.by, () => []).finish(grouped);
    return { result, rowsUsed: number(total?.won) + number(total?.lost_closed) + number(total?.open_in_scope) };
  }, options.by);
}

/** Sales velocity (the `velocity` step, without --compare) in DuckDB, finished by the fold. */
export async function velocityInDuckdb(input: InputPlan, options: StepOptions<'velocity'>, env: NodeJS.ProcessEnv): Promise<DuckdbRun<VelocityStepResult>> {
  if (options.compareScope !== null) throw new DealmathError('usage', '--compare is not run by --engine duckdb; use the default engine');
  return inDuckdb(input, options.scope.asOf, env, async (rows, sqlInput) => {
    const levels = await rows(velocitySql({ ...sqlInput, scope: options.scope, n: options.n, by: options.by, select: 'state' }));
    const fold = velocityFold({ scope: options.scope, n: options.n });
    const stateOf = (row: Row): VelocityState => ({
      open: number(row.open_deals),
      won: number(row.won),
      lost: number(row.lost),
      wonAmountSum: sumOf(row.won_amount_sum),
      wonWithAmount: number(row.won_with_amount),
      wonCycleDays: number(row.won_cycle_days),
      wonWithCycle: number(row.won_with_cycle),
    });
    const { grouped, total } = groupedState(levels, options.by, () => fold.init(), stateOf);
    const result = groupedFold(fold, options.by, () => []).finish(grouped);
    return { result: { result, compared: null }, rowsUsed: number(total?.open_deals) + number(total?.won) + number(total?.lost) };
  }, options.by);
}

function columnsOf(header: readonly string[], input: InputPlan): TableColumns {
  const { mapping } = inferFileColumns('parquet', header, [], { config: input.config, preset: input.preset, map: input.map });
  const columns: Partial<Record<DealField, string>> = {};
  for (const [field, index] of Object.entries(mapping.fields) as [DealField, number][]) columns[field] = header[index] ?? '';
  return { columns, dimensions: mapping.dimensions.map((index) => header[index] ?? ''), amountInBaseCurrency: mapping.amountInBaseCurrency };
}

