/**
 * The options of `dealmath sql METRIC` as the generator's request: the same windows, periods and
 * defaults the metric's own command resolves from the same flags, so the SQL answers what the
 * command answers.
 */
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import type { DayNumber } from '../model/types.js';
import type { OpenPolicy } from '../metrics/winRate.js';
import type { SqlRequest } from '../sql/generate.js';
import type { SqlMetric } from '../sql/names.js';
import type { SqlInput } from '../sql/source.js';
import { resolveWindow, scopeOf, type CommonFlags } from './context.js';
import { coverageRateWindow, targetPeriod } from './periodOptions.js';
import { retentionPeriods } from './accountAnalysis.js';

export interface SqlMetricFlags extends CommonFlags {
  open?: OpenPolicy;
  n?: 'open' | 'closed';
  measure?: string;
  threshold?: number;
  target?: number;
  prospectRate?: number;
  compare?: string;
}

export function sqlRequest(metric: SqlMetric, flags: SqlMetricFlags, input: SqlInput, asOf: DayNumber, config: Config): SqlRequest {
  if (metric === 'coverage') {
    if (flags.target === undefined) throw new DealmathError('usage', 'coverage as SQL needs a team target: --target AMOUNT (per-rep quotas are not generated as SQL)');
    const period = targetPeriod(flags.period, asOf, config.fiscalYearStartMonth);
    const rateWindow = coverageRateWindow(period, flags.from, flags.to, asOf);
    return { ...input, metric, period, rateWindow, target: flags.target, prospectRate: flags.prospectRate ?? config.prospectRate ?? null };
  }
  if (metric === 'retention') {
    const { window, period } = resolveWindow(flags, asOf, config);
    const periods = retentionPeriods({ period, window, asOf, config }, flags.compare);
    return { ...input, metric, previous: periods.previous, current: periods.current, by: flags.by ?? [] };
  }
  const scope = scopeOf(flags, asOf, resolveWindow(flags, asOf, config).window);
  const minSample = flags.minSample ?? config.thresholds.minSample;
  if (metric === 'winrate') return { ...input, metric, scope, open: flags.open ?? { kind: 'exclude' }, minSample, by: flags.by ?? [] };
  if (metric === 'velocity') return { ...input, metric, scope, n: flags.n ?? 'open', by: flags.by ?? [] };
  return { ...input, metric, scope, by: flags.by?.[0] ?? 'owner', measure: flags.measure ?? 'won', threshold: flags.threshold ?? 0.8 };
}
