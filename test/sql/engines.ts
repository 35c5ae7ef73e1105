/**
 * The two engines the agreement tests run generated SQL on: DuckDB (embedded, @duckdb/node-api)
 * and Postgres (PGlite, its WASM build; no server). A table is loaded from a CSV file with the
 * types the SQL expects: DATE for the date fields, DOUBLE for amount and probability, text else.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export type Row = Record<string, unknown>;

export interface Engine {
  readonly name: 'duckdb' | 'postgres';
  run(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

export interface TableColumns {
  readonly dates: readonly string[];
  readonly numbers: readonly string[];
}

/** CREATE TABLE and INSERT statements for a CSV file (empty cells NULL). */
export function tableStatements(name: string, file: string, columns: TableColumns, dialect: 'duckdb' | 'postgres'): string[] {
  const rows = parse(readFileSync(file), { bom: true, relax_column_count: true }) as string[][];
  const [header = [], ...data] = rows;
  const typeOf = (column: string): string =>
    columns.dates.includes(column) ? 'DATE' : columns.numbers.includes(column) ? (dialect === 'duckdb' ? 'DOUBLE' : 'DOUBLE PRECISION') : dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  const create = `CREATE TABLE "${name}" (${header.map((column) => `"${column}" ${typeOf(column)}`).join(', ')})`;
  const inserts: string[] = [];
  for (let start = 0; start < data.length; start += 500) {
    const values = data.slice(start, start + 500).map((row) => `(${header.map((column, index) => {
      const cell = row[index] ?? '';
      if (cell.trim() === '') return 'NULL';
      return typeOf(column) === 'DATE' ? `DATE ${quote(cell.trim())}` : columns.numbers.includes(column) ? `${Number(cell)}` : quote(cell);
    }).join(', ')})`);
    inserts.push(`INSERT INTO "${name}" VALUES ${values.join(', ')}`);
  }
  return [create, ...inserts];
}

/** Rows as plain values: BIGINT and DECIMAL as numbers, dates as text. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object' && 'toDouble' in value && typeof (value as { toDouble: unknown }).toDouble === 'function') return (value as { toDouble(): number }).toDouble();
  if (value !== null && typeof value === 'object' && 'toString' in value && !(value instanceof Date)) return String(value);
  return value;
}

export async function duckdbEngine(): Promise<Engine> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    name: 'duckdb',
    async run(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjects().map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plain(value)])));
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * One PGlite per test process, booted on first use: a boot costs about 2.5 s of CPU, and the
 * SQL test files each booted their own. Files of a process run one after another (vitest.config.ts,
 * isolate: false), so each caller gets it with its tables dropped, and close() leaves it to the next.
 */
let postgres: Promise<PGliteInstance> | null = null;

type PGliteInstance = InstanceType<typeof import('@electric-sql/pglite').PGlite>;

/**
 * The data directory of a booted PGlite, saved under the run's TMPDIR (test/setup/tempRoot.ts)
 * by the first process that boots one: the other processes load it instead of running initdb
 * (a boot from it took 0.4 s against 2.5 s).
 */
const DATA_DIR = (): string => join(tmpdir(), 'pglite-data-dir.tar');

async function bootPostgres(): Promise<PGliteInstance> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (existsSync(DATA_DIR())) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([readFileSync(DATA_DIR())]) });
    } catch {
      // Half written by another process, or from another version: boot afresh.
    }
  }
  const db = await PGlite.create();
  const saved = `${DATA_DIR()}.${process.pid}`;
  writeFileSync(saved, Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer()));
  renameSync(saved, DATA_DIR());
  return db;
}

export async function postgresEngine(): Promise<Engine> {
  postgres ??= bootPostgres();
  const db = await postgres;
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  return {
    name: 'postgres',
    async run(sql) {
      const results = await db.exec(sql);
      const last = results[results.length - 1];
      return (last?.rows ?? []).map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plain(value)])));
    },
    async close() {
      // Kept for the next test file of this process (see above); the process's exit ends it.
    },
  };
}

/** Loads a CSV into an engine as `name`. */
export async function loadCsv(engine: Engine, name: string, file: string, columns: TableColumns): Promise<void> {
  const [create = '', ...inserts] = tableStatements(name, file, columns, engine.name);
  await engine.run(`DROP TABLE IF EXISTS "${name}"`);
  await engine.run(create);
  if (engine.name === 'duckdb') {
    // The same values as the INSERT statements (empty cells NULL, trimmed dates, Number() of amounts).
    const rows = parse(readFileSync(file), { bom: true, relax_column_count: true }) as string[][];
    const [header = [], ...data] = rows;
    const typed = header.map((column): TypedColumn => ({ name: column, type: columns.dates.includes(column) ? 'date' : columns.numbers.includes(column) ? 'number' : 'text' }));
    const values = data.map((row) => typed.map((column, index) => {
      const cell = row[index] ?? '';
      if (cell.trim() === '') return null;
      return column.type === 'date' ? cell.trim() : column.type === 'number' ? Number(cell) : cell;
    }));
    await insertThroughJson(engine, name, typed, values);
    return;
  }
  for (const statement of inserts) await engine.run(statement);
}

/**
 * Rows into an existing DuckDB table through a JSON file its reader takes natively: DuckDB binds a
 * long INSERT ... VALUES slowly (examples/deals.csv: 250 ms, this way 40 ms; the SQL agreement
 * tests spent 5 of their 16 s loading tables). Keys by position, so odd or repeated headers are fine.
 */
async function insertThroughJson(engine: Engine, name: string, columns: readonly TypedColumn[], rows: readonly (readonly (string | number | null)[])[]): Promise<void> {
  if (rows.length === 0) return;
  const key = (index: number): string => `c${index}`;
  const folder = mkdtempSync(join(tmpdir(), 'dealmath-duckdb-load-'));
  try {
    const file = join(folder, 'rows.json');
    writeFileSync(file, JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((_, index) => [key(index), row[index] ?? null])))));
    const types = columns.map((column, index) => `'${key(index)}': '${column.type === 'date' ? 'DATE' : column.type === 'number' ? 'DOUBLE' : 'VARCHAR'}'`).join(', ');
    await engine.run(`INSERT INTO "${name.replace(/"/g, '""')}" SELECT ${columns.map((_, index) => key(index)).join(', ')} FROM read_json('${file.replace(/'/g, "''")}', format = 'array', columns = {${types}})`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface TypedColumn {
  readonly name: string;
  readonly type: 'date' | 'number' | 'text';
}

/**
 * Loads rows already read (values as the reader made them: ISO dates, numbers, text; null for
 * none) as `name`, replacing any table of that name. For inputs a plain CSV parse would misread:
 * other encodings, delimiters, decimal commas, footers.
 */
export async function loadRows(engine: Engine, name: string, columns: readonly TypedColumn[], rows: readonly (readonly (string | number | null)[])[]): Promise<void> {
  const typeOf = (type: TypedColumn['type']): string =>
    type === 'date' ? 'DATE' : type === 'number' ? (engine.name === 'duckdb' ? 'DOUBLE' : 'DOUBLE PRECISION') : engine.name === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  const identifier = (text: string): string => `"${text.replace(/"/g, '""')}"`;
  await engine.run(`DROP TABLE IF EXISTS ${identifier(name)}`);
  await engine.run(`CREATE TABLE ${identifier(name)} (${columns.map((column) => `${identifier(column.name)} ${typeOf(column.type)}`).join(', ')})`);
  if (rows.length === 0) return;
  if (engine.name === 'duckdb') {
    await insertThroughJson(engine, name, columns, rows);
    return;
  }
  const values = rows.map((row) => `(${columns.map((column, index) => {
    const value = row[index] ?? null;
    if (value === null) return 'NULL';
    return column.type === 'date' ? `DATE ${quote(String(value))}` : column.type === 'number' ? `${Number(value)}` : quote(String(value));
  }).join(', ')})`);
  await engine.run(`INSERT INTO ${identifier(name)} VALUES ${values.join(', ')}`);
}
