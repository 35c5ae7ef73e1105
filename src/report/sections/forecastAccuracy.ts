/** Forecast accuracy for people and programs (`forecast --backtest`, METRICS.md "Forecast"). */
import { formatDay } from '../../model/calendar.js';
import type { DayNumber } from '../../model/types.js';
import { SCHEMA_VERSION } from '../renderers/json.js';
import { provenanceJson, rowsReadLine, type DocumentScope } from '../document.js';
import type { BacktestResult } from '../../metrics/backtest.js';
import type { ForecastBy } from '../../metrics/forecast.js';
import type { Figure } from '../../metrics/figure.js';
import { ACCURACY_METHODS, type AccuracyMethod, type MethodAccuracy } from '../../metrics/forecastAccuracy.js';
import type { ForecastHistory } from '../../metrics/forecastHistory.js';
import { formatCount, formatRatio } from '../format.js';
import { column, type RowView, type SectionView } from '../view.js';
import { metricOutput } from './output.js';

export const METHOD_LABELS: Readonly<Record<AccuracyMethod, string>> = {
  commit: 'commit roll-up',
  bestCase: 'best case',
  weightedCrm: 'weighted crm',
  weightedHistory: 'weighted history',
  p50: 'Monte Carlo P50',
};

const methodsJson = (methods: readonly MethodAccuracy[]) => methods.map((entry) => ({ method: entry.method, mape: entry.mape, bias: entry.bias, n: entry.n }));

/** `accuracy: { methods, best, bySnapshot, groups, byWeeksBefore }`. */
export function accuracyJson(result: BacktestResult, by: ForecastBy) {
  return {
    periods: result.periods,
    periodsBegunBefore: result.periodsBegunBefore,
    methods: methodsJson(result.methods),
    best: result.best,
    bySnapshot: result.bySnapshot.map((line) => ({
      date: formatDay(line.date),
      period: line.period,
      weeksBefore: line.weeksBefore,
      actual: line.actual,
      forecasts: Object.fromEntries(ACCURACY_METHODS.map((method) => [method, line.forecasts[method]])),
    })),
    groups: result.groups.map((group) => ({ [by]: group.group, methods: methodsJson(group.methods), best: group.best })),
    byWeeksBefore: result.byWeeksBefore.map((entry) => ({ weeksBefore: entry.weeksBefore, methods: methodsJson(entry.methods) })),
  };
}

const mapeOf = (methods: readonly MethodAccuracy[], method: AccuracyMethod): number | null => methods.find((entry) => entry.method === method)?.mape.value ?? null;
const figureValue = (figure: Figure): number | null => figure.value;

function methodColumns(prefix: string) {
  return ACCURACY_METHODS.map((method) => column(`${prefix}${method}`, METHOD_LABELS[method], 'ratio'));
}

/** The accuracy sections: per method, per snapshot, per group and by weeks before period end. */
export function accuracySections(result: BacktestResult, by: ForecastBy): SectionView[] {
  const best = result.best === null ? 'no method could be scored (no past period with bookings)' : `most accurate on this history: ${METHOD_LABELS[result.best]} (lowest MAPE)`;
  const groupRow = (group: string, methods: readonly MethodAccuracy[]): RowView => ({ group, ...Object.fromEntries(ACCURACY_METHODS.map((method) => [`m${method}`, mapeOf(methods, method)])) });
  return [
    {
      title: 'Forecast accuracy',
      text: [
        `${formatCount(result.bySnapshot.length)} snapshots of ${result.periods.join(', ')} scored against the period's actual bookings`,
        ...(result.periodsBegunBefore.length === 0 ? [] : [`not scored: ${result.periodsBegunBefore.join(', ')} (the snapshots begin after its start, so its bookings are not all known)`]),
        best,
      ],
      tables: [
        {
          columns: [column('method', 'Method'), column('mape', 'MAPE', 'ratio'), column('bias', 'Bias', 'ratio'), column('n', 'n', 'count')],
          rows: result.methods.map((entry) => ({ method: METHOD_LABELS[entry.method], mape: entry.mape.value, bias: entry.bias.value, n: entry.n })),
          notes: ['MAPE = mean |F - Act| / Act; bias = mean (F - Act) / Act (> 0: over-forecast); n = forecasts scored (Act > 0 and F known)'],
        },
        {
          title: 'Percentage error by snapshot (team)',
          columns: [column('date', 'Snapshot'), column('weeks', 'Weeks to end', 'count'), column('actual', 'Actual', 'money'), ...methodColumns('e')],
          rows: result.bySnapshot.map((line) => ({
            date: formatDay(line.date),
            weeks: line.weeksBefore,
            actual: line.actual,
            ...Object.fromEntries(ACCURACY_METHODS.map((method) => [`e${method}`, figureValue(line.forecasts[method].percentError)])),
          })),
        },
        {
          title: `MAPE per ${by === 'team' ? 'team' : 'rep'}`,
          columns: [column('group', by === 'team' ? 'Team' : 'Owner'), ...methodColumns('m')],
          rows: result.groups.map((group) => groupRow(group.group, group.methods)),
          total: groupRow('Team', result.methods),
        },
        {
          title: 'MAPE by weeks before period end (team)',
          columns: [column('group', 'Weeks'), ...methodColumns('m')],
          rows: result.byWeeksBefore.map((entry) => groupRow(String(entry.weeksBefore), entry.methods)),
        },
      ],
    },
  ];
}

/** The backtest's JSON, warnings and sections. */
export function backtestOutput(result: BacktestResult, history: ForecastHistory, by: ForecastBy) {
  const warnings = history.snapshots > result.bySnapshot.length ? [`${history.snapshots - result.bySnapshot.length} snapshots of a period not yet ended (or with no later snapshot) are not scored`] : [];
  return metricOutput({ json: { accuracy: accuracyJson(result, by) }, warnings }, () => accuracySections(result, by));
}


/** A snapshot as read (io's SnapshotRead). */
export interface SnapshotRows {
  readonly date: DayNumber;
  readonly file: string;
  readonly rowsRead: number;
  readonly rowsUsed: number;
  readonly rowsRejected: number;
  readonly rowsFiltered: number;
}

/**
 * The JSON header and subtitle of a document read from snapshots: when and by which version it was
 * made, the files read (`analysis.inputs`: the snapshots, a reps file), row accounting summed over
 * the snapshots, and each snapshot. No currency: the snapshots' currencies are not gathered here.
 */
export function snapshotDocument(command: string, analysis: DocumentScope, snapshots: readonly SnapshotRows[], warnings: readonly string[]) {
  const sum = (field: 'rowsRead' | 'rowsUsed' | 'rowsRejected' | 'rowsFiltered'): number => snapshots.reduce((total, snapshot) => total + snapshot[field], 0);
  const rows = { rowsRead: sum('rowsRead'), rowsUsed: sum('rowsUsed'), rowsRejected: sum('rowsRejected'), rowsFiltered: sum('rowsFiltered') };
  const first = snapshots[0]?.date;
  const last = snapshots.at(-1)?.date;
  const { currency: _currency, ...provenance } = provenanceJson(analysis.generatedAt, null, analysis.inputs?.files ?? []);
  return {
    json: {
      schemaVersion: SCHEMA_VERSION,
      command,
      ...provenance,
      asOf: formatDay(analysis.asOf),
      ...rows,
      warnings,
      snapshots: snapshots.map((snapshot) => ({ date: formatDay(snapshot.date), file: snapshot.file, rows: snapshot.rowsUsed, rowsRead: snapshot.rowsRead, rowsRejected: snapshot.rowsRejected, rowsFiltered: snapshot.rowsFiltered })),
    },
    subtitle: [
      `as of ${formatDay(analysis.asOf)}; ${formatCount(snapshots.length)} snapshots${first === undefined || last === undefined ? '' : `, ${formatDay(first)} to ${formatDay(last)}`}`,
      rowsReadLine(rows),
    ],
  };
}

/** The whole `forecast --backtest` document: the snapshots' header, the accuracy, and its view. */
/** `notes`: warnings of the snapshots read (those left out), before the backtest's own. */
export function backtestDocument(accuracy: BacktestResult, history: ForecastHistory, by: ForecastBy, analysis: DocumentScope, snapshots: readonly SnapshotRows[], notes: readonly string[] = []) {
  const output = backtestOutput(accuracy, history, by);
  const warnings = [...notes, ...output.warnings];
  const document = snapshotDocument('forecast', analysis, snapshots, warnings);
  return { json: { ...document.json, ...output.json }, view: () => ({ title: 'Forecast accuracy', subtitle: document.subtitle, sections: output.sections }), warnings };
}
