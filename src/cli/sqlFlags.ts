/**
 * The flags of `dealmath sql METRIC` that only some metrics use, in one table: the help tags
 * each with its metrics, and a flag given for a metric that does not use it is refused (exit 2)
 * rather than dropped from the query without a word.
 */
import { Option } from 'commander';
import { DealmathError } from '../model/errors.js';
import type { SqlMetric } from '../sql/names.js';
import { collect, collectList, parseAmountOption, parsePositiveInteger, parseRatioOption } from './context.js';
import { parseOpenPolicyOption } from './openPolicyOption.js';

interface SqlMetricFlag {
  readonly metrics: readonly SqlMetric[];
  /** The option, its description without the metrics (added from `metrics`). */
  readonly option: () => Option;
}

const SQL_METRIC_FLAGS: readonly SqlMetricFlag[] = [
  { metrics: ['winrate', 'velocity', 'pareto', 'funnel'], option: () => new Option('--basis <basis>', 'which date puts a closed deal in the window (default close)').choices(['close', 'created']) },
  { metrics: ['winrate', 'velocity', 'pareto', 'retention', 'funnel', 'movement'], option: () => new Option('--by <dims>', 'group by one or more columns: owner, account, stage, segment, any column (comma-separated; pareto: the first is the entity, default owner)').argParser(collectList) },
  { metrics: ['winrate', 'funnel'], option: () => new Option('--min-sample <n>', 'closed deals below which a rate is flagged as a small sample, 1 or more (default: config, 30)').argParser(parsePositiveInteger) },
  { metrics: ['winrate'], option: () => new Option('--open <policy>', 'open deals: exclude (default), include, age-out or age-out:DAYS').argParser(parseOpenPolicyOption) },
  { metrics: ['velocity'], option: () => new Option('--n <basis>', 'N is open deals at the as-of date (default) or closed deals in the window').choices(['open', 'closed']) },
  { metrics: ['pareto'], option: () => new Option('--measure <measure>', 'won (won amount, default), count (won deals) or a numeric column') },
  { metrics: ['pareto'], option: () => new Option('--threshold <share>', 'cumulative share that defines the top group (default 0.8)').argParser(parseRatioOption) },
  { metrics: ['coverage'], option: () => new Option('--target <amount>', 'team target for the period (--period: the target period; --from/--to: the rate window)').argParser(parseAmountOption) },
  { metrics: ['coverage'], option: () => new Option('--prospect-rate <p>', 'prospect-to-opportunity rate (0.1 = 1 in 10)').argParser(parseRatioOption) },
  { metrics: ['retention'], option: () => new Option('--compare <period>', 'the previous period (default: the one before --period, to the same day when --period is under way)') },
  { metrics: ['funnel'], option: () => new Option('--history-table <name>', 'the stage-history table (deal_id, stage, entered; default stage_history)') },
  { metrics: ['funnel'], option: () => new Option('--history <file>', 'a sample export of the stage history: its header names the history table\'s columns, as the funnel command reads it').argParser(collect) },
  { metrics: ['movement'], option: () => new Option('--from-table <name>', 'the earlier snapshot table (deals with the columns of FILE)') },
  { metrics: ['movement'], option: () => new Option('--to-table <name>', 'the later snapshot table, taken on the as-of date (--period and the default quarter are read from it)') },
  { metrics: ['movement'], option: () => new Option('--rolling', 'all open pipeline, whatever its close date (default window: the period containing the as-of date)') },
];

/** Each flag of the table, its help starting with the metrics it applies to (`pareto: ...`). */
export function sqlMetricOptions(): Option[] {
  return SQL_METRIC_FLAGS.map(({ metrics, option }) => {
    const made = option();
    made.description = `${metrics.join(', ')}: ${made.description}`;
    return made;
  });
}

/** Refuses (exit 2) the first flag given that `metric` does not use: `--compare applies to sql retention only, not velocity`. */
export function refuseFlagsNotFor(metric: SqlMetric, flags: object): void {
  const given = flags as Readonly<Record<string, unknown>>;
  for (const { metrics, option } of SQL_METRIC_FLAGS) {
    const made = option();
    if (metrics.includes(metric) || given[made.attributeName()] === undefined) continue;
    throw new DealmathError('usage', `${made.long as string} applies to sql ${metrics.join(', ')} only, not ${metric}`);
  }
}
