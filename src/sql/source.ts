/**
 * The deals of a table as the folds see them, as SQL: the `deals` CTE every metric query starts
 * from. One row per deal, as it stood on the as-of date (METRICS.md "Point in time"), with its
 * status from the status column, the IsWon/IsClosed flags or the stage labels of the config, its
 * amount in the base currency, and `--where` applied. The table's columns are the mapped fields
 * (the same mapping and presets as files); dates are DATE columns (or ISO text a CAST reads).
 */
import { formatDay } from '../model/calendar.js';
import { lostLabels, wonLabels, type Config } from '../model/config.js';
import { normalizeHeader } from '../model/mapping.js';
import type { DayNumber, DealField } from '../model/types.js';
import type { Scope } from '../metrics/scope.js';
import { asDouble, tableName, type DialectName, type SqlDialect } from './dialect.js';
import { bigquery } from './dialects/bigquery.js';
import { duckdb } from './dialects/duckdb.js';
import { postgres } from './dialects/postgres.js';
import { snowflake } from './dialects/snowflake.js';
import { spark } from './dialects/spark.js';

export const DIALECTS: Readonly<Record<DialectName, SqlDialect>> = { duckdb, postgres, snowflake, bigquery, spark };

/** A table of deals: its name and which column holds each deal field. */
export interface SqlTable {
  /** The table (or view, or dbt `{{ ref(...) }}` target), possibly schema-qualified. */
  readonly name: string;
  /** Deal field -> the column holding it (from the file mapping: --map, --preset, config columns). */
  readonly columns: Readonly<Partial<Record<DealField, string>>>;
  /** The table's other columns, when known: --by and --where names resolve against them. */
  readonly dimensions?: readonly string[] | undefined;
  /** The amount is already in the base currency (HubSpot's company-currency amount): no conversion. */
  readonly amountInBaseCurrency?: boolean | undefined;
}

/** One `--where` condition: values lower-cased, as the command takes them. */
export interface SqlWhere {
  readonly dimension: string;
  readonly values: readonly string[];
  readonly negate: boolean;
}

/** What every metric query takes. */
export interface SqlInput {
  readonly dialect: DialectName;
  readonly table: SqlTable;
  readonly config: Config;
  readonly asOf: DayNumber;
  readonly where?: readonly SqlWhere[] | undefined;
}

const STATUS_WORDS = {
  won: ['won', 'closedwon', 'win', 'success'],
  lost: ['lost', 'closedlost', 'loss', 'dead'],
  open: ['open', 'active', 'inprogress', 'pending'],
} as const;
const TRUE_WORDS = ['true', 't', 'yes', 'y', '1'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', '0'];
/** Dimensions that are deal fields, by their canonical name. */
const FIELD_DIMENSIONS: Readonly<Record<string, DealField>> = {
  owner: 'owner',
  account: 'account',
  stage: 'stage',
  currency: 'currency',
  forecastcategory: 'forecastCategory',
  type: 'type',
};

/** Builds the pieces of a query over one table: quoted columns, literals, the deals CTE. */
export class SqlBuilder {
  readonly dialect: SqlDialect;

  constructor(readonly input: SqlInput) {
    this.dialect = DIALECTS[input.dialect];
  }

  /** A quoted identifier. */
  id(name: string): string {
    return this.dialect.identifier(name);
  }

  text(value: string): string {
    return this.dialect.text(value);
  }

  date(day: DayNumber): string {
    return `DATE '${formatDay(day)}'`;
  }

  double(expression: string): string {
    return asDouble(this.dialect, expression);
  }

  /** numerator / denominator in floating point, NULL when the denominator is 0. */
  ratio(numerator: string, denominator: string): string {
    return `${this.double(numerator)} / NULLIF(${this.double(denominator)}, 0)`;
  }

  days(later: string, earlier: string): string {
    return this.dialect.daysBetween(later, earlier);
  }

  /** A number as a SQL literal (exact decimal text, never exponent notation for usual values). */
  number(value: number): string {
    if (!Number.isFinite(value)) throw new RangeError(`SqlBuilder.number: ${value} is not finite`);
    return Number.isInteger(value) ? `${value}` : `${value}`;
  }

  /** The column of a field, quoted, or null when the table has none. */
  column(field: DealField): string | null {
    const name = this.input.table.columns[field];
    return name === undefined ? null : this.id(name);
  }

  /** The column a --by/--where name means: a deal field's mapped column or a column by its header. */
  dimensionColumn(name: string): string {
    const field = FIELD_DIMENSIONS[normalizeHeader(name)];
    if (field !== undefined) {
      const column = this.input.table.columns[field];
      if (column !== undefined) return column;
    }
    const mapped = (Object.values(this.input.table.columns) as string[]).find((column) => normalizeHeader(column) === normalizeHeader(name));
    if (mapped !== undefined) return mapped;
    return this.input.table.dimensions?.find((column) => normalizeHeader(column) === normalizeHeader(name)) ?? name;
  }

  /** A dimension's value as the folds group it: trimmed text, '(none)' when empty. */
  private dimensionValue(column: string): string {
    return `COALESCE(NULLIF(TRIM(CAST(${this.id(column)} AS ${this.dialect.textType})), ''), '(none)')`;
  }

  /** A deal field (owner, account...) the table is known to lack: every deal's value is '(none)', as the folds give it. */
  private missingField(name: string): boolean {
    const field = FIELD_DIMENSIONS[normalizeHeader(name)];
    const known = this.input.table.dimensions;
    if (field === undefined || known === undefined || this.input.table.columns[field] !== undefined) return false;
    const column = this.dimensionColumn(name);
    return ![...(Object.values(this.input.table.columns) as string[]), ...known].includes(column);
  }

  private keyIn(expression: string, keys: readonly string[]): string {
    return `${this.dialect.labelKey(`TRIM(CAST(${expression} AS ${this.dialect.textType}))`)} IN (${[...new Set(keys)].map((key) => this.text(key)).join(', ')})`;
  }

  private flagIs(column: string, words: readonly string[]): string {
    return `LOWER(TRIM(CAST(${column} AS ${this.dialect.textType}))) IN (${words.map((word) => this.text(word)).join(', ')})`;
  }

  /** The status a row states (before the as-of date is applied), or NULL when nothing says. */
  private statusExpression(): string {
    const { config } = this.input;
    const won = wonLabels(config).map(normalizeHeader);
    const lost = lostLabels(config).map(normalizeHeader);
    const branches: string[] = [];
    const status = this.column('status');
    if (status !== null) {
      branches.push(`WHEN ${this.keyIn(status, [...won, ...STATUS_WORDS.won])} THEN 'won'`);
      branches.push(`WHEN ${this.keyIn(status, [...lost, ...STATUS_WORDS.lost])} THEN 'lost'`);
      branches.push(`WHEN ${this.keyIn(status, STATUS_WORDS.open)} THEN 'open'`);
    }
    const isWon = this.column('isWon');
    const isLost = this.column('isLost');
    const isClosed = this.column('isClosed');
    // Flags that contradict each other state no status: the row is left out, as the command
    // rejects it (status-flag-conflict): won and lost, won or lost but not closed, closed but neither.
    const conflicts: string[] = [];
    if (isWon !== null && isLost !== null) conflicts.push(`(${this.flagIs(isWon, TRUE_WORDS)} AND ${this.flagIs(isLost, TRUE_WORDS)})`);
    if (isWon !== null && isClosed !== null) conflicts.push(`(${this.flagIs(isWon, TRUE_WORDS)} AND ${this.flagIs(isClosed, FALSE_WORDS)})`);
    if (isLost !== null && isClosed !== null) conflicts.push(`(${this.flagIs(isLost, TRUE_WORDS)} AND ${this.flagIs(isClosed, FALSE_WORDS)})`);
    if (isWon !== null && isLost !== null && isClosed !== null) conflicts.push(`(${this.flagIs(isClosed, TRUE_WORDS)} AND ${this.flagIs(isWon, FALSE_WORDS)} AND ${this.flagIs(isLost, FALSE_WORDS)})`);
    if (conflicts.length > 0) branches.push(`WHEN ${conflicts.join(' OR ')} THEN NULL`);
    if (isWon !== null) branches.push(`WHEN ${this.flagIs(isWon, TRUE_WORDS)} THEN 'won'`);
    if (isLost !== null) branches.push(`WHEN ${this.flagIs(isLost, TRUE_WORDS)} THEN 'lost'`);
    if (isClosed !== null) {
      branches.push(`WHEN ${this.flagIs(isClosed, TRUE_WORDS)} THEN 'lost'`);
      branches.push(`WHEN ${this.flagIs(isClosed, FALSE_WORDS)} THEN 'open'`);
    }
    if (isWon !== null && isLost !== null) branches.push(`WHEN ${this.flagIs(isWon, FALSE_WORDS)} AND ${this.flagIs(isLost, FALSE_WORDS)} THEN 'open'`);
    const stage = this.column('stage');
    const filled = (column: string): string => `NULLIF(TRIM(CAST(${column} AS ${this.dialect.textType})), '') IS NOT NULL`;
    if (stage !== null) {
      branches.push(`WHEN ${this.keyIn(stage, won)} THEN 'won'`);
      branches.push(`WHEN ${this.keyIn(stage, lost)} THEN 'lost'`);
    }
    // Pipedrive: a won or lost time says the deal closed, at whatever open stage it stood.
    const wonTime = this.column('wonTime');
    const lostTime = this.column('lostTime');
    if (wonTime !== null) branches.push(`WHEN ${filled(wonTime)} THEN 'won'`);
    if (lostTime !== null) branches.push(`WHEN ${filled(lostTime)} THEN 'lost'`);
    if (stage !== null) branches.push(`WHEN ${filled(stage)} THEN 'open'`);
    if (wonTime !== null && lostTime !== null) branches.push(`ELSE 'open'`);
    if (branches.length === 0) throw new RangeError('the table has no way to know a deal\'s status: map a stage, status or IsWon/IsClosed column');
    return `CASE\n      ${branches.join('\n      ')}\n    END`;
  }

  /** The amount in the base currency: the configured rate of the row's currency, NULL for a currency without one. */
  private amountExpression(): string {
    const amount = this.column('amount');
    if (amount === null) return `CAST(NULL AS ${this.dialect.doubleType})`;
    const value = this.double(amount);
    const currency = this.column('currency');
    const rates = this.input.config.currency;
    if (currency === null || rates === undefined || this.input.table.amountInBaseCurrency === true) return value;
    const code = `UPPER(TRIM(CAST(${currency} AS ${this.dialect.textType})))`;
    const cases = Object.entries(rates.rates ?? {})
      .filter(([name]) => name !== rates.base)
      .map(([name, rate]) => `WHEN ${this.text(name)} THEN ${value} * ${this.number(rate)}`);
    return `CASE COALESCE(${code}, '')\n      WHEN '' THEN ${value}\n      WHEN ${this.text(rates.base)} THEN ${value}\n      ${cases.join('\n      ')}\n    END`;
  }

  private dateOf(field: DealField): string {
    const column = this.column(field);
    return column === null ? 'CAST(NULL AS DATE)' : `CAST(${column} AS DATE)`;
  }

  /**
   * The two CTEs every query starts with: `records` (the table's columns read as deal fields)
   * and `deals` (each deal as it stood on the as-of date, --where applied). `dimensions`: the
   * --by (and other) names the query groups or profiles by, kept as columns under their names.
   */
  dealsCtes(dimensions: readonly string[], measureColumn: string | null = null, withStageEntered = false): string[] {
    const asOf = this.date(this.input.asOf);
    const id = this.column('id');
    const cycleColumn = this.column('cycleDays');
    const where = this.input.where ?? [];
    const kept = [...new Set([...dimensions, ...where.map((clause) => clause.dimension)])];
    const dimensionSelect = kept.map((name) => `,\n    ${this.missingField(name) ? `CAST('(none)' AS ${this.dialect.textType})` : this.dimensionValue(this.dimensionColumn(name))} AS ${this.id(dimensionAlias(name))}`).join('');
    const times = this.column('wonTime') !== null || this.column('lostTime') !== null;
    const closeKnown = times || this.column('close') !== null;
    const measureSelect =
      (measureColumn === null ? '' : `,\n    ${this.double(this.id(this.dimensionColumn(measureColumn)))} AS measure_value`) +
      (withStageEntered ? `,\n    ${this.dateOf('stageEntered')} AS stage_entered` : '');
    const read = `SELECT
    ${id === null ? 'CAST(NULL AS ' + this.dialect.textType + ')' : `CAST(${id} AS ${this.dialect.textType})`} AS deal_id,
    ${this.statusExpression()} AS stated_status,
    ${this.amountExpression()} AS amount,
    ${this.dateOf('created')} AS created,
    ${this.dateOf('close')} AS ${times ? 'expected_close' : 'close_date'},${times ? `\n    ${this.dateOf('wonTime')} AS won_time,\n    ${this.dateOf('lostTime')} AS lost_time,` : ''}
    ${cycleColumn === null ? `CAST(NULL AS ${this.dialect.doubleType})` : this.double(cycleColumn)} AS cycle_column${measureSelect}${dimensionSelect}
  FROM ${tableName(this.dialect, this.input.table.name)}`;
    const passed = [...(measureColumn === null ? [] : ['measure_value']), ...(withStageEntered ? ['stage_entered'] : []), ...kept.map((name) => this.id(dimensionAlias(name)))];
    // Pipedrive: a closed deal's close is its won or lost time, never the expected close date (an
    // open deal's): an empty one leaves the close NULL, and the row out below (missing-close).
    const wonClose = this.column('wonTime') !== null ? 'won_time' : 'expected_close';
    const lostClose = this.column('lostTime') !== null ? 'lost_time' : 'expected_close';
    const withTimes = `SELECT deal_id, stated_status, amount, created,
    CASE WHEN stated_status = 'won' THEN ${wonClose} WHEN stated_status = 'lost' THEN ${lostClose} ELSE expected_close END AS close_date,
    cycle_column${passed.map((name) => `, ${name}`).join('')}
  FROM (
  ${read}
  ) read_columns`;
    const records = `records AS (
  -- The table's columns read as deal fields; amounts converted to the base currency.
  ${times ? withTimes : read}
)`;
    const whereSql = where.map((clause) => {
      const values = clause.values.map((value) => this.text(value.toLowerCase())).join(', ');
      return `\n    AND LOWER(${this.id(dimensionAlias(clause.dimension))}) ${clause.negate ? 'NOT IN' : 'IN'} (${values})`;
    });
    const dimensionNames = kept.map((name) => `,\n    ${this.id(dimensionAlias(name))}`).join('');
    const deals = `deals AS (
  -- Each deal as it stood on ${formatDay(this.input.asOf)} (METRICS.md "Point in time"): one created later did not
  -- exist yet; one closed later was still open then.
  SELECT
    deal_id,
    CASE WHEN stated_status <> 'open' AND close_date > ${asOf} THEN 'open' ELSE stated_status END AS status,
    amount,
    created,
    close_date,
    -- Sales cycle: close - created, else the cycle-days column.
    CASE WHEN created IS NOT NULL AND close_date IS NOT NULL THEN ${this.double(this.days('close_date', 'created'))} ELSE cycle_column END AS cycle_days,
    CASE WHEN created IS NULL THEN NULL ELSE ${this.days(asOf, 'created')} END AS age_days${measureColumn === null ? '' : ',\n    measure_value'}${withStageEntered ? ',\n    stage_entered' : ''}${dimensionNames}
  FROM records
  WHERE stated_status IS NOT NULL${closeKnown ? `
    -- A closed deal without its close date is a row the command rejects (missing-close).
    AND (stated_status = 'open' OR close_date IS NOT NULL)` : ''}
    AND (created IS NULL OR created <= ${asOf})${whereSql.join('')}
)`;
    return [records, deals];
  }

  /** Rows of the table, and deals closed after the as-of date (counted as open on it): a run's accounting. */
  accountingSql(): string {
    const asOf = this.date(this.input.asOf);
    return query(
      this.dealsCtes([]).slice(0, 1),
      `SELECT
  COUNT(*) AS rows_read,
  SUM(CASE WHEN stated_status <> 'open' AND close_date > ${asOf} AND (created IS NULL OR created <= ${asOf}) THEN 1 ELSE 0 END) AS closed_after_as_of,
  SUM(CASE WHEN created > ${asOf} THEN 1 ELSE 0 END) AS created_after_as_of
FROM records`,
      '-- dealmath run accounting',
    );
  }

  /** The `records` CTE (the table's rows read as deal fields, as stated, no as-of date applied) under another name: movement reads two tables. */
  recordsAs(name: string, dimensions: readonly string[] = []): string {
    return (this.dealsCtes(dimensions)[0] as string).replace(/^records AS \(/, `${name} AS (`);
  }

  /** A deal of `deals` in the scope's window by its basis (a closed deal: closed by the as-of date). */
  inWindow(scope: Scope, column?: 'created' | 'close_date'): string {
    if (scope.window === null) return 'TRUE';
    const day = column ?? (scope.basis === 'close' ? 'close_date' : 'created');
    return `(${day} BETWEEN ${this.date(scope.window.from)} AND ${this.date(scope.window.to)})`;
  }

  /** METRICS.md "Window": closed deals in the window; open deals the snapshot at the as-of date (a cohort: its own). */
  inScope(scope: Scope): string {
    const closed = `(status <> 'open' AND ${this.inWindow(scope)})`;
    const open = scope.basis === 'created' && scope.window !== null ? `(status = 'open' AND ${this.inWindow(scope, 'created')})` : `status = 'open'`;
    return `(${closed} OR ${open})`;
  }

  /** For --open include and age-out: an open deal worked during the window. */
  openWorked(scope: Scope): string {
    if (scope.window === null) return `status = 'open'`;
    if (scope.basis === 'created') return `(status = 'open' AND ${this.inWindow(scope, 'created')})`;
    return `(status = 'open' AND (created IS NULL OR created <= ${this.date(scope.window.to)}))`;
  }
}

/** Column names of the deals CTE, which a dimension's column must not take. */
const DEAL_COLUMNS = new Set(['deal_id', 'stated_status', 'status', 'amount', 'created', 'close_date', 'cycle_column', 'cycle_days', 'age_days', 'level', 'measure_value', 'stage_entered']);

/** The column name a dimension gets in the generated SQL: its name as given (so output keys read like the command's), `by_` before a name the deals CTE uses. */
export function dimensionAlias(name: string): string {
  return DEAL_COLUMNS.has(name.toLowerCase()) ? `by_${name}` : name;
}

/**
 * One aggregate per level, stacked: the total (every key NULL, level 0) and the --by groups
 * (level 1). `select(keys)` gives the SELECT list and FROM/WHERE for a level's keys; the keys
 * are added in front and the GROUP BY after it.
 */
export function levels(builder: SqlBuilder, by: readonly string[], body: (level: 'total' | 'group') => string): string {
  const keys = by.map((name) => builder.id(dimensionAlias(name)));
  const total = `  SELECT 0 AS level${keys.map((key) => `, CAST(NULL AS ${builder.dialect.textType}) AS ${key}`).join('')},
${body('total')}`;
  if (keys.length === 0) return total;
  const group = `  SELECT 1 AS level${keys.map((key) => `, ${key}`).join('')},
${body('group')}
  GROUP BY ${keys.join(', ')}`;
  return `${total}
  UNION ALL
${group}`;
}

/** The ORDER BY of a levelled result: the total first, then the groups by key. */
export function levelOrder(builder: SqlBuilder, by: readonly string[]): string {
  return `ORDER BY ${['level', ...by.map((name) => builder.id(dimensionAlias(name)))].join(', ')}`;
}

/** Joins CTEs and a final SELECT into one query. */
export function query(ctes: readonly string[], select: string, header: string): string {
  return `${header}\nWITH\n${ctes.join(',\n')}\n${select}\n`;
}
