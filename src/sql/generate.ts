/**
 * One entry for every metric dealmath writes as SQL: `metricSql(request)` is what
 * `dealmath sql METRIC` prints (and what `--engine duckdb` runs).
 */
import type { Window } from '../model/calendar.js';
import type { Scope } from '../metrics/scope.js';
import type { OpenPolicy } from '../metrics/winRate.js';
import type { MovementWindow } from '../metrics/movement.js';
import { coverageSql } from './coverage.js';
import { funnelSql, type SqlHistoryTable } from './funnel.js';
import { movementSql } from './movement.js';
import { paretoSql } from './pareto.js';
import { retentionSql } from './retention.js';
import type { SqlInput } from './source.js';
import { velocitySql } from './velocity.js';
import { winRateSql } from './winRate.js';

export { SQL_METRICS, type SqlMetric } from './names.js';

export type SqlRequest = SqlInput &
  (
    | { readonly metric: 'winrate'; readonly scope: Scope; readonly open: OpenPolicy; readonly minSample: number; readonly by: readonly string[] }
    | { readonly metric: 'velocity'; readonly scope: Scope; readonly n: 'open' | 'closed'; readonly by: readonly string[] }
    | { readonly metric: 'pareto'; readonly scope: Scope; readonly by: string; readonly measure: string; readonly threshold: number }
    | { readonly metric: 'retention'; readonly previous: Window; readonly current: Window; readonly by?: readonly string[] }
    | { readonly metric: 'coverage'; readonly period: Window; readonly rateWindow: Window; readonly target: number; readonly prospectRate: number | null }
    | { readonly metric: 'funnel'; readonly scope: Scope; readonly minSample: number; readonly history: SqlHistoryTable; readonly by: readonly string[] }
    | { readonly metric: 'movement'; readonly fromTable: string; readonly toTable: string; readonly window: MovementWindow; readonly by: readonly string[] }
  );

/** The query for one metric, in the request's dialect. */
export function metricSql(request: SqlRequest): string {
  switch (request.metric) {
    case 'winrate':
      return winRateSql(request);
    case 'velocity':
      return velocitySql(request);
    case 'pareto':
      return paretoSql(request);
    case 'coverage':
      return coverageSql(request);
    case 'retention':
      return retentionSql(request);
    case 'funnel':
      return funnelSql(request);
    case 'movement':
      return movementSql(request);
  }
}

/** The columns a table is taken to have when no sample file names them: the generic names, overridden by the mapping given. */
export const DEFAULT_TABLE_COLUMNS = {
  id: 'id',
  account: 'account',
  owner: 'owner',
  stage: 'stage',
  amount: 'amount',
  currency: 'currency',
  created: 'created',
  close: 'close',
} as const;
