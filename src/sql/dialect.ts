/**
 * What differs between the SQL engines dealmath writes for: quoting, string literals, day
 * arithmetic, a label's folded key and the type names. Everything else the generated SQL uses
 * (CTEs, CASE, SUM/AVG/COUNT, CAST, SQRT, CEIL, GREATEST/LEAST, window sums) is common to all
 * five, so a dialect is a handful of one-line functions (one small module each in dialects/).
 */

export const DIALECT_NAMES = ['duckdb', 'postgres', 'snowflake', 'bigquery', 'spark'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export interface SqlDialect {
  readonly name: DialectName;
  /** An identifier (a column or table name), quoted so any header works. */
  identifier(name: string): string;
  /** A string literal. */
  text(value: string): string;
  /** Whole days from `earlier` to `later` (both DATE expressions): later - earlier. */
  daysBetween(later: string, earlier: string): string;
  /**
   * A label's folded key, as dealmath matches stage and status labels (model/mapping.ts
   * normalizeHeader: lower case, letters and digits only). ASCII letters and digits: a label
   * with accented letters folds differently here (docs/warehouse.md).
   */
  labelKey(expression: string): string;
  /** The floating-point type (every division is done in it, so no engine divides integers). */
  readonly doubleType: string;
  /** The text type, for casting flag and label columns. */
  readonly textType: string;
}

/** CAST(expression AS double): divisions and averages never truncate or go to fixed decimals. */
export function asDouble(dialect: SqlDialect, expression: string): string {
  return `CAST(${expression} AS ${dialect.doubleType})`;
}

/** A table name, possibly qualified (`analytics.deals`): each part quoted. */
export function tableName(dialect: SqlDialect, name: string): string {
  return name
    .split('.')
    .map((part) => dialect.identifier(part))
    .join('.');
}

/** Standard SQL quoting, shared by DuckDB, Postgres and Snowflake. */
export const doubleQuoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const singleQuoted = (value: string): string => `'${value.replace(/'/g, "''")}'`;
/** BigQuery and Spark: backquoted identifiers, backslash escapes in strings. */
export const backQuoted = (name: string): string => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
export const backslashQuoted = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
