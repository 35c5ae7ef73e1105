/**
 * Snowflake: DATEDIFF(day, start, end) counts day boundaries, which for DATE values is end - start
 * (docs.snowflake.com/en/sql-reference/functions/datediff); REGEXP_REPLACE replaces every match
 * by default. Integer division would give a NUMBER with six decimals, hence the DOUBLE casts.
 */
import { doubleQuoted, singleQuoted, type SqlDialect } from '../dialect.js';

export const snowflake: SqlDialect = {
  name: 'snowflake',
  identifier: doubleQuoted,
  text: singleQuoted,
  daysBetween: (later, earlier) => `DATEDIFF(day, ${earlier}, ${later})`,
  labelKey: (expression) => `REGEXP_REPLACE(LOWER(${expression}), '[^a-z0-9]', '')`,
  doubleType: 'DOUBLE',
  textType: 'VARCHAR',
};
