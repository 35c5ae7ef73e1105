/**
 * BigQuery (GoogleSQL): backquoted identifiers, backslash escapes in strings, DATE_DIFF(end,
 * start, DAY) (cloud.google.com/bigquery/docs/reference/standard-sql/date_functions#date_diff),
 * FLOAT64; REGEXP_REPLACE replaces every match.
 */
import { backQuoted, backslashQuoted, type SqlDialect } from '../dialect.js';

export const bigquery: SqlDialect = {
  name: 'bigquery',
  identifier: backQuoted,
  text: backslashQuoted,
  daysBetween: (later, earlier) => `DATE_DIFF(${later}, ${earlier}, DAY)`,
  labelKey: (expression) => `REGEXP_REPLACE(LOWER(${expression}), r'[^a-z0-9]', '')`,
  doubleType: 'FLOAT64',
  textType: 'STRING',
};
