/**
 * `dealmath sql METRIC [FILE] --dialect D --table NAME`: the metric as one SQL query over a
 * warehouse table whose columns are the mapped fields (FILE: a sample export whose header and
 * first rows decide the mapping, as the commands do; without one, the generic names and --map).
 */
import { EXIT_OK } from '../../model/errors.js';
import { loadConfig } from '../../io/loadConfig.js';
import { dealColumnsOf } from '../../io/tableColumns.js';
import type { DialectName } from '../../sql/dialect.js';
import { DEFAULT_TABLE_COLUMNS, metricSql } from '../../sql/generate.js';
import type { SqlMetric } from '../../sql/names.js';
import { asOfDay, parseMapFlags, parseWhere, withInputFlags, type Terminal } from '../context.js';
import { refuseFlagsNotFor } from '../sqlFlags.js';
import { sqlHistoryTable, sqlRequest, type SqlMetricFlags } from '../sqlRequest.js';

export interface SqlFlags extends SqlMetricFlags {
  dialect: DialectName;
  table: string;
}

export async function sqlCommand(metric: SqlMetric, file: string | undefined, flags: SqlFlags, terminal: Terminal): Promise<number> {
  refuseFlagsNotFor(metric, flags);
  const { config: fileConfig } = await loadConfig(flags.config, terminal.cwd);
  const config = withInputFlags(fileConfig, flags);
  const map = parseMapFlags(flags.map);
  const table = file === undefined
    ? { name: flags.table, columns: { ...DEFAULT_TABLE_COLUMNS, ...config.columns, ...map } }
    : { name: flags.table, ...(await dealColumnsOf(file, { config, preset: flags.preset, map, delimiter: flags.delimiter, sheet: flags.sheet })) };
  const where = parseWhere(flags.where).map((clause) => ({ ...clause, values: [...clause.values] }));
  const asOf = asOfDay(flags, terminal);
  const request = sqlRequest(metric, flags, { dialect: flags.dialect, table, config, asOf, where }, asOf, config, await sqlHistoryTable(metric, flags, config));
  terminal.stdout.write(metricSql(request));
  return EXIT_OK;
}
