/**
 * Pipeline movement as SQL (METRICS.md "Pipeline movement (snapshots)"; metrics/movement.ts):
 * the waterfall of a window's open pipeline between two snapshot tables of one pipeline, joined
 * by deal id. Each deal's state in each snapshot (A open closing in the window, B open closing
 * outside it, W won, L lost, X absent) puts it in exactly one bucket;
 * start + created + pulled_in + reopened + increased - decreased - pushed_out - won - lost - removed = end.
 */
import { formatDay } from '../model/calendar.js';
import { DealmathError } from '../model/errors.js';
import type { MovementWindow } from '../metrics/movement.js';
import { dimensionAlias, levelOrder, levels, query, SqlBuilder, type SqlInput } from './source.js';

export interface MovementSqlOptions extends SqlInput {
  /** The earlier snapshot (S0) and the later one (S1): tables of deals with the columns of `table`. */
  readonly fromTable: string;
  readonly toTable: string;
  readonly window: MovementWindow;
  /** `--by`: the waterfall per group too, a deal in the group of the later snapshot (else the earlier). */
  readonly by?: readonly string[] | undefined;
}

/** Columns of the query a --by key must not take. */
const OUTPUT_COLUMNS = new Set(['level', 'step', 'category', 'direction', 'deals', 'bucket', 'moved', 'movement_state', 'state_before', 'state_after', 'amount_before', 'amount_after']);

/** The rows of the waterfall, in order: [category, direction]. */
const CATEGORIES: readonly (readonly [string, 'start' | 'add' | 'subtract' | 'end' | 'none'])[] = [
  ['start', 'start'],
  ['created', 'add'],
  ['pulled_in', 'add'],
  ['reopened', 'add'],
  ['increased', 'add'],
  ['decreased', 'subtract'],
  ['pushed_out', 'subtract'],
  ['won', 'subtract'],
  ['lost', 'subtract'],
  ['removed', 'subtract'],
  ['end', 'end'],
  ['unchanged', 'none'],
  ['outside', 'none'],
];

/**
 * One row per waterfall category, in order, for the total (level 0) and each --by group (level 1,
 * its keys as columns). Columns: level, the keys, step (1 = start), category (start, created,
 * pulled_in, reopened, increased, decreased, pushed_out, won, lost, removed, end, unchanged,
 * outside), direction (start, add, subtract, end; none for the deals that do not move the window's
 * open pipeline), deals and amount (non-negative, in the base currency; a deal without an amount
 * counts 0). A deal id must be unique within each snapshot table (the command keeps the first row
 * of a repeated id and rejects the others).
 */
export function movementSql(options: MovementSqlOptions): string {
  const snapshot = (name: string): SqlBuilder => new SqlBuilder({ ...options, table: { ...options.table, name } });
  const before = snapshot(options.fromTable);
  const after = snapshot(options.toTable);
  const b = before;
  const where = options.where ?? [];
  const whereSql = where
    .map((clause) => `\n    AND LOWER(${b.id(dimensionAlias(clause.dimension))}) ${clause.negate ? 'NOT IN' : 'IN'} (${clause.values.map((value) => b.text(value.toLowerCase())).join(', ')})`)
    .join('');
  const { window } = options;
  const by = options.by ?? [];
  const clash = by.find((name) => OUTPUT_COLUMNS.has(dimensionAlias(name).toLowerCase()));
  if (clash !== undefined) throw new DealmathError('usage', `--by ${clash}: the movement query has a column of that name; rename the column in a view first`);
  const keys = by.map((name) => b.id(dimensionAlias(name)));
  const keyList = (prefix: string): string => keys.map((key) => `,\n    ${prefix}${key}`).join('');
  const inWindow = window.kind === 'rolling' ? 'TRUE' : `close_date BETWEEN ${b.date(window.window.from)} AND ${b.date(window.window.to)}`;
  const windowText = window.kind === 'rolling' ? 'every open deal (rolling)' : `expected close ${formatDay(window.window.from)} to ${formatDay(window.window.to)}`;
  const states = (name: string, records: string): string => `${name} AS (
  -- Each deal's state in the snapshot against the window (${windowText}): W won, L lost,
  -- A open closing in the window, B open closing outside it (or with no expected close).
  SELECT TRIM(deal_id) AS deal_id,
    COALESCE(amount, 0) AS amount${keyList('')},
    CASE
      WHEN stated_status = 'won' THEN 'W'
      WHEN stated_status = 'lost' THEN 'L'
      WHEN ${inWindow} THEN 'A'
      ELSE 'B'
    END AS movement_state
  FROM ${records}
  WHERE stated_status IS NOT NULL AND deal_id IS NOT NULL AND TRIM(deal_id) <> ''${whereSql}
)`;
  const pairs = `deal_pairs AS (
  -- The two snapshots joined by deal id; X: absent from one of them.${keys.length === 0 ? '' : ' A deal\'s group is the later snapshot\'s, else the earlier one\'s.'}
  SELECT COALESCE(s0.movement_state, 'X') AS state_before, COALESCE(s1.movement_state, 'X') AS state_after,
    COALESCE(s0.amount, 0) AS amount_before, COALESCE(s1.amount, 0) AS amount_after${keys.map((key) => `,\n    CASE WHEN s1.deal_id IS NULL THEN s0.${key} ELSE s1.${key} END AS ${key}`).join('')}
  FROM states_before s0
  FULL OUTER JOIN states_after s1 ON s1.deal_id = s0.deal_id
)`;
  const buckets = `deal_buckets AS (
  -- One bucket per deal by its pair of states, and the non-negative amount it moves.
  SELECT state_before, state_after, amount_before, amount_after, bucket${keys.map((key) => `, ${key}`).join('')},
    CASE
      WHEN bucket = 'increased' THEN amount_after - amount_before
      WHEN bucket = 'decreased' THEN amount_before - amount_after
      WHEN bucket IN ('pushed_out', 'won', 'lost', 'removed') THEN amount_before
      WHEN bucket IN ('created', 'pulled_in', 'reopened') THEN amount_after
      ELSE 0
    END AS moved
  FROM (
    SELECT deal_pairs.*,
      CASE
        WHEN state_before = 'A' AND state_after = 'A' AND amount_after > amount_before THEN 'increased'
        WHEN state_before = 'A' AND state_after = 'A' AND amount_after < amount_before THEN 'decreased'
        WHEN state_before = 'A' AND state_after = 'A' THEN 'unchanged'
        WHEN state_before = 'A' AND state_after = 'B' THEN 'pushed_out'
        WHEN state_before = 'A' AND state_after = 'W' THEN 'won'
        WHEN state_before = 'A' AND state_after = 'L' THEN 'lost'
        WHEN state_before = 'A' THEN 'removed'
        WHEN state_after = 'A' AND state_before = 'B' THEN 'pulled_in'
        WHEN state_after = 'A' AND state_before = 'X' THEN 'created'
        WHEN state_after = 'A' THEN 'reopened'
        ELSE 'outside'
      END AS bucket
    FROM deal_pairs
  ) bucketed
)`;
  const count = (condition: string): string => `COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;
  const amount = (condition: string, value: string): string => `COALESCE(SUM(CASE WHEN ${condition} THEN ${value} END), 0)`;
  const columns = CATEGORIES.flatMap(([category]) => {
    if (category === 'start') return [`${count(`state_before = 'A'`)} AS start_deals`, `${amount(`state_before = 'A'`, 'amount_before')} AS start_amount`];
    if (category === 'end') return [`${count(`state_after = 'A'`)} AS end_deals`, `${amount(`state_after = 'A'`, 'amount_after')} AS end_amount`];
    return [`${count(`bucket = '${category}'`)} AS ${category}_deals`, `${amount(`bucket = '${category}'`, 'moved')} AS ${category}_amount`];
  });
  const totals = `movement_totals AS (
  -- start: the window's open pipeline at the earlier snapshot (deals in A); end: at the later one. Level 0: the total;${keys.length === 0 ? '' : ' level 1: each group.'}
${levels(b, by, () => `    ${columns.join(',\n    ')}\n  FROM deal_buckets`)}
)`;
  const select = CATEGORIES.map(
    ([category, direction], index) =>
      `SELECT ${['level', ...keys].join(', ')}, ${index + 1} AS step, ${b.text(category)} AS category, ${b.text(direction)} AS direction, ${category}_deals AS deals, ${b.double(`${category}_amount`)} AS amount FROM movement_totals`,
  ).join('\nUNION ALL\n');
  const dimensions = [...by, ...where.map((clause) => clause.dimension)];
  return query(
    [before.recordsAs('snapshot_before', dimensions), after.recordsAs('snapshot_after', dimensions), states('states_before', 'snapshot_before'), states('states_after', 'snapshot_after'), pairs, buckets, totals],
    `${select}\n${levelOrder(b, by)}, step`,
    `-- dealmath movement as SQL (${options.dialect}): METRICS.md "Pipeline movement (snapshots)", ${options.fromTable} to ${options.toTable}.`,
  );
}
