/** `dealmath validate`'s JSON and its view: the findings, their counts by rule, the integrity score. */
import { formatDay } from '../../model/calendar.js';
import type { DayNumber } from '../../model/types.js';
import { footerRowsOf } from '../../engine/dealRun.js';
import type { ValidateRun } from '../../engine/validateRun.js';
import { SCHEMA_VERSION } from '../renderers/json.js';
import { dealInputs, documentCurrency, provenanceJson, type InputFileJson } from '../document.js';
import type { Config } from '../../model/config.js';
import { formatCount } from '../format.js';
import { column, type DocumentView } from '../view.js';

/**
 * `made`: when the document is made (generated-at); `config`: the run's, for the currency it
 * states; `otherInputs`: the files read besides the deals (a stage history, snapshots).
 */
export function validateJson(result: ValidateRun, asOf: DayNumber, made?: Date, config?: Pick<Config, 'currency'>, otherInputs: readonly InputFileJson[] = []) {
  const { run, integrity } = result;
  return {
    schemaVersion: SCHEMA_VERSION,
    command: 'validate',
    ...provenanceJson(made, documentCurrency(run, config), [...dealInputs(run), ...otherInputs]),
    asOf: formatDay(asOf),
    rowsRead: run.rowsRead,
    rowsUsed: run.rowsUsed,
    rowsRejected: run.rowsRejected,
    rowsFiltered: run.rowsFiltered,
    footerRows: footerRowsOf(run),
    errors: result.errors,
    warnings: result.warnings,
    integrityScore: integrity.integrityScore,
    openPipeline: { deals: integrity.openDeals, value: integrity.openValue, cleanValue: integrity.cleanValue, flaggedDeals: integrity.flaggedDeals },
    byRule: Object.fromEntries([...result.byRule.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    findingsListed: result.listed.length,
    findings: result.listed.map((found) => ({
      file: found.file,
      row: found.row,
      column: found.column,
      rule: found.rule,
      severity: found.severity,
      value: found.value,
      message: found.detail,
    })),
    // Rows after the data left out as a report footer ("Grand Totals", "Confidential"): listed, so none disappears unseen.
    footers: run.summary.files.flatMap((file) => file.footers.map((footer) => ({ file: file.file, row: footer.row, text: footer.cells.filter((cell) => cell.trim() !== '').join(' | ') }))),
  };
}

export type ValidateJson = ReturnType<typeof validateJson>;

/** The JSON and its view, as `emit` takes them. */
export function validateOutput(result: ValidateRun, asOf: DayNumber, made?: Date, config?: Pick<Config, 'currency'>, otherInputs: readonly InputFileJson[] = []): { json: ValidateJson; view: () => DocumentView } {
  const json = validateJson(result, asOf, made, config, otherInputs);
  return { json, view: () => validateView(json) };
}

export function validateView(json: ValidateJson): DocumentView {
  const verdict = json.errors > 0 ? 'FAILED' : json.warnings > 0 ? 'passed with warnings' : 'passed';
  return {
    title: `dealmath validate: ${verdict}`,
    subtitle: [`as of ${json.asOf}`],
    sections: [
      {
        title: 'Findings',
        text: [
          `${formatCount(json.rowsRead)} rows read: ${formatCount(json.rowsUsed)} usable, ${formatCount(json.rowsRejected)} rejected; ${formatCount(json.errors)} errors, ${formatCount(json.warnings)} warnings`,
          `integrity score: ${json.integrityScore.value === null ? `n/a (${json.integrityScore.reason?.message ?? ''})` : `${(json.integrityScore.value * 100).toFixed(1)}% of open pipeline value is free of findings`}`,
        ],
        tables: [
          {
            labelColumns: 2,
            columns: [column('file', 'File'), column('row', 'Row', 'count'), column('column', 'Column'), column('severity', 'Severity'), column('rule', 'Rule'), column('value', 'Value'), column('message', 'Message')],
            rows: json.findings.map((found) => ({ ...found, value: found.value === null ? '' : found.value.slice(0, 40) })),
          },
          {
            title: 'Findings by rule',
            columns: [column('rule', 'Rule'), column('count', 'Count', 'count')],
            rows: Object.entries(json.byRule).map(([rule, count]) => ({ rule, count })),
          },
          ...(json.footers.length === 0
            ? []
            : [
                {
                  title: 'Report footer rows left out',
                  columns: [column('file', 'File'), column('row', 'Row', 'count'), column('text', 'Text')],
                  rows: json.footers.map((footer) => ({ ...footer, text: footer.text.slice(0, 60) })),
                },
              ]),
        ],
      },
    ],
  };
}
