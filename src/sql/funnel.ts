/**
 * Stage conversion as SQL (METRICS.md "Win rates": Stage conversion; metrics/funnel.ts, with the
 * journey rules of metrics/stageJourney.ts): per open stage, the deals that reached it, conversion
 * to the next stage and to won by count and by value, the open deals in it now and the time spent
 * in it, from the deals table and a stage-history table (deal_id, stage, entered: the columns a
 * `--history` file has, found by the same header names).
 */
import { formatDay } from '../model/calendar.js';
import { DealmathError } from '../model/errors.js';
import { normalizeHeader } from '../model/mapping.js';
import { stageOrderOf } from '../model/stageHistory.js';
import type { Scope } from '../metrics/scope.js';
import { tableName } from './dialect.js';
import { dimensionAlias, query, SqlBuilder, type SqlInput } from './source.js';
import { wilsonSql } from './wilson.js';

/** A stage-history table: its name and which column holds each history field. */
export interface SqlHistoryTable {
  readonly name: string;
  readonly columns: { readonly dealId: string; readonly stage: string; readonly entered: string };
}

export interface FunnelSqlOptions extends SqlInput {
  readonly scope: Scope;
  /** A conversion from fewer closed deals than this is flagged small_sample. */
  readonly minSample: number;
  readonly history: SqlHistoryTable;
  /** `--by`: a funnel per group too (level 1, the keys as columns) beside the total (level 0). */
  readonly by?: readonly string[] | undefined;
}

/** Columns of the query a --by key must not take. */
const OUTPUT_COLUMNS = new Set(
  'level stage_index stage reached closed_reached won_reached lost_reached next_stage next_stage_n next_stage_reached next_stage_conversion win_conversion wilson_low wilson_high value_conversion won_value lost_value lost_with_amount small_sample open_furthest open_deals open_value dwell_n dwell_days dwell_rank average_dwell_days median_dwell_days deals closed deals_with_history lost lost_with_reach lost_without_stage_information average_won_cycle_days stage_conversion_known has_history current_index furthest history_furthest last_code lost_code stage_code stage_code_now stage_rank entered previous_code next_entered from_last visit_days'.split(' '),
);

/**
 * One row per open stage, in order, for the total (level 0) and each --by group (level 1, its keys
 * as columns). Columns: stage_index, stage, reached, closed_reached, won_reached, lost_reached,
 * next_stage, next_stage_n, next_stage_conversion, win_conversion, wilson_low, wilson_high,
 * value_conversion, won_value, lost_value, small_sample, open_deals, open_value, dwell_n,
 * average_dwell_days, median_dwell_days; and on every row its level's totals: deals, closed,
 * deals_with_history, lost_without_stage_information, average_won_cycle_days and
 * stage_conversion_known (false when no deal has history and no lost deal a lost stage: every
 * conversion is then NULL, never a guess).
 *
 * Where the SQL can differ from the command: a history row the command rejects (no deal id, a
 * stage the config does not list, no date) is left out here too; several history rows of one deal
 * on one day in two closed stages are ordered by stage rather than by row (it changes no figure);
 * a deal closed after the as-of date whose status comes from IsWon/IsClosed flags keeps its open
 * stage label here (the command forgets it); stage labels fold ASCII letters and digits only
 * (dialect.labelKey); a deal id is taken to be unique in the deals table.
 */
export function funnelSql(options: FunnelSqlOptions): string {
  const order = stageOrderOf(options.config);
  const n = order.open.length;
  if (n === 0) throw new DealmathError('bad-config', 'stage conversion needs the stage order: list the stages in the config, e.g. stages: [Qualification, Discovery, Proposal, Negotiation, Closed Won, Closed Lost]');
  const b = new SqlBuilder(options);
  const { dialect } = b;
  const stageColumn = options.table.columns.stage;
  const lostColumn = options.table.columns.lostStage;
  if (stageColumn === undefined) throw new DealmathError('bad-mapping', 'stage conversion needs the deals\' stage column: map one with --map stage=HEADER');
  const asOf = b.date(options.asOf);
  const last = n - 1;

  // Stage code: index in the open stages, then n, n + 1... for the won and lost labels (the first spelling of a key wins, as model/stageHistory.ts stagePosition).
  const codes = new Map<string, number>();
  [...order.open, ...order.closed].forEach((label, code) => {
    const key = normalizeHeader(label);
    if (key !== '' && !codes.has(key)) codes.set(key, code);
  });
  const codeOf = (expression: string): string =>
    `CASE ${dialect.labelKey(`TRIM(CAST(${expression} AS ${dialect.textType}))`)}\n      ${[...codes].map(([key, code]) => `WHEN ${b.text(key)} THEN ${code}`).join('\n      ')}\n    END`;
  const h = options.history.columns;
  const text = (expression: string): string => `TRIM(CAST(${expression} AS ${dialect.textType}))`;

  const historyEntries = `history_entries AS (
  -- The stage history as entries (deal_id, stage, entered): a row without a deal id, a configured stage or a
  -- date is left out, as the history reader rejects it. stage_code: the open stage's index (0 = first), ${n} and up
  -- for the won and lost labels.
  SELECT deal_id, stage_code, entered
  FROM (
    SELECT ${text(b.id(h.dealId))} AS deal_id,
      ${codeOf(b.id(h.stage))} AS stage_code,
      CAST(${b.id(h.entered)} AS DATE) AS entered
    FROM ${tableName(dialect, options.history.name)}
  ) history_rows
  WHERE deal_id IS NOT NULL AND deal_id <> '' AND stage_code IS NOT NULL AND entered IS NOT NULL
)`;
  const by = options.by ?? [];
  const clash = by.find((name) => OUTPUT_COLUMNS.has(dimensionAlias(name).toLowerCase()));
  if (clash !== undefined) throw new DealmathError('usage', `--by ${clash}: the funnel query has a column of that name; rename the column in a view first`);
  const keys = by.map((name) => b.id(dimensionAlias(name)));
  const keyList = (prefix: string): string => keys.map((key) => `, ${prefix}${key}`).join('');
  const stageAlias = b.id(dimensionAlias(stageColumn));
  const funnelDeals = `funnel_deals AS (
  -- METRICS.md "Window" (basis ${options.scope.basis}): closed deals of the window, open deals at the as-of date; an open
  -- deal's stage and a lost deal's lost_stage as stage codes.
  SELECT deal_id, status, amount, close_date, cycle_days${keyList('')},
    CASE WHEN status = 'open' AND ${stageAlias} <> '(none)' THEN ${codeOf(stageAlias)} END AS stage_code_now,
    CASE WHEN stage_entered > ${asOf} THEN 1 ELSE 0 END AS entered_after_as_of,
    ${lostColumn === undefined ? 'CAST(NULL AS INTEGER)' : `CASE WHEN status = 'lost' AND ${b.id(dimensionAlias(lostColumn))} <> '(none)' THEN ${codeOf(b.id(dimensionAlias(lostColumn)))} END`} AS lost_code
  FROM deals
  WHERE ${b.inScope(options.scope)}
)`;
  const orderBy = `ORDER BY entered, stage_rank, stage_code`;
  const dealEntries = `deal_entries AS (
  -- Each deal's entries in time order (an open deal's up to ${formatDay(options.asOf)}: later ones had not happened);
  -- on one day, in stage order with won and lost last, so same-day moves count as progress.
  SELECT e.deal_id, e.stage_code, CASE WHEN e.stage_code > ${last} THEN ${n} ELSE e.stage_code END AS stage_rank, e.entered,
    d.status, d.close_date
  FROM history_entries e
  JOIN funnel_deals d ON d.deal_id = e.deal_id
  WHERE d.status <> 'open' OR e.entered <= ${asOf}
)`;
  const entriesOrdered = `entries_ordered AS (
  SELECT deal_entries.*, LAG(stage_code) OVER (PARTITION BY deal_id ${orderBy}) AS previous_code
  FROM deal_entries
)`;
  const stageVisits = `stage_visits AS (
  -- Consecutive entries of one stage are one visit. A visit lasts to the next entry, or (the last visit of a
  -- closed deal) to its close date; NULL when neither is known.
  SELECT deal_id, stage_code, status,
    CASE
      WHEN next_entered IS NOT NULL THEN ${b.days('next_entered', 'entered')}
      WHEN status <> 'open' AND close_date >= entered THEN ${b.days('close_date', 'entered')}
    END AS visit_days,
    from_last
  FROM (
    SELECT deal_id, stage_code, status, close_date, entered,
      LEAD(entered) OVER (PARTITION BY deal_id ${orderBy}) AS next_entered,
      ROW_NUMBER() OVER (PARTITION BY deal_id ORDER BY entered DESC, stage_rank DESC, stage_code DESC) AS from_last
    FROM entries_ordered
    WHERE previous_code IS NULL OR previous_code <> stage_code
  ) visits
)`;
  const historyReach = `history_reach AS (
  -- Per deal: the furthest open stage its history entered, and the stage of its last visit.
  SELECT deal_id,
    MAX(CASE WHEN stage_code <= ${last} THEN stage_code END) AS history_furthest,
    MAX(CASE WHEN from_last = 1 THEN stage_code END) AS last_code
  FROM stage_visits
  GROUP BY deal_id
)`;
  const dealPositions = `deal_positions AS (
  -- An open deal's current stage on ${formatDay(options.asOf)} (METRICS.md "Point in time"): its stage when that is
  -- an open stage, else its last visit's; but a deal that entered a stage after that day (a history entry or its
  -- stage-entered date) was where its last visit up to the day leaves it, or unknown.
  SELECT d.deal_id, d.status, d.amount, d.cycle_days${keyList('d.')}, d.lost_code, r.history_furthest,
    CASE WHEN h.deal_id IS NULL THEN 0 ELSE 1 END AS has_history,
    CASE WHEN d.status = 'open' THEN
      CASE WHEN m.deal_id IS NOT NULL OR d.entered_after_as_of = 1 THEN CASE WHEN r.last_code <= ${last} THEN r.last_code END
      ELSE COALESCE(
        CASE WHEN d.stage_code_now <= ${last} THEN d.stage_code_now END,
        CASE WHEN r.last_code <= ${last} THEN r.last_code END) END
    END AS current_index
  FROM funnel_deals d
  LEFT JOIN history_reach r ON r.deal_id = d.deal_id
  LEFT JOIN (SELECT DISTINCT deal_id FROM history_entries) h ON h.deal_id = d.deal_id
  LEFT JOIN (SELECT DISTINCT deal_id FROM history_entries WHERE entered > ${asOf}) m ON m.deal_id = d.deal_id
)`;
  const dealJourneys = `deal_journeys AS (
  -- How far each deal got (METRICS.md: "reached s"): a won deal every open stage; else the furthest stage its
  -- history entered (or its current stage, if further); else a lost deal's lost_stage; else an open deal's
  -- current stage; else unknown (NULL), never guessed. Every stage up to the furthest counts as reached.
  SELECT deal_id, status, amount, cycle_days${keyList('')}, has_history, current_index,
    CASE
      WHEN status = 'won' THEN ${last}
      WHEN history_furthest IS NOT NULL THEN CASE WHEN COALESCE(current_index, -1) > history_furthest THEN current_index ELSE history_furthest END
      WHEN lost_code <= ${last} THEN lost_code
      WHEN current_index IS NOT NULL THEN current_index
    END AS furthest
  FROM deal_positions
)`;
  const openStages = `open_stages AS (
  -- The open stages of the config, in order, each with the stage after it (won after the last).
  ${order.open.map((stage, index) => `SELECT ${index} AS stage_index, ${b.text(stage)} AS stage, ${b.text(order.open[index + 1] ?? 'won')} AS next_stage`).join('\n  UNION ALL ')}
)`;
  const reached = (condition: string): string => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  // The total (level 0, keys NULL) and each --by group (level 1): a group is matched by level and keys (NULL as '').
  const sameGroup = (a: string, c: string): string => [`${a}.level = ${c}.level`, ...keys.map((key) => `COALESCE(${a}.${key}, '') = COALESCE(${c}.${key}, '')`)].join(' AND ');
  const groupBy = (prefix: string): string => `${prefix}level${keyList(prefix)}`;
  const journeyColumns = 'deal_id, status, amount, cycle_days, has_history, current_index, furthest';
  const journeyLevels = `journey_levels AS (
  -- Every deal in the total (level 0)${keys.length === 0 ? '' : ' and in its --by group (level 1)'}.
  SELECT 0 AS level${keys.map((key) => `, CAST(NULL AS ${dialect.textType}) AS ${key}`).join('')}, ${journeyColumns} FROM deal_journeys${keys.length === 0 ? '' : `
  UNION ALL
  SELECT 1 AS level${keyList('')}, ${journeyColumns} FROM deal_journeys`}
)`;
  const funnelGroups = `funnel_groups AS (
  -- The total, always, and each group with a deal.
  SELECT 0 AS level${keys.map((key) => `, CAST(NULL AS ${dialect.textType}) AS ${key}`).join('')}${keys.length === 0 ? '' : `
  UNION ALL
  SELECT DISTINCT 1 AS level${keyList('')} FROM deal_journeys`}
)`;
  const stageReach = `stage_reach AS (
  -- Per open stage: deals that reached it, closed ones (won, lost) with their amounts, open deals whose furthest
  -- stage it is (still undecided there), and open deals in it now.
  SELECT ${groupBy('j.')}, s.stage_index,
    COUNT(*) AS reached,
    ${reached(`j.status <> 'open'`)} AS closed_reached,
    ${reached(`j.status = 'won'`)} AS won_reached,
    ${reached(`j.status = 'lost'`)} AS lost_reached,
    COALESCE(SUM(CASE WHEN j.status = 'won' THEN j.amount END), 0) AS won_value,
    COALESCE(SUM(CASE WHEN j.status = 'lost' THEN j.amount END), 0) AS lost_value,
    ${reached(`j.status = 'lost' AND j.amount > 0`)} AS lost_with_amount,
    ${reached(`j.status = 'open' AND j.furthest = s.stage_index`)} AS open_furthest,
    ${reached(`j.status = 'open' AND j.current_index = s.stage_index`)} AS open_deals,
    COALESCE(SUM(CASE WHEN j.status = 'open' AND j.current_index = s.stage_index THEN j.amount END), 0) AS open_value
  FROM open_stages s
  CROSS JOIN journey_levels j
  WHERE j.furthest >= s.stage_index
  GROUP BY ${groupBy('j.')}, s.stage_index
)`;
  const closedDwell = `closed_dwell AS (
  -- Time in stage (closed deals only): per deal and open stage, the days of its visits with a known end.
  SELECT ${groupBy('j.')}, v.deal_id, v.stage_code AS stage_index, SUM(v.visit_days) AS dwell_days
  FROM stage_visits v
  JOIN journey_levels j ON j.deal_id = v.deal_id
  WHERE v.status <> 'open' AND v.stage_code <= ${last} AND v.visit_days IS NOT NULL
  GROUP BY ${groupBy('j.')}, v.deal_id, v.stage_code
)`;
  const stageDwell = `stage_dwell AS (
  -- Average and median days in each stage; the median is the middle value, or the mean of the two middle ones.
  SELECT ${groupBy('')}, stage_index, COUNT(*) AS dwell_n, AVG(${b.double('dwell_days')}) AS average_dwell_days,
    AVG(CASE WHEN dwell_rank IN (FLOOR(${b.double('dwell_n - 1')} / 2), FLOOR(${b.double('dwell_n')} / 2)) THEN ${b.double('dwell_days')} END) AS median_dwell_days
  FROM (
    SELECT ${groupBy('')}, stage_index, dwell_days,
      ROW_NUMBER() OVER (PARTITION BY ${groupBy('')}, stage_index ORDER BY dwell_days) - 1 AS dwell_rank,
      COUNT(*) OVER (PARTITION BY ${groupBy('')}, stage_index) AS dwell_n
    FROM closed_dwell
  ) ranked
  GROUP BY ${groupBy('')}, stage_index
)`;
  const totals = `funnel_totals AS (
  -- Stage conversion cannot be known when no deal has history and no lost deal says where it was lost.
  SELECT ${groupBy('')}, deals, closed, deals_with_history, lost - lost_with_reach AS lost_without_stage_information, average_won_cycle_days,
    CASE WHEN deals_with_history = 0 AND lost > 0 AND lost_with_reach = 0 THEN FALSE ELSE TRUE END AS stage_conversion_known
  FROM (
    SELECT ${groupBy('g.')}, COUNT(j.level) AS deals,
      COALESCE(SUM(CASE WHEN j.status <> 'open' THEN 1 ELSE 0 END), 0) AS closed,
      COALESCE(SUM(j.has_history), 0) AS deals_with_history,
      COALESCE(SUM(CASE WHEN j.status = 'lost' THEN 1 ELSE 0 END), 0) AS lost,
      COALESCE(SUM(CASE WHEN j.status = 'lost' AND j.furthest IS NOT NULL THEN 1 ELSE 0 END), 0) AS lost_with_reach,
      -- The average sales cycle of the won deals with a known one (the input of pvf --assume-equal-dwell).
      AVG(CASE WHEN j.status = 'won' THEN j.cycle_days END) AS average_won_cycle_days
    FROM funnel_groups g
    LEFT JOIN journey_levels j ON ${sameGroup('j', 'g')}
    GROUP BY ${groupBy('g.')}
  ) counted
)`;
  const counted = ['reached', 'closed_reached', 'won_reached', 'lost_reached', 'won_value', 'lost_value', 'lost_with_amount', 'open_furthest', 'open_deals', 'open_value'];
  const stageCounts = `stage_counts AS (
  -- Every open stage of every group, those no deal reached with zeros.
  SELECT ${groupBy('g.')}, s.stage_index,
    ${counted.map((column) => `COALESCE(r.${column}, 0) AS ${column}`).join(',\n    ')}
  FROM funnel_groups g
  CROSS JOIN open_stages s
  LEFT JOIN stage_reach r ON ${sameGroup('r', 'g')} AND r.stage_index = s.stage_index
)`;
  const conversion = `stage_conversion AS (
  -- Next stage: of the deals that reached the stage and left it (open deals still at their furthest stage are
  -- undecided), the share that reached the next one (won after the last stage).
  SELECT stage_counts.*,
    reached - open_furthest AS next_stage_n,
    CASE WHEN stage_index = ${last} THEN won_reached ELSE LEAD(reached) OVER (PARTITION BY ${groupBy('')} ORDER BY stage_index) END AS next_stage_reached
  FROM stage_counts
)`;
  const known = (expression: string): string => `CASE WHEN t.stage_conversion_known THEN ${expression} END`;
  const wilson = wilsonSql(b, 'c.won_reached', 'c.closed_reached');
  const select = `SELECT
  ${groupBy('c.')}, c.stage_index, s.stage, c.reached, c.closed_reached, c.won_reached, c.lost_reached, s.next_stage, c.next_stage_n,
  ${known(b.ratio('c.next_stage_reached', 'c.next_stage_n'))} AS next_stage_conversion,
  -- Conversion to won by count (Wilson 95% interval) and by value: NULL with no closed deal, and by value when
  -- lost deals carry no amount above 0 (a CRM that zeroes them) or no closed deal carries one.
  ${known(b.ratio('c.won_reached', 'c.closed_reached'))} AS win_conversion,
  ${known(wilson.low)} AS wilson_low,
  ${known(wilson.high)} AS wilson_high,
  ${known(`CASE WHEN c.closed_reached = 0 OR (c.lost_reached > 0 AND c.lost_with_amount = 0) THEN NULL ELSE ${b.ratio('c.won_value', 'c.won_value + c.lost_value')} END`)} AS value_conversion,
  c.won_value, c.lost_value,
  c.closed_reached < ${b.number(options.minSample)} AS small_sample,
  c.open_deals, c.open_value,
  COALESCE(d.dwell_n, 0) AS dwell_n, d.average_dwell_days, d.median_dwell_days,
  t.deals, t.closed, t.deals_with_history, t.lost_without_stage_information, t.average_won_cycle_days, t.stage_conversion_known
FROM stage_conversion c
JOIN open_stages s ON s.stage_index = c.stage_index
LEFT JOIN stage_dwell d ON ${sameGroup('d', 'c')} AND d.stage_index = c.stage_index
JOIN funnel_totals t ON ${sameGroup('t', 'c')}
ORDER BY ${groupBy('c.')}, c.stage_index`;
  const dimensions = [...by, stageColumn, ...(lostColumn === undefined ? [] : [lostColumn])];
  return query(
    [...b.dealsCtes(dimensions, null, true), historyEntries, funnelDeals, dealEntries, entriesOrdered, stageVisits, historyReach, dealPositions, dealJourneys, journeyLevels, funnelGroups, openStages, stageReach, closedDwell, stageDwell, totals, stageCounts, conversion],
    select,
    `-- dealmath funnel as SQL (${options.dialect}): METRICS.md "Win rates", Stage conversion, from ${options.history.name}.`,
  );
}
