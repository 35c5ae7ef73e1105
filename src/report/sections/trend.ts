/**
 * Trends (METRICS.md "Trends", `--every`) for people and for JSON, shared by the commands that
 * take `--every`: one table row per period, a sparkline per group on the terminal, a line chart
 * in HTML, and JSON `series[]` items shaped like the command's total plus their `period`.
 */
import { formatDay } from '../../model/calendar.js';
import type { SeriesPeriod, SeriesUnit } from '../../model/series.js';
import type { GroupedResult } from '../../metrics/fold.js';
import type { Series } from '../../engine/steps/trend.js';
import { largest } from '../extremes.js';
import { sparkline } from '../sparkline.js';
import { lineChartSvg } from '../svg.js';
import { column, type ColumnView, type RowView, type SectionView } from '../view.js';

/** A period of a series in JSON: its days (clipped to the window and the as-of date) and label. */
export function periodJson(period: SeriesPeriod) {
  return { from: formatDay(period.from), to: formatDay(period.to), label: period.label, toDate: period.toDate };
}

export interface TrendView<Result> {
  readonly unit: SeriesUnit;
  /** The section title, e.g. "Win rates". */
  readonly title: string;
  /** The value columns of a period's row (after the period column). */
  readonly columns: readonly ColumnView[];
  readonly row: (result: Result) => RowView;
  /** The figure drawn as the sparkline and the line chart. */
  readonly line: { readonly label: string; readonly value: (result: Result) => number | null; readonly format: (value: number) => string };
}

/** The trend of a metric without groups: one row per period. */
export function trendSection<Result>(series: Series<Result>, view: TrendView<Result>, notes: readonly string[] = []): SectionView {
  return groupedTrendSection(
    series.map((entry) => ({ period: entry.period, result: { total: entry.result, groups: [] } })),
    [],
    view,
    notes,
  );
}

/** The trend of a grouped metric: rows per period of the total; a sparkline (terminal) and a line (HTML) per group and the total. */
export function groupedTrendSection<Result>(series: Series<GroupedResult<Result>>, by: readonly string[], view: TrendView<Result>, notes: readonly string[] = []): SectionView {
  const labels = series.map((entry) => entry.period.label);
  const lines = new Map<string, (number | null)[]>();
  series.forEach((entry, index) => {
    for (const group of entry.result.groups) {
      const name = by.map((dimension) => group.key[dimension] ?? '').join(' / ');
      const values = lines.get(name) ?? series.map(() => null);
      values[index] = view.line.value(group.result);
      lines.set(name, values);
    }
  });
  const total = series.map((entry) => view.line.value(entry.result.total));
  const named = [...lines.entries()].map(([name, values]) => ({ name, values }));
  const all = [...named, { name: 'Total', values: total }];
  const width = largest(all.map((line) => line.name.length));
  return {
    title: `${view.title} by ${view.unit}`,
    text: [`one row per ${view.unit}, oldest first, each read as of its end (the current one to the as-of date); the line: ${view.line.label.toLowerCase()}`],
    chart: all.map((line) => `${line.name.padEnd(width)}  ${sparkline(line.values)}`).join('\n'),
    svg: () => lineChartSvg(labels, all.length > 6 ? [{ name: 'Total', values: total }] : all, `${view.line.label} by ${view.unit}`, view.line.format),
    tables: [
      {
        columns: [column('period', 'Period'), ...view.columns],
        rows: series.map((entry) => ({ period: entry.period.label, ...view.row(entry.result.total) })),
        labelColumns: 1,
        notes,
      },
    ],
  };
}
