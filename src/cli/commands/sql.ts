/**
 * `dealmath sql METRIC [FILE] --dialect D --table NAME`: the metric as one SQL query over a
 * warehouse table whose columns are the mapped fields (FILE: a sample export whose header and
 * first rows decide the mapping, as the commands do; without one, the generic names and --map).
 */
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { OpenPolicy } from '../../metrics/winRate.js';
import { loadConfig } from '../../io/loadConfig.js';
import { dealColumnsOf } from '../../io/tableColumns.js';
import type { DialectName } from '../../sql/dialect.js';
import { DEFAULT_TABLE_COLUMNS, metricSql, type SqlRequest } from '../../sql/generate.js';
import type { SqlMetric } from '../../sql/names.js';
import { asOfDay, parseMapFlags, parseWhere, resolveWindow, scopeOf, withInputFlags, type CommonFlags, type Terminal } from '../context.js';
import { coverageRateWindow, targetPeriod } from '../periodOptions.js';
import { retentionPeriods } from '../accountAnalysis.js';

export interface SqlFlags extends CommonFlags {
  dialect: DialectName;
  table: string;
  open?: OpenPolicy;
  n?: 'open' | 'closed';
  measure?: string;
  threshold?: number;
  target?: number;
  prospectRate?: number;
  compare?: string;
}

export async function sqlCommand(metric: SqlMetric, file: string | undefined, flags: SqlFlags, terminal: Terminal): Promise<number> {
  const { config: fileConfig } = await loadConfig(flags.config, terminal.cwd);
  const config = withInputFlags(fileConfig, flags);
  const map = parseMapFlags(flags.map);
  const asOf = asOfDay(flags, terminal);
  const table = file === undefined
    ? { name: flags.table, columns: { ...DEFAULT_TABLE_COLUMNS, ...config.columns, ...map } }
    : { name: flags.table, ...(await dealColumnsOf(file, { config, preset: flags.preset, map, delimiter: flags.delimiter, sheet: flags.sheet })) };
  const where = parseWhere(flags.where).map((clause) => ({ ...clause, values: [...clause.values] }));
  const input = { dialect: flags.dialect, table, config, asOf, where };
  const minSample = flags.minSample ?? config.thresholds.minSample;
  let request: SqlRequest;
  if (metric === 'coverage') {
    if (flags.target === undefined) throw new DealmathError('usage', 'coverage as SQL needs a team target: --target AMOUNT (per-rep quotas are not generated as SQL)');
    const period = targetPeriod(flags.period, asOf, config.fiscalYearStartMonth);
    const rateWindow = coverageRateWindow(period, flags.from, flags.to, asOf);
    request = { ...input, metric, period, rateWindow, target: flags.target, prospectRate: flags.prospectRate ?? config.prospectRate ?? null };
  } else if (metric === 'retention') {
    if ((flags.by ?? []).length > 0) throw new DealmathError('usage', 'retention as SQL is the total only: --by is the retention command\'s');
    const { window, period } = resolveWindow(flags, asOf, config);
    const periods = retentionPeriods({ period, window, asOf, config }, flags.compare);
    request = { ...input, metric, previous: periods.previous, current: periods.current };
  } else {
    const scope = scopeOf(flags, asOf, resolveWindow(flags, asOf, config).window);
    if (metric === 'winrate') request = { ...input, metric, scope, open: flags.open ?? { kind: 'exclude' }, minSample, by: flags.by ?? [] };
    else if (metric === 'velocity') request = { ...input, metric, scope, n: flags.n ?? 'open', by: flags.by ?? [] };
    else request = { ...input, metric, scope, by: flags.by?.[0] ?? 'owner', measure: flags.measure ?? 'won', threshold: flags.threshold ?? 0.8 };
  }
  terminal.stdout.write(metricSql(request));
  return EXIT_OK;
}
