/**
 * What every analysis document starts with: the JSON header (schema version, command, as-of,
 * window, row accounting, warnings) and the subtitle lines people read under the title.
 */
import { formatDay } from '../model/calendar.js';
import type { DayNumber } from '../model/types.js';
import type { Scope } from '../metrics/scope.js';
import { footerRowsOf, type DealRun } from '../engine/dealRun.js';
import { SCHEMA_VERSION } from './renderers/json.js';

/** The as-of day and scope a document was computed for. */
export interface DocumentScope {
  readonly asOf: DayNumber;
  readonly scope: Scope;
}

export interface WindowJson {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly basis: Scope['basis'];
}

export function windowJson(scope: Scope): WindowJson | null {
  return scope.window === null ? null : { from: formatDay(scope.window.from), to: formatDay(scope.window.to), label: scope.window.label, basis: scope.basis };
}

/** The fields every analysis JSON document starts with (issue: schemaVersion ... warnings). */
export function documentHeader(command: string, analysis: DocumentScope, run: DealRun, warnings: readonly string[]) {
  return {
    schemaVersion: SCHEMA_VERSION,
    command,
    asOf: formatDay(analysis.asOf),
    window: windowJson(analysis.scope),
    rowsRead: run.rowsRead,
    rowsUsed: run.rowsUsed,
    rowsRejected: run.rowsRejected,
    rowsFiltered: run.rowsFiltered,
    footerRows: footerRowsOf(run),
    warnings: run.warnings === undefined ? warnings : [...run.warnings, ...warnings],
  };
}

/** The subtitle lines of a table/Markdown document: as-of, window and row accounting. */
export function subtitleLines(analysis: DocumentScope, run: DealRun): string[] {
  const window = analysis.scope.window === null ? 'all deals (no window)' : `${analysis.scope.window.label} (${formatDay(analysis.scope.window.from)} to ${formatDay(analysis.scope.window.to)}, by ${analysis.scope.basis} date)`;
  return [
    `as of ${formatDay(analysis.asOf)}; window: ${window}`,
    `${run.rowsRead} rows read: ${run.rowsUsed} used, ${run.rowsRejected} rejected, ${run.rowsFiltered} filtered`,
  ];
}

