/** Win rates (METRICS.md "Win rates") for people and for JSON. */
import { normalizeHeader } from '../../model/mapping.js';
import type { Figure } from '../../metrics/figure.js';
import type { GroupedResult } from '../../metrics/fold.js';
import { typeRatio } from '../../metrics/typeRatio.js';
import type { OpenPolicy, WinRateResult } from '../../metrics/winRate.js';
import type { SeriesUnit } from '../../model/series.js';
import type { Series } from '../../engine/steps/trend.js';
import { formatRatio } from '../format.js';
import { rateBarsSvg } from '../svg.js';
import { groupedTrendSection, periodJson } from './trend.js';
import { column, type RowView, type SectionView } from '../view.js';
import { groupColumns, groupRow, reasonNotes, smallSampleWarning } from './groupView.js';
import { metricOutput } from './output.js';
import { typeRatioSection } from './typeRatio.js';

/** A trend of the command (`--every`): its unit and one grouped result per period. */
export interface WinRateTrend {
  readonly unit: SeriesUnit;
  readonly series: Series<GroupedResult<WinRateResult>>;
}

export function winRateOutput(options: { readonly by: readonly string[]; readonly open: OpenPolicy; readonly minSample: number }, result: GroupedResult<WinRateResult>, trend: WinRateTrend | null = null) {
  // `--by type` alone: existing customers' win rate against new business's (issue 17).
  const [byName] = options.by;
  const byType = options.by.length === 1 && byName !== undefined && normalizeHeader(byName) === 'type';
  const ratio = byType ? typeRatio(result.groups.map((group) => ({ type: group.key[byName] ?? '', won: group.result.won, n: group.result.n }))) : null;
  return metricOutput(
    {
      json: { ...winRateJsonDocument(options.by, options.open, result), ...(ratio === null ? {} : { typeRatio: ratio }), ...(trend === null ? {} : { every: trend.unit, series: winRateSeriesJson(trend) }) },
      warnings: smallSampleWarning([result.total, ...result.groups.map((group) => group.result)], options.minSample),
    },
    () => [winRateSection(options.by, result, options.open), ...(ratio === null ? [] : [typeRatioSection(ratio)]), ...(trend === null ? [] : [winRateTrendSection(options.by, trend)])],
  );
}

/** `series[]`: per period, the fields of the total and the period's groups. */
function winRateSeriesJson(trend: WinRateTrend) {
  return trend.series.map((entry) => ({
    period: periodJson(entry.period),
    ...winRateJson({}, entry.result.total),
    groups: entry.result.groups.map((group) => winRateJson(group.key, group.result)),
  }));
}

function winRateTrendSection(by: readonly string[], trend: WinRateTrend): SectionView {
  return groupedTrendSection(trend.series, by, {
    unit: trend.unit,
    title: 'Win rates',
    columns: [
      column('won', 'Won', 'count'),
      column('lost', 'Lost', 'count'),
      column('open', 'Open', 'count'),
      column('unitWinRate', 'Win rate', 'ratio'),
      column('interval', '95% CI', 'interval'),
      column('n', 'n', 'count'),
      column('valueWinRate', 'Value win rate', 'ratio'),
      column('wonValue', 'Won value', 'money'),
    ],
    row: (rate) => ({ won: rate.won, lost: rate.lost, open: rate.open, unitWinRate: rate.unitWinRate.value, interval: rate.interval, n: rate.n, valueWinRate: rate.valueWinRate.value, wonValue: rate.wonValue }),
    line: { label: 'Unit win rate', value: (rate) => rate.unitWinRate.value, format: formatRatio },
  }, reasonNotes(trend.series.map((entry) => ({ label: { period: entry.period.label }, reasons: { 'win rate': entry.result.total.unitWinRate } }))));
}

function winRateJsonDocument(by: readonly string[], policy: OpenPolicy, result: GroupedResult<WinRateResult>) {
  return {
    by,
    open: { policy: policy.kind, ageOutDays: result.total.ageOutDays },
    total: winRateJson({}, result.total),
    groups: result.groups.map((group) => winRateJson(group.key, group.result)),
  };
}

/** A row of the JSON: the group's key and its result as it is. */
function winRateJson(key: Readonly<Record<string, string>>, rate: WinRateResult) {
  return { key, ...rate };
}

function policyText(policy: OpenPolicy, ageOutDays: Figure | null): string {
  if (policy.kind === 'exclude') return 'open deals excluded';
  if (policy.kind === 'include') return 'open deals worked in the window count as not won';
  return `open deals older than ${ageOutDays?.value == null ? 'n/a' : ageOutDays.value.toFixed(1)} days count as lost`;
}

export function winRateSection(by: readonly string[], result: GroupedResult<WinRateResult>, policy: OpenPolicy): SectionView {
  const row = (rate: WinRateResult): RowView => ({
    won: rate.won,
    lost: rate.lost,
    open: rate.open,
    unitWinRate: rate.unitWinRate.value,
    interval: rate.interval,
    n: rate.n,
    valueWinRate: rate.valueWinRate.value,
    wonValue: rate.wonValue,
    lostValue: rate.lostValue,
    flag: rate.smallSample ? 'small sample' : '',
  });
  const labelOf = (key: Readonly<Record<string, string>>): string => Object.values(key).join(' / ');
  const bars = () =>
    [...result.groups.map((group) => ({ label: labelOf(group.key), rate: group.result })), { label: 'Total', rate: result.total }].map(({ label, rate }) => ({
      label,
      rate: rate.unitWinRate.value,
      low: rate.interval?.low ?? null,
      high: rate.interval?.high ?? null,
      small: rate.smallSample,
    }));
  return {
    title: 'Win rates',
    text: [`unit win rate = won / (won + lost${policy.kind === 'include' ? ' + open' : ''}); ${policyText(policy, result.total.ageOutDays)}; 95% Wilson interval`],
    svg: () => rateBarsSvg(bars(), 'Win rate with 95% interval'),
    tables: [
      {
        columns: [
          ...groupColumns(by),
          column('won', 'Won', 'count'),
          column('lost', 'Lost', 'count'),
          column('open', 'Open', 'count'),
          column('unitWinRate', 'Win rate', 'ratio'),
          column('interval', '95% CI', 'interval'),
          column('n', 'n', 'count'),
          column('valueWinRate', 'Value win rate', 'ratio'),
          column('wonValue', 'Won value', 'money'),
          column('lostValue', 'Lost value', 'money'),
          column('flag', 'Flag'),
        ],
        rows: result.groups.map((group) => groupRow(by, group.key, row(group.result))),
        total: groupRow(by, null, row(result.total)),
        notes: reasonNotes([
          ...result.groups.map((group) => ({ label: group.key, reasons: { 'win rate': group.result.unitWinRate, 'value win rate': group.result.valueWinRate } })),
          { label: null, reasons: { 'win rate': result.total.unitWinRate, 'value win rate': result.total.valueWinRate } },
        ]),
      },
    ],
  };
}
