/**
 * Account quadrants (METRICS.md "Account quadrants") for people and for JSON: where current
 * and future revenue come from, the quadrants over the accounts (read before), and the won
 * revenue of the deals (the accountRevenue step) when current revenue comes from them.
 */
import { formatDay } from '../../model/calendar.js';
import { DealmathError } from '../../model/errors.js';
import type { ScoringModel } from '../../model/quadrantConfig.js';
import { accountJoinNotes } from '../../model/accountJoin.js';
import type { Account } from '../../model/types.js';
import type { Figure } from '../../metrics/figure.js';
import {
  accountInputs,
  joinCurrentRevenue,
  quadrants,
  QUADRANT_ACTIONS,
  QUADRANT_LETTERS,
  type AccountRevenue,
  type QuadrantResult,
  type ThresholdSpec,
} from '../../metrics/quadrant.js';
import type { Config } from '../../model/config.js';
import type { DayNumber } from '../../model/types.js';
import type { Finding } from '../../model/findings.js';
import type { RowAccounting } from '../../engine/dealRun.js';
import { SCHEMA_VERSION } from '../renderers/json.js';
import type { provenanceJson } from '../document.js';
import { accountsHaveColumn } from '../../model/accountColumns.js';
import { quadrantChart } from '../charts/quadrantChart.js';
import { formatCount, formatMoney } from '../format.js';
import { scatterSvg } from '../svg.js';
import { column, type SectionView } from '../view.js';
import { metricOutput, type MetricOutput } from './output.js';

/** Where C and F come from and how high is told from low, as decided by quadrantSources. */
export interface QuadrantSources {
  /** C from won deals of the 12 months up to the as-of date, joined by account. */
  readonly currentFromDeals: boolean;
  /** The account column C is read from when not from deals (undefined: current_revenue). */
  readonly currentColumn: string | undefined;
  readonly future: { readonly kind: 'model'; readonly model: ScoringModel } | { readonly kind: 'column'; readonly column: string | undefined };
  readonly thresholds: { readonly current: ThresholdSpec; readonly future: ThresholdSpec };
  /** Lines for stderr and the JSON warnings about the choice (deals given but not used...). */
  readonly notes: readonly string[];
}

/**
 * How the deals stand for current revenue: `none` (no deals), `available` (the report reads
 * them anyway: a current-revenue column is preferred, the deals are the fallback) or
 * `requested` (`quadrant --deals`: asking for the deals is asking for their revenue, so they
 * win over a current_revenue column, though not over a column the config names).
 */
export type QuadrantDeals = 'none' | 'available' | 'requested';

/**
 * Decides where C and F come from, from the config's `quadrant:` section and the inputs:
 * - C: the column the config names, when the accounts have it; else the won amount of the
 *   12 months up to the as-of date when the deals are requested, or available and the
 *   accounts have no current_revenue column; else the current_revenue column.
 * - F: the config's scoring model, else the column it names, else future_revenue.
 * A source that is missing stops the command (DealmathError, exit 2) naming the ways out.
 */
export function quadrantSources(config: Config, accounts: readonly Account[], deals: QuadrantDeals): QuadrantSources {
  const settings = config.quadrant ?? {};
  const notes: string[] = [];
  const configuredCurrent = settings.current?.column;
  let currentFromDeals: boolean;
  if (configuredCurrent !== undefined && accountsHaveColumn(accounts, configuredCurrent)) {
    currentFromDeals = false;
    if (deals === 'requested') notes.push(`--deals is not used: current revenue comes from the column "${configuredCurrent}" (quadrant.current.column in the config)`);
  } else if (configuredCurrent !== undefined) {
    if (deals === 'none') {
      throw new DealmathError('missing-input', `current revenue is unknown: the accounts have no column "${configuredCurrent}" (quadrant.current.column in the config); fix the name, or give the deals with --deals`);
    }
    currentFromDeals = true;
    notes.push(`the accounts have no column "${configuredCurrent}" (quadrant.current.column): current revenue comes from won deals`);
  } else if (deals === 'requested') {
    currentFromDeals = true;
  } else if (accountsHaveColumn(accounts, 'current_revenue')) {
    currentFromDeals = false;
  } else if (deals === 'available') {
    currentFromDeals = true;
  } else {
    throw new DealmathError('missing-input', 'current revenue is unknown: the accounts need a current_revenue column (or quadrant.current.column in the config), or give the deals with --deals');
  }

  const model = settings.future?.model;
  const futureColumn = settings.future?.column;
  if (model === undefined) {
    if (futureColumn !== undefined && !accountsHaveColumn(accounts, futureColumn)) {
      throw new DealmathError('missing-input', `future revenue is unknown: the accounts have no column "${futureColumn}" (quadrant.future.column in the config); fix the name, or configure a scoring model (quadrant.future.model)`);
    }
    if (futureColumn === undefined && !accountsHaveColumn(accounts, 'future_revenue')) {
      throw new DealmathError('missing-input', 'future revenue is unknown: the accounts need a future_revenue column, or the config a scoring model (quadrant.future.model)');
    }
  }
  const threshold = (side: { threshold?: number | undefined; percentile?: number | undefined } | undefined): ThresholdSpec =>
    side?.threshold ?? { percentile: side?.percentile ?? 0.5 };
  return {
    currentFromDeals,
    currentColumn: currentFromDeals ? undefined : configuredCurrent,
    future: model !== undefined ? { kind: 'model', model } : { kind: 'column', column: futureColumn },
    thresholds: { current: threshold(settings.current), future: threshold(settings.future) },
    notes,
  };
}

export interface QuadrantJson {
  readonly quadrants: QuadrantResult;
  /** The won revenue joined to the accounts, when C comes from deals. */
  readonly revenue: AccountRevenue | null;
}

export interface QuadrantOptions {
  /** Every account in the table, and the accounts table first (CSV output). */
  readonly full?: boolean;
}

/**
 * The quadrants of `accounts` (read before), with `revenue` the won revenue of the deals when
 * the sources take current revenue from them (null otherwise).
 */
export function quadrantOutput(config: Config, accounts: readonly Account[], sources: QuadrantSources, revenue: AccountRevenue | null, options: QuadrantOptions = {}): MetricOutput<QuadrantJson> {
  const inputs = accountInputs(accounts, {
    current: revenue !== null ? { kind: 'won', revenue } : { kind: 'column', column: sources.currentColumn },
    future: sources.future,
    decimal: config.decimal ?? '.',
  });
  // The example scoring model's levels are money, so F - C is a gap in money.
  const result = quadrants(inputs, { thresholds: sources.thresholds, futureIsMoney: true });
  const warnings = [...sources.notes];
  if (result.unplaced > 0) warnings.push(`${formatCount(result.unplaced)} of ${formatCount(result.accounts.length)} accounts have no quadrant (missing current or future revenue); the JSON output gives each one's reason`);
  if (revenue !== null) warnings.push(...unmatchedRevenue(revenue, accounts));
  return metricOutput({ json: { quadrants: result, revenue }, warnings }, () => [quadrantSection(result, sources, revenue, options)]);
}

/** Won revenue filed under accounts that are not in the accounts file is lost to C: say so (model/accountJoin.ts). */
function unmatchedRevenue(revenue: AccountRevenue, accounts: readonly Account[]): string[] {
  const { join, keyed } = joinCurrentRevenue(accounts, revenue);
  const lines = accountJoinNotes(join, keyed, { what: 'won', leftOutOf: 'current revenue', formatMoney });
  if (revenue.wonWithoutAccount > 0) lines.push(`${formatCount(revenue.wonWithoutAccount)} won deals with no account are left out of current revenue`);
  return lines;
}

/** The quadrant JSON fields of the issue (accounts, quadrants, thresholds) and their counts. */
export function quadrantJson(json: QuadrantResult | QuadrantJson) {
  const result = 'accounts' in json ? json : json.quadrants;
  const revenue = 'accounts' in json ? null : json.revenue;
  return {
    accounts: result.accounts,
    quadrants: result.quadrants,
    thresholds: result.thresholds,
    placed: result.placed,
    unplaced: result.unplaced,
    currentRevenue: revenue === null ? null : { from: formatDay(revenue.from), to: formatDay(revenue.to), wonWithoutAccount: revenue.wonWithoutAccount, wonWithoutAmount: revenue.wonWithoutAmount },
  };
}

/** The accounts and thresholds as the chart and the scatter plot read them: plain values, null when n/a. */
export function quadrantChartInput(result: QuadrantResult) {
  return {
    points: result.accounts.map((account) => ({ id: account.id, name: account.name, current: account.current.value, future: account.future.value, quadrant: account.quadrant.value })),
    thresholds: { current: result.thresholds.current.value, future: result.thresholds.future.value },
  };
}

function thresholdText(spec: ThresholdSpec, threshold: Figure): string {
  const value = threshold.value;
  const shown = value === null ? 'n/a' : formatMoney(value);
  if (typeof spec === 'number') return `${shown} (config)`;
  if (spec.percentile === 0.5) return `${shown} (median of the accounts)`;
  return `${shown} (percentile ${spec.percentile} of the accounts)`;
}

/**
 * The quadrant section: the sources and thresholds, a table per quadrant with a total, and
 * the accounts by quadrant then future revenue. `full`: every account (CSV), accounts first.
 */
export function quadrantSection(result: QuadrantResult, sources: Pick<QuadrantSources, 'currentFromDeals' | 'currentColumn' | 'future' | 'thresholds'>, revenue: AccountRevenue | null, options: { full?: boolean } = {}): SectionView {
  const letterOrder = (letter: string | null): number => (letter === null ? 4 : QUADRANT_LETTERS.indexOf(letter as (typeof QUADRANT_LETTERS)[number]));
  const sorted = [...result.accounts].sort(
    (a, b) => letterOrder(a.quadrant.value) - letterOrder(b.quadrant.value) || (b.future.value ?? -Infinity) - (a.future.value ?? -Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const limit = options.full === true ? sorted.length : 40;
  const { points, thresholds } = quadrantChartInput(result);
  const thresholdsMissing = [result.thresholds.current.reason?.message, result.thresholds.future.reason?.message].filter((reason): reason is string => reason !== undefined);
  const placedTotal = QUADRANT_LETTERS.reduce(
    (sum, letter) => ({ count: sum.count + result.quadrants[letter].count, current: sum.current + result.quadrants[letter].current, future: sum.future + result.quadrants[letter].future }),
    { count: 0, current: 0, future: 0 },
  );
  const currentFrom = sources.currentFromDeals
    ? `won deals of ${revenue === null ? 'the 12 months up to the as-of date' : `${formatDay(revenue.from)} to ${formatDay(revenue.to)}`}`
    : `the column ${sources.currentColumn ?? 'current_revenue'}`;
  const futureFrom = sources.future.kind === 'model' ? "the config's scoring model" : `the column ${sources.future.column ?? 'future_revenue'}`;
  const summary = {
    title: 'Quadrants',
    columns: [column('quadrant', 'Quadrant'), column('action', 'Action'), column('count', 'Accounts', 'count'), column('current', 'Current', 'money'), column('future', 'Future', 'money')],
    rows: QUADRANT_LETTERS.map((letter) => ({ quadrant: letter, action: QUADRANT_ACTIONS[letter], ...result.quadrants[letter] })),
    total: { quadrant: 'Total', action: result.unplaced > 0 ? `placed (${formatCount(result.unplaced)} not placed)` : '', ...placedTotal },
    ...(thresholdsMissing.length === 0 ? {} : { notes: [`thresholds n/a: ${thresholdsMissing.join('; ')}`] }),
  };
  const unplacedReasons = new Map<string, string[]>();
  for (const account of result.accounts) {
    const reason = account.quadrant.reason?.message;
    if (reason !== undefined) unplacedReasons.set(reason, [...(unplacedReasons.get(reason) ?? []), account.id]);
  }
  const accountsTable = {
    title: 'Accounts',
    columns: [column('quadrant', 'Q'), column('id', 'Id'), column('name', 'Name'), column('current', 'Current', 'money'), column('future', 'Future', 'money'), column('gap', 'Gap F - C', 'money')],
    rows: sorted.slice(0, limit).map((account) => ({ quadrant: account.quadrant.value ?? 'n/a', id: account.id, name: account.name ?? '', current: account.current.value, future: account.future.value, gap: account.gap.value })),
    notes: [
      ...[...unplacedReasons.entries()].map(([reason, ids]) => `no quadrant: ${reason} (${ids.slice(0, 4).join(', ')}${ids.length > 4 ? ` and ${ids.length - 4} more` : ''})`),
      ...(sorted.length > limit ? [`${sorted.length - limit} more accounts in the JSON or CSV output`] : []),
    ],
  };
  return {
    title: 'Account quadrants',
    text: [
      `current revenue C from ${currentFrom}; future revenue F from ${futureFrom}; high when at or above the threshold`,
      `thresholds: C ${thresholdText(sources.thresholds.current, result.thresholds.current)}, F ${thresholdText(sources.thresholds.future, result.thresholds.future)}`,
    ],
    chart: quadrantChart(points, thresholds),
    svg: () => scatterSvg(
      points
        .filter((account) => account.quadrant !== null && account.current !== null && account.future !== null)
        .map((account) => ({ label: account.name ?? account.id, x: account.current as number, y: account.future as number, group: account.quadrant ?? '' })),
      { x: thresholds.current, y: thresholds.future },
      'Accounts by current and future revenue',
      { x: 'current revenue', y: 'future revenue' },
    ),
    tables: options.full === true ? [accountsTable, summary] : [summary, accountsTable],
  };
}

/** The quadrant command's document: its JSON (the accounts are its rows; the deals, when read, apart), subtitle and warnings. */
export function quadrantDocument(asOf: DayNumber, read: { readonly rowsRead: number; readonly rowsRejected: number; readonly findings: readonly Finding[] }, run: RowAccounting | null, output: MetricOutput<QuadrantJson>, provenance?: ReturnType<typeof provenanceJson>) {
  const rejected = read.rowsRejected === 0 ? [] : [`${formatCount(read.rowsRejected)} of ${formatCount(read.rowsRead)} account rows rejected (${ruleCounts(read.findings.map((found) => found.rule))}); the JSON findings list them`];
  const warnings = [...rejected, ...output.warnings];
  const json = {
    schemaVersion: SCHEMA_VERSION,
    command: 'quadrant',
    ...(provenance ?? {}),
    asOf: formatDay(asOf),
    window: null,
    rowsRead: read.rowsRead,
    rowsUsed: read.rowsRead - read.rowsRejected,
    rowsRejected: read.rowsRejected,
    rowsFiltered: 0,
    warnings,
    deals: run === null ? null : { rowsRead: run.rowsRead, rowsUsed: run.rowsUsed, rowsRejected: run.rowsRejected, rowsFiltered: run.rowsFiltered },
    findings: read.findings.map((found) => ({ file: found.file, row: found.row, column: found.column, rule: found.rule, value: found.value, message: found.detail })),
    ...quadrantJson(output.json),
  };
  const subtitle = [
    `as of ${formatDay(asOf)}`,
    `${formatCount(read.rowsRead)} account rows read: ${formatCount(read.rowsRead - read.rowsRejected)} used, ${formatCount(read.rowsRejected)} rejected`,
    ...(run === null ? [] : [`${formatCount(run.rowsRead)} deal rows read: ${formatCount(run.rowsUsed)} won deals used, ${formatCount(run.rowsRejected)} rejected, ${formatCount(run.rowsFiltered)} filtered`]),
  ];
  return { json, subtitle, warnings };
}

/** `2 missing-id, 1 bad-amount`: findings counted by rule, most frequent first. */
function ruleCounts(rules: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const rule of rules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([rule, count]) => `${count} ${rule}`)
    .join(', ');
}
