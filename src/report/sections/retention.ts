/** Revenue retention (metrics/retention.ts) for people: the figures in total and per group, and the churned accounts. */
import { formatDay, type Window } from '../../model/calendar.js';
import type { RetentionResult, RetentionTotals } from '../../metrics/retention.js';
import { formatCount, formatMoney, formatRatio } from '../format.js';
import type { AccountJoin } from '../../model/accountJoin.js';
import { column, type RowView, type SectionView } from '../view.js';
import type { RetentionPeriods } from '../../model/retentionPeriods.js';
import { metricOutput } from './output.js';

/** retention's JSON (after the common header) and its sections: the two periods, and with --every the series. */
export function retentionOutput(
  options: { readonly periods: RetentionPeriods; readonly by: readonly string[]; readonly series: readonly (RetentionPeriods & { readonly total: RetentionTotals })[] | null },
  result: RetentionResult,
  join: AccountJoin | null,
) {
  const { periods, series } = options;
  const by = options.by.length === 0 ? null : options.by.join(' / ');
  const window = (w: Window) => ({ from: formatDay(w.from), to: formatDay(w.to), label: w.label });
  const json = {
    periods: { current: window(periods.current), previous: { ...window(periods.previous), toDate: periods.toDate } },
    by: options.by,
    total: result.total,
    groups: result.groups.map((group) => ({ key: { [by ?? '']: group.group }, ...group.totals })),
    churnedAccounts: result.churnedAccounts,
    accountJoin: join === null ? null : { normalizedMatches: join.normalizedMatches, unmatched: join.unmatched },
    ...(series === null ? {} : { series: series.map((entry) => ({ current: window(entry.current), previous: { ...window(entry.previous), toDate: entry.toDate }, total: entry.total })) }),
  };
  return metricOutput({ json, warnings: [] }, () => [retentionSection(result, { ...periods, by }), ...(series === null ? [] : [retentionSeriesSection(series)])]);
}

export interface RetentionViewOptions {
  readonly current: Window;
  readonly previous: Window;
  readonly toDate: boolean;
  /** The --by names, joined; null without --by. */
  readonly by: string | null;
  /** Churned accounts listed in the table (all are in the JSON). */
  readonly churnedLimit?: number;
}

const span = (window: Window): string => `${window.label} (${formatDay(window.from)} to ${formatDay(window.to)})`;

export function retentionSection(result: RetentionResult, options: RetentionViewOptions): SectionView {
  const row = (label: string, totals: RetentionTotals): RowView => ({
    label,
    grr: totals.grr.value,
    nrr: totals.nrr.value,
    logoRetention: totals.logoRetention.value,
    accountsStart: totals.accountsStart,
    churned: totals.churned,
    revenueStart: totals.revenueStart,
    revenueEnd: totals.revenueEnd,
    newAccountRevenue: totals.newAccountRevenue,
  });
  const total = result.total;
  const churnedRevenue = result.churnedAccounts.reduce((sum, account) => sum + account.previousRevenue, 0);
  const statement =
    total.grr.value === null || total.nrr.value === null || total.logoRetention.value === null
      ? `retention: ${total.grr.reason?.message ?? 'n/a'}`
      : `${formatCount(total.accountsRetained)} of ${formatCount(total.accountsStart)} accounts kept (logo retention ${formatRatio(total.logoRetention.value)}); GRR ${formatRatio(total.grr.value)}, NRR ${formatRatio(total.nrr.value)}; ${formatCount(total.churned)} churned (${formatMoney(churnedRevenue)} won from them before); ${formatMoney(total.newAccountRevenue)} from ${formatCount(total.newAccounts)} new accounts`;
  const limit = options.churnedLimit ?? 20;
  return {
    title: 'Revenue retention',
    text: [
      `won revenue per account in ${span(options.current)} against ${span(options.previous)}${options.toDate ? ' (the previous period to the same elapsed day)' : ''}`,
      'GRR = sum min(R2, R1) / sum R1; NRR = sum R2 / sum R1; over accounts that won revenue in the previous period; new accounts apart',
      statement,
    ],
    tables: [
      {
        columns: [
          column('label', options.by ?? ''),
          column('grr', 'GRR', 'ratio'),
          column('nrr', 'NRR', 'ratio'),
          column('logoRetention', 'Logo retention', 'ratio'),
          column('accountsStart', 'Accounts at start', 'count'),
          column('churned', 'Churned', 'count'),
          column('revenueStart', 'Revenue before', 'money'),
          column('revenueEnd', 'Revenue now', 'money'),
          column('newAccountRevenue', 'New accounts', 'money'),
        ],
        rows: result.groups.map((group) => row(group.group, group.totals)),
        total: row('Total', total),
        notes: total.grr.reason === null ? [] : [`${total.grr.reason.message}`],
      },
      {
        title: 'Churned accounts',
        columns: [column('account', 'Account'), column('name', 'Name'), column('owner', 'Owner'), column('previousRevenue', 'Previous revenue', 'money')],
        rows: result.churnedAccounts.slice(0, limit).map((account) => ({ account: account.account, name: account.name ?? '', owner: account.owner ?? '', previousRevenue: account.previousRevenue })),
        notes: result.churnedAccounts.length > limit ? [`${result.churnedAccounts.length - limit} more churned accounts in the JSON or CSV output`] : [],
      },
    ],
  };
}

/** `--every`: one row per period against the one before it, oldest first. */
export function retentionSeriesSection(series: readonly { readonly current: Window; readonly previous: Window; readonly toDate: boolean; readonly total: RetentionTotals }[]): SectionView {
  return {
    title: 'Retention by period',
    text: ['each period against the one before it; a period under way against the previous one to the same elapsed day'],
    tables: [
      {
        columns: [
          column('period', 'Period'),
          column('previous', 'Against'),
          column('grr', 'GRR', 'ratio'),
          column('nrr', 'NRR', 'ratio'),
          column('logoRetention', 'Logo retention', 'ratio'),
          column('accountsStart', 'Accounts at start', 'count'),
          column('churned', 'Churned', 'count'),
          column('newAccountRevenue', 'New accounts', 'money'),
        ],
        rows: series.map((entry) => ({
          period: entry.current.label,
          previous: entry.previous.label,
          grr: entry.total.grr.value,
          nrr: entry.total.nrr.value,
          logoRetention: entry.total.logoRetention.value,
          accountsStart: entry.total.accountsStart,
          churned: entry.total.churned,
          newAccountRevenue: entry.total.newAccountRevenue,
        })),
      },
    ],
  };
}
