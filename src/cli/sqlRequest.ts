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
import type { SqlHistoryTable } from '../sql/funnel.js';
import { HISTORY_COLUMNS } from '../io/readHistory.js';
import { historyColumnsOf } from '../io/tableColumns.js';
import { periodContaining } from '../model/calendar.js';
import { periodUnit } from '../engine/snapshotRun.js';
import { resolveWindow, scopeOf, type CommonFlags } from './context.js';
import { coverageRateWindow, targetPeriod } from './periodOptions.js';
import { retentionPeriods } from '../model/retentionPeriods.js';

export interface SqlMetricFlags extends CommonFlags {
  open?: OpenPolicy;
  n?: 'open' | 'closed';
  measure?: string;
  threshold?: number;
  target?: number;
  prospectRate?: number;
  compare?: string;
  history?: string[];
  historyTable?: string;
  fromTable?: string;
  toTable?: string;
  rolling?: boolean;
}

export function sqlRequest(metric: SqlMetric, flags: SqlMetricFlags, input: SqlInput, asOf: DayNumber, config: Config, history?: SqlHistoryTable): SqlRequest {
  if (metric === 'funnel' || metric === 'movement') return stageSqlRequest(metric, flags, input, asOf, config, history);
  if (metric === 'coverage') {
    if (flags.target === undefined) throw new DealmathError('usage', 'coverage as SQL needs a team target: --target AMOUNT (per-rep quotas are not generated as SQL)');
    const period = targetPeriod(flags.period, asOf, config.fiscalYearStartMonth);
    const rateWindow = coverageRateWindow(period, flags.from, flags.to, asOf);
    return { ...input, metric, period, rateWindow, target: flags.target, prospectRate: flags.prospectRate ?? config.prospectRate ?? null };
  }
  if (metric === 'retention') {
    // The default of the retention command: this year (to the as-of date) against the last.
    const defaulted = flags.period === undefined && flags.from === undefined ? { ...flags, period: 'this-year' } : flags;
    const { window, period } = resolveWindow(defaulted, asOf, config);
    const periods = retentionPeriods({ period, window, asOf, config }, flags.compare);
    return { ...input, metric, previous: periods.previous, current: periods.current, by: flags.by ?? [] };
  }
  const scope = scopeOf(flags, asOf, resolveWindow(flags, asOf, config).window);
  const minSample = flags.minSample ?? config.thresholds.minSample;
  if (metric === 'winrate') return { ...input, metric, scope, open: flags.open ?? { kind: 'exclude' }, minSample, by: flags.by ?? [] };
  if (metric === 'velocity') return { ...input, metric, scope, n: flags.n ?? 'open', by: flags.by ?? [] };
  return { ...input, metric, scope, by: flags.by?.[0] ?? 'owner', measure: flags.measure ?? 'won', threshold: flags.threshold ?? 0.8 };
}

/** Without --history-table and a sample: `stage_history` with the first column names the history reader takes. */
const DEFAULT_HISTORY_TABLE: SqlHistoryTable = {
  name: 'stage_history',
  columns: { dealId: HISTORY_COLUMNS.dealId[0], stage: HISTORY_COLUMNS.stage[0], entered: HISTORY_COLUMNS.entered[0] },
};

/** The stage-history table of `sql funnel`: --history-table, its columns from a sample --history file (as the funnel command reads one), else the first names the reader takes. */
export async function sqlHistoryTable(metric: SqlMetric, flags: SqlMetricFlags, config: Config): Promise<SqlHistoryTable | undefined> {
  if (metric !== 'funnel') return undefined;
  const [sample] = flags.history ?? [];
  const columns = sample === undefined ? DEFAULT_HISTORY_TABLE.columns : await historyColumnsOf(sample, { config, delimiter: flags.delimiter });
  return { name: flags.historyTable ?? DEFAULT_HISTORY_TABLE.name, columns };
}

/** funnel (the deals and a stage-history table) and movement (two snapshot tables). */
function stageSqlRequest(metric: 'funnel' | 'movement', flags: SqlMetricFlags, input: SqlInput, asOf: DayNumber, config: Config, history: SqlHistoryTable | undefined): SqlRequest {
  if (metric === 'funnel') {
    if ((config.stages ?? []).length === 0) throw new DealmathError('bad-config', 'funnel as SQL needs the stage order: list the stages in the config, e.g. stages: [Qualification, Discovery, Proposal, Negotiation, Closed Won, Closed Lost]');
    const scope = scopeOf(flags, asOf, resolveWindow(flags, asOf, config).window);
    return { ...input, metric, scope, minSample: flags.minSample ?? config.thresholds.minSample, history: history ?? DEFAULT_HISTORY_TABLE, by: flags.by ?? [] };
  }
  if (flags.fromTable === undefined || flags.toTable === undefined) throw new DealmathError('usage', 'movement as SQL needs the two snapshot tables: --from-table EARLIER --to-table LATER (the as-of date is the later snapshot\'s date)');
  if (flags.rolling === true && (flags.period !== undefined || flags.from !== undefined)) throw new DealmathError('usage', 'give either --rolling or a window (--period, --from/--to), not both');
  const window = resolveWindow(flags, asOf, config).window ?? periodContaining(asOf, periodUnit(config, asOf), config.fiscalYearStartMonth);
  return { ...input, metric, fromTable: flags.fromTable, toTable: flags.toTable, window: flags.rolling === true ? { kind: 'rolling' } : { kind: 'window', window }, by: flags.by ?? [] };
}
