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
import { inferFileColumns } from '../io/readDeals.js';
import { dealColumnsOf, type TableColumns } from '../io/tableColumns.js';
import type { DealField } from '../model/types.js';
import { dimensionAlias, SqlBuilder, type SqlInput } from '../sql/source.js';
import { winRateSql } from '../sql/winRate.js';
import type { DealRun } from './dealRun.js';
import type { InputPlan } from './plan.js';
import type { StepOptions } from './registry.js';

export const DUCKDB_PACKAGE = '@duckdb/node-api';
export const DUCKDB_INSTALL = `npm install ${DUCKDB_PACKAGE}`;

type Row = Record<string, unknown>;

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

/** The table function reading the input files: Parquet natively, CSV with every column as text. */
function readerOf(files: readonly string[], delimiter: string | undefined): string {
  const list = `[${files.map(quote).join(', ')}]`;
  if (files.every((file) => file.toLowerCase().endsWith('.parquet'))) return `read_parquet(${list}, union_by_name = true)`;
  if (files.some((file) => !/\.(csv|tsv|txt)$/i.test(file))) throw new DealmathError('usage', '--engine duckdb reads CSV and Parquet files; use the default engine for YAML, JSON and xlsx');
  return `read_csv(${list}, header = true, all_varchar = true, union_by_name = true${delimiter === undefined ? '' : `, delim = ${quote(delimiter)}`})`;
}

const number = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
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

/** Win rates (the `winrate` step) in DuckDB: the same result as runPlan's, from the generated SQL. */
export async function winRateInDuckdb(input: InputPlan, options: StepOptions<'winrate'>, env: NodeJS.ProcessEnv): Promise<DuckdbRun<GroupedResult<WinRateResult>>> {
  const { DuckDBInstance } = await loadDuckdb(env);
  const [first] = input.files;
  if (first === undefined || input.files.includes('-')) throw new DealmathError('usage', '--engine duckdb reads files, not stdin');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows = async (sql: string): Promise<Row[]> => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Row[];
  try {
    await connection.run(`CREATE VIEW dealmath_input AS SELECT * FROM ${readerOf(input.files, input.delimiter ?? input.config.delimiter)}`);
    // A Parquet file's columns come from its schema; a CSV's header and first rows decide the mapping as the default engine's do.
    const columns = first.toLowerCase().endsWith('.parquet')
      ? columnsOf((await rows('DESCRIBE dealmath_input')).map((row) => String(row.column_name)), input)
      : await dealColumnsOf(first, { config: input.config, preset: input.preset, map: input.map, delimiter: input.delimiter });
    return await winRates(rows, columns, input, options);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function columnsOf(header: readonly string[], input: InputPlan): TableColumns {
  const { mapping } = inferFileColumns('parquet', header, [], { config: input.config, preset: input.preset, map: input.map });
  const columns: Partial<Record<DealField, string>> = {};
  for (const [field, index] of Object.entries(mapping.fields) as [DealField, number][]) columns[field] = header[index] ?? '';
  return { columns, dimensions: mapping.dimensions.map((index) => header[index] ?? ''), amountInBaseCurrency: mapping.amountInBaseCurrency };
}

async function winRates(rows: (sql: string) => Promise<Row[]>, columns: TableColumns, input: InputPlan, options: StepOptions<'winrate'>): Promise<DuckdbRun<GroupedResult<WinRateResult>>> {
  const asOf = input.asOf ?? options.scope.asOf;
  const sqlInput: SqlInput = {
    dialect: 'duckdb',
    table: { name: 'dealmath_input', ...columns },
    config: input.config,
    asOf,
    where: input.where.map((clause) => ({ dimension: clause.dimension, values: [...clause.values], negate: clause.negate })),
  };
  const [accounting] = await rows(new SqlBuilder(sqlInput).accountingSql());
  const levels = await rows(winRateSql({ ...sqlInput, ...options, select: 'state' }));
  const fold = winRateFold({ scope: options.scope, open: options.open, minSample: options.minSample });
  const total = levels.find((row) => number(row.level) === 0);
  const state: Grouped<WinRateState> = { total: total === undefined ? fold.init() : winRateState(total), groups: new Map() };
  for (const row of levels.filter((candidate) => number(candidate.level) === 1)) {
    const key = options.by.map((name) => String(row[dimensionAlias(name)] ?? '(none)'));
    state.groups.set(key.length === 1 ? (key[0] as string) : JSON.stringify(key), winRateState(row));
  }
  const result = groupedFold(fold, options.by, () => []).finish(state);
  const rowsRead = number(accounting?.rows_read);
  const rowsUsed = number(total?.won) + number(total?.lost_closed) + number(total?.open_in_scope);
  const run: DealRun = {
    rowsRead,
    rowsUsed,
    rowsRejected: 0,
    rowsFiltered: rowsRead - rowsUsed,
    summary: { files: [], rowsRead, rowsRejected: 0, rowNumberIds: columns.columns.id === undefined },
    findingCounts: new Map(),
    currencies: new Set(),
    closedAfterAsOf: number(accounting?.closed_after_as_of),
  };
  return { run, results: [result] };
}
