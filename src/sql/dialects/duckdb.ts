/** DuckDB: DATE - DATE is whole days; regexp_replace needs the 'g' flag to replace every match. */
import { doubleQuoted, singleQuoted, type SqlDialect } from '../dialect.js';

export const duckdb: SqlDialect = {
  name: 'duckdb',
  identifier: doubleQuoted,
  text: singleQuoted,
  daysBetween: (later, earlier) => `(${later} - ${earlier})`,
  labelKey: (expression) => `regexp_replace(lower(${expression}), '[^a-z0-9]', '', 'g')`,
  doubleType: 'DOUBLE',
  textType: 'VARCHAR',
};
