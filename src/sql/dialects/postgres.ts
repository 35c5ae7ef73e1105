/** PostgreSQL: DATE - DATE is an integer of days; regexp_replace replaces every match with 'g'. */
import { doubleQuoted, singleQuoted, type SqlDialect } from '../dialect.js';

export const postgres: SqlDialect = {
  name: 'postgres',
  identifier: doubleQuoted,
  text: singleQuoted,
  daysBetween: (later, earlier) => `(${later} - ${earlier})`,
  labelKey: (expression) => `regexp_replace(lower(${expression}), '[^a-z0-9]', '', 'g')`,
  doubleType: 'DOUBLE PRECISION',
  textType: 'TEXT',
};
