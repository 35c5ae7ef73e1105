/**
 * Spark SQL (Databricks): backquoted identifiers, backslash escapes in strings, DATEDIFF(end,
 * start) in days (spark.apache.org/docs/latest/api/sql/#datediff); regexp_replace replaces every
 * match.
 */
import { backQuoted, backslashQuoted, type SqlDialect } from '../dialect.js';

export const spark: SqlDialect = {
  name: 'spark',
  identifier: backQuoted,
  text: backslashQuoted,
  daysBetween: (later, earlier) => `DATEDIFF(${later}, ${earlier})`,
  labelKey: (expression) => `regexp_replace(lower(${expression}), '[^a-z0-9]', '')`,
  doubleType: 'DOUBLE',
  textType: 'STRING',
};
