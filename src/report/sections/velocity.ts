/** Sales velocity (METRICS.md "Sales velocity") for people and for JSON: what-if and the change against another window. */
import { PERIOD_DAYS, formatDay } from '../../model/calendar.js';
import { groupKeyText, type GroupedResult } from '../../metrics/fold.js';
import type { SeriesUnit } from '../../model/series.js';
import type { Series } from '../../engine/steps/trend.js';
import { ROW_KIND, formatMoney } from '../format.js';
import { groupedTrendSection, periodJson } from './trend.js';
import type { Scope } from '../../metrics/scope.js';
import type { VelocityResult } from '../../metrics/velocity.js';
import { velocityChange, type VelocityChangeResult } from '../../metrics/velocityChange.js';
import { whatIf, type VelocityLevers, type WhatIfResult } from '../../metrics/whatIf.js';
import type { VelocityStepOptions, VelocityStepResult } from '../../engine/steps/velocity.js';
import { column, type RowView, type SectionView } from '../view.js';
import { windowJson } from '../document.js';
import { groupColumns, groupRow, reasonNotes } from './groupView.js';
import { metricOutput } from './output.js';

/** A trend of the command (`--every`): its unit and one grouped result per period. */
export interface VelocityTrend {
  readonly unit: SeriesUnit;
  readonly series: Series<GroupedResult<VelocityResult>>;
}

export function velocityOutput(options: VelocityStepOptions & { readonly levers: VelocityLevers | null }, { result, compared }: VelocityStepResult, trend: VelocityTrend | null = null) {
  const document = velocityDocument(options.by, options.n, options.levers, options.compareScope, result, compared);
  const json = trend === null ? document : { ...document, every: trend.unit, series: velocitySeriesJson(trend, options.levers) };
  return metricOutput({ json, warnings: [] }, () => [...velocitySections(document, options.by, result, compared), ...(trend === null ? [] : [velocityTrendSection(options.by, document.n, trend)])]);
}

/** `series[]`: per period, the fields of the total (no change: that compares whole windows) and the period's groups. */
function velocitySeriesJson(trend: VelocityTrend, levers: VelocityLevers | null) {
  const whatIfOf = (velocity: VelocityResult): WhatIfResult | null => (levers === null ? null : whatIf(velocity.perDay, levers));
  return trend.series.map((entry) => ({
    period: periodJson(entry.period),
    key: {},
    ...velocityJson(entry.result.total),
    whatIf: whatIfOf(entry.result.total),
    change: null,
    groups: entry.result.groups.map((group) => ({ key: group.key, ...velocityJson(group.result), whatIf: whatIfOf(group.result), change: null })),
  }));
}

function velocityTrendSection(by: readonly string[], n: string, trend: VelocityTrend): SectionView {
  return groupedTrendSection(
    trend.series,
    by,
    {
      unit: trend.unit,
      title: 'Sales velocity',
      columns: [
        column('deals', n === 'open' ? 'N (open)' : 'N (closed)', 'count'),
        column('averageWonAmount', 'A (avg won)', 'money'),
        column('winRate', 'W (win rate)', 'ratio'),
        column('cycleDays', 'L (cycle days)', 'days'),
        column('perDay', 'Per day', 'money'),
        column('perMonth', 'Per month', 'money'),
      ],
      row: (velocity) => ({
        deals: velocity.deals,
        averageWonAmount: velocity.averageWonAmount.value,
        winRate: velocity.winRate.value,
        cycleDays: velocity.cycleDays.value,
        perDay: velocity.perDay.value,
        perMonth: velocity.perMonth.value,
      }),
      line: { label: 'Velocity per day', value: (velocity) => velocity.perDay.value, format: formatMoney },
    },
    reasonNotes(trend.series.map((entry) => ({ label: { period: entry.period.label }, reasons: { velocity: entry.result.total.perDay } }))),
  );
}

function velocityDocument(
  by: readonly string[],
  basis: 'open' | 'closed',
  levers: VelocityLevers | null,
  compareScope: Scope | null,
  result: { total: VelocityResult; groups: readonly { key: Readonly<Record<string, string>>; result: VelocityResult }[] },
  compared: { total: VelocityResult; groups: readonly { key: Readonly<Record<string, string>>; result: VelocityResult }[] } | null,
) {
  const whatIfOf = (velocity: VelocityResult): WhatIfResult | null => (levers === null ? null : whatIf(velocity.perDay, levers));
  // The other window's groups by key, looked up once each (not a search per group: thousands of groups).
  const comparedGroups = new Map(compared?.groups.map((group) => [groupKeyText(group.key, by), group.result]));
  const changeOf = (key: Readonly<Record<string, string>> | null, after: VelocityResult): VelocityChangeResult | null => {
    if (compared === null) return null;
    const before = key === null ? compared.total : comparedGroups.get(groupKeyText(key, by));
    return before === undefined ? null : velocityChange(before, after);
  };
  const entry = (key: Readonly<Record<string, string>>, velocity: VelocityResult, isTotal: boolean) => ({
    key,
    ...velocityJson(velocity),
    whatIf: whatIfOf(velocity),
    change: changeOf(isTotal ? null : key, velocity),
  });
  return {
    by,
    n: basis,
    whatIfLevers: levers,
    compare: compareScope === null || compared === null ? null : { window: windowJson(compareScope), asOf: formatDay(compareScope.asOf), total: velocityJson(compared.total) },
    total: entry({}, result.total, true),
    groups: result.groups.map((group) => entry(group.key, group.result, false)),
    whatIf: whatIfOf(result.total),
    change: changeOf(null, result.total),
  };
}

/** The velocity result as it is. */
export function velocityJson(velocity: VelocityResult) {
  return { ...velocity };
}

type VelocityJson = {
  readonly n: string;
  readonly whatIfLevers: VelocityLevers | null;
  readonly whatIf: WhatIfResult | null;
  readonly change: VelocityChangeResult | null;
  readonly compare: { readonly window: { readonly label: string } | null; readonly asOf: string } | null;
};

function velocitySections(
  json: VelocityJson,
  by: readonly string[],
  result: { total: VelocityResult; groups: readonly { key: Readonly<Record<string, string>>; result: VelocityResult }[] },
  compared: { total: VelocityResult } | null,
): SectionView[] {
  const row = (velocity: VelocityResult): RowView => ({
    deals: velocity.deals,
    averageWonAmount: velocity.averageWonAmount.value,
    winRate: velocity.winRate.value,
    cycleDays: velocity.cycleDays.value,
    perDay: velocity.perDay.value,
    perMonth: velocity.perMonth.value,
    perQuarter: velocity.perQuarter.value,
  });
  const columns = [
    column('deals', json.n === 'open' ? 'N (open)' : 'N (closed)', 'count'),
    column('averageWonAmount', 'A (avg won)', 'money'),
    column('winRate', 'W (win rate)', 'ratio'),
    column('cycleDays', 'L (cycle days)', 'days'),
    column('perDay', 'Per day', 'money'),
    column('perMonth', 'Per month', 'money'),
    column('perQuarter', 'Per quarter', 'money'),
  ];
  const sections: SectionView[] = [
    {
      title: 'Sales velocity',
      text: ['velocity = N x A x W / L (revenue per day)'],
      tables: [
        {
          columns: [...groupColumns(by), ...columns],
          rows: result.groups.map((group) => groupRow(by, group.key, row(group.result))),
          total: groupRow(by, null, row(result.total)),
          notes: reasonNotes([...result.groups.map((group) => ({ label: group.key, reasons: { velocity: group.result.perDay } })), { label: null, reasons: { velocity: result.total.perDay } }]),
        },
      ],
    },
  ];
  if (json.whatIf !== null && json.whatIfLevers !== null) {
    const levers = Object.entries(json.whatIfLevers).map(([lever, change]) => `${lever} ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`).join(', ');
    sections.push({
      title: 'What-if',
      text: [`${levers}: velocity x${json.whatIf.multiplier.toFixed(4)} (${json.whatIf.multiplier >= 1 ? '+' : ''}${((json.whatIf.multiplier - 1) * 100).toFixed(1)}%)`],
      tables: [
        {
          columns: [column('label', ''), column('perDay', 'Per day', 'money'), column('perMonth', 'Per month', 'money')],
          rows: [
            { label: 'now', perDay: result.total.perDay.value, perMonth: result.total.perMonth.value },
            { label: 'what-if', perDay: json.whatIf.perDay.value, perMonth: json.whatIf.perDay.value === null ? null : json.whatIf.perDay.value * PERIOD_DAYS.month },
          ],
        },
      ],
    });
  }
  if (compared !== null && json.change !== null && json.compare !== null) {
    const change = json.change;
    const ratio = change.ratio.value;
    const shares = change.levers.value;
    sections.push({
      title: `Change against ${json.compare.window?.label ?? 'the other window'}`,
      text: [ratio === null ? `velocity ratio n/a: ${change.ratio.reason?.message ?? ''}` : `velocity x${ratio.toFixed(3)} (${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%)`],
      tables: [
        {
          columns: [column('lever', 'Lever'), column('before', json.compare.window?.label ?? 'before', 'number'), column('after', 'this window', 'number'), column('share', 'Share of change', 'ratio')],
          rows: [
            // Each lever in its own kind: a count without decimals, money, a rate in %, days.
            { lever: 'N deals', [ROW_KIND]: 'count', before: compared.total.deals, after: result.total.deals, share: shares?.deals ?? null },
            { lever: 'A average won', [ROW_KIND]: 'money', before: compared.total.averageWonAmount.value, after: result.total.averageWonAmount.value, share: shares?.value ?? null },
            { lever: 'W win rate', [ROW_KIND]: 'ratio', before: compared.total.winRate.value, after: result.total.winRate.value, share: shares?.winRate ?? null },
            { lever: 'L cycle days', [ROW_KIND]: 'days', before: compared.total.cycleDays.value, after: result.total.cycleDays.value, share: shares?.cycle ?? null },
            { lever: 'velocity per day', [ROW_KIND]: 'money', before: compared.total.perDay.value, after: result.total.perDay.value, share: null },
          ],
          notes: change.levers.reason === null ? ["share of change: each lever's part of ln(V2/V1); the shares sum to 100%"] : [`lever shares n/a: ${change.levers.reason.message}`],
        },
      ],
    });
  }
  return sections;
}
