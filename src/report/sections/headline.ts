/** The report's headline: each KPI now, before (like for like) and for all of the previous period, and the velocity levers. */
import { formatDay, toDateLabel, type NamedPeriod, type PeriodComparison } from '../../model/calendar.js';
import type { Figure } from '../../metrics/figure.js';
import { naReason } from '../../metrics/naReasons.js';
import type { VelocityResult } from '../../metrics/velocity.js';
import { ROW_KIND, formatMoney, formatRatio } from '../format.js';
import { signedBarsSvg } from '../svg.js';
import { column, type SectionView } from '../view.js';

/** A KPI now (a figure: n/a with its reason), beside the same figure before. */
export interface Kpi extends Figure {
  /** The previous period to the same day (like for like), or all of it when this one is over. */
  readonly previous: number | null;
  /** All of the previous period, when this one is still under way (a labelled second figure). */
  readonly previousWhole?: number | null;
}

export function kpi(now: Figure, previous: Figure | number | null, previousWhole?: Figure | number | null): Kpi {
  const valueOf = (figure: Figure | number | null): number | null => (figure === null || typeof figure === 'number' ? figure : figure.value);
  const entry = { value: now.value, reason: now.value === null ? (now.reason ?? naReason('unknown')) : null, previous: valueOf(previous) };
  return previousWhole === undefined ? entry : { ...entry, previousWhole: valueOf(previousWhole) };
}

export function kpiSection(kpis: Readonly<Record<string, Kpi>>, period: NamedPeriod, comparison: PeriodComparison): SectionView {
  const rows = [
    { key: 'winRate', label: 'Win rate (count)', kind: 'ratio' as const },
    { key: 'valueWinRate', label: 'Win rate (value)', kind: 'ratio' as const },
    { key: 'velocity', label: 'Velocity per month', kind: 'money' as const },
    { key: 'wonRevenue', label: 'Won revenue', kind: 'money' as const },
    { key: 'openPipeline', label: 'Open pipeline', kind: 'money' as const },
    { key: 'coverage', label: 'Coverage of remaining target', kind: 'multiple' as const },
    { key: 'integrity', label: 'Integrity score', kind: 'ratio' as const },
  ];
  const show = (value: number | null, kind: 'ratio' | 'money' | 'multiple'): string =>
    value === null ? 'n/a' : kind === 'ratio' ? formatRatio(value) : kind === 'money' ? formatMoney(value) : `${value.toFixed(2)}x`;
  const change = (entry: Kpi, kind: 'ratio' | 'money' | 'multiple'): string => {
    if (entry.value === null || entry.previous === null) return '';
    if (kind === 'ratio') return `${entry.value >= entry.previous ? '+' : ''}${((entry.value - entry.previous) * 100).toFixed(1)} pts`;
    if (entry.previous === 0) return '';
    const relative = entry.value / entry.previous - 1;
    return `${relative >= 0 ? '+' : ''}${(relative * 100).toFixed(1)}%`;
  };
  const { window: previous, whole, toDate } = comparison;
  const nowLabel = toDate ? toDateLabel(period) : period.label;
  const beforeLabel = toDate ? `${whole.label} to day ${comparison.elapsedDay}` : previous.label;
  const text = toDate
    ? `${period.label} to ${formatDay(period.from + (comparison.elapsedDay ?? 1) - 1)} against ${whole.label} to ${formatDay(previous.to)} (day ${comparison.elapsedDay} of each)`
    : `${period.label} against ${previous.label}`;
  const wholeColumn = toDate ? [column('whole', `All ${whole.label}`, 'number')] : [];
  return {
    title: 'Headline',
    text: toDate ? [text, `All ${whole.label}: the whole previous period, for reference (open pipeline at its end)`] : [text],
    tables: [
      {
        columns: [column('label', 'KPI'), column('now', nowLabel, 'number'), column('before', beforeLabel, 'number'), column('change', 'Change', 'number'), ...wholeColumn, column('note', 'Note')],
        rows: rows.map(({ key, label, kind }) => {
          const entry = kpis[key] as Kpi;
          const whole = entry.previousWhole === undefined ? '' : show(entry.previousWhole, kind);
          return { label, [ROW_KIND]: kind, now: show(entry.value, kind), before: entry.previous === null ? '' : show(entry.previous, kind), change: change(entry, kind), whole, note: entry.reason?.message ?? '' };
        }),
      },
    ],
  };
}

export function leverSection(now: VelocityResult, before: VelocityResult | null): SectionView {
  const term = (after: number | null, prior: number | null | undefined, invert = false): number | null =>
    after === null || prior === null || prior === undefined || prior === 0 || after === 0 ? null : invert ? prior / after - 1 : after / prior - 1;
  const bars = [
    { label: 'N open deals', value: term(now.deals, before?.deals) },
    { label: 'A average won deal', value: term(now.averageWonAmount.value, before?.averageWonAmount.value) },
    { label: 'W win rate', value: term(now.winRate.value, before?.winRate.value) },
    { label: 'L cycle (shorter is better)', value: term(now.cycleDays.value, before?.cycleDays.value, true) },
  ];
  return {
    title: 'Velocity levers against the previous period',
    text: ['each lever\'s effect on velocity: a lever up 10% lifts velocity 10% (the cycle works the other way)'],
    svg: () => signedBarsSvg(bars, 'Velocity levers: change against the previous period', (value) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`),
    tables: [{ columns: [column('label', 'Lever'), column('value', 'Effect on velocity', 'ratio')], rows: bars }],
  };
}
