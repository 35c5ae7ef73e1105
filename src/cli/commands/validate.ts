/**
 * `dealmath validate FILE...`: every integrity rule the inputs allow, for CI.
 * Exit 0 clean, 1 errors (or warnings with --strict), 2 could not run.
 */
import type { Figure } from '../../metrics/figure.js';
import { formatDay } from '../../model/calendar.js';
import { openStages } from '../../model/config.js';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../../model/errors.js';
import { FORECAST_RULES, finding, type Finding, type Rule } from '../../model/findings.js';
import type { ColumnMapping } from '../../model/mapping.js';
import type { Deal, DealField } from '../../model/types.js';
import { openAtAsOf } from '../../metrics/scope.js';
import { loadConfig } from '../../io/loadConfig.js';
import { SCHEMA_VERSION } from '../../report/renderers/json.js';
import { dealInputs, documentCurrency, generatedAt, provenanceJson } from '../../report/document.js';
import { column, type DocumentView } from '../../report/view.js';
import { integrityFold } from '../../validate/integrity.js';
import { checkDeal, checkForecastDeal, type RuleContext } from '../../validate/rules.js';
import { forecastCategoryLabels, forecastCategoryOf } from '../../model/forecastCategories.js';
import { asOfDay, maxRejectedOf, parseMapFlags, withInputFlags, type CommonFlags, type Terminal } from '../context.js';
import { encodingNotes, footerRowsOf, rejectedOverLimit, runDeals } from '../../engine/dealRun.js';
import { emit } from '../emit.js';
import { breaches, parseFailOn } from '../failOn.js';
import { inputFiles } from '../inputFiles.js';
import { stalledCheckOf, stalledInputFor } from '../../engine/stageInput.js';

export interface ValidateFlags extends CommonFlags {
  history?: string;
  strict?: boolean;
  maxFindings?: number;
  failOn?: string;
}

/** Metrics `validate --fail-on` can name. */
export const VALIDATE_FAIL_METRICS = ['integrity', 'errors', 'warnings', 'rejected', 'forecast'] as const;

export async function validateCommand(files: string[], flags: ValidateFlags, terminal: Terminal): Promise<number> {
  const loaded = await loadConfig(flags.config, terminal.cwd);
  const config = withInputFlags(loaded.config, flags);
  const configFile = loaded.file;
  // --strict fails on any finding, so on any rejected row too: its default limit is 0.
  const maxRejected = maxRejectedOf(flags, config) ?? (flags.strict === true ? { count: 0 } : null);
  const conditions = flags.failOn === undefined ? [] : parseFailOn(flags.failOn, VALIDATE_FAIL_METRICS);
  const asOf = asOfDay(flags, terminal);
  const paths = inputFiles(files, terminal);
  const maxListed = Math.max(0, flags.maxFindings ?? 1000);
  const listed: Finding[] = [];
  const counts = new Map<Rule, number>();
  let errors = 0;
  let warnings = 0;
  const record = (found: Finding): void => {
    if (found.severity === 'error') errors += 1;
    else warnings += 1;
    counts.set(found.rule, (counts.get(found.rule) ?? 0) + 1);
    if (listed.length < maxListed) listed.push(found);
  };

  const stages = openStages(config);
  if (stages.length > config.thresholds.maxOpenStages) {
    record(finding('too-many-stages', { file: configFile ?? 'config', row: null, column: 'stages' }, String(stages.length), `${stages.length} open stages; at most ${config.thresholds.maxOpenStages} are recommended`));
  }

  const dealInput = { files: paths, config, preset: flags.preset, map: parseMapFlags(flags.map), delimiter: flags.delimiter, sheet: flags.sheet, where: [] };
  const columns = new Map<string, { header: readonly string[]; mapping: ColumnMapping }>();
  const context: RuleContext = {
    asOf,
    staleDays: config.thresholds.staleDays,
    columnOf: (deal: Deal, field: DealField) => {
      const file = columns.get(deal.source.file);
      const index = file?.mapping.fields[field];
      return index === undefined ? null : (file?.header[index] ?? null);
    },
    stalled: flags.history === undefined ? undefined : stalledCheckOf(await stalledInputFor([flags.history], dealInput, asOf, flags.delimiter), asOf),
    forecast: { categoryOf: forecastCategoryOf(forecastCategoryLabels(config.forecastCategories)), firstOpenStage: openStages(config)[0] ?? null },
  };

  let integrity = integrityFold.init();
  // A reading warning (bad probability) arrives just before its deal: remember the row it was for.
  let warnedRow: { file: string; row: number | null } | null = null;
  const run = await runDeals(
    dealInput,
    {
      checkFile: (file, mapping, header) => {
        columns.set(file, { header, mapping });
      },
      finding(found) {
        record(found);
        if (found.severity === 'warning') warnedRow = { file: found.file, row: found.row };
      },
      use(deal) {
        const readingWarning = warnedRow !== null && warnedRow.file === deal.source.file && warnedRow.row === deal.source.row;
        warnedRow = null;
        const ruleFindings = checkDeal(deal, context, record);
        // Forecast hygiene is its own check (--fail-on forecast>0), not part of the integrity score.
        checkForecastDeal(deal, context, record);
        if (openAtAsOf(deal, asOf)) integrity = integrityFold.add(integrity, deal, readingWarning || ruleFindings > 0);
      },
    },
  );
  if (run.currencies.size > 1 && config.currency === undefined) {
    record(finding('mixed-currency', { file: paths.length === 1 ? (run.summary.files[0]?.file ?? '') : 'input', row: null, column: 'currency' }, [...run.currencies].sort().join(', '), 'several currencies and no rates in the config: money totals cannot be computed'));
  }
  const integrityResult = integrityFold.finish(integrity);
  const failed = errors > 0 || (flags.strict === true && warnings > 0);
  const byRule = Object.fromEntries([...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const json = {
    schemaVersion: SCHEMA_VERSION,
    command: 'validate',
    ...provenanceJson(generatedAt(terminal.env, terminal.now), documentCurrency(run, config), dealInputs(run)),
    asOf: formatDay(asOf),
    rowsRead: run.rowsRead,
    rowsUsed: run.rowsUsed,
    rowsRejected: run.rowsRejected,
    rowsFiltered: run.rowsFiltered,
    footerRows: footerRowsOf(run),
    errors,
    warnings,
    integrityScore: integrityResult.integrityScore,
    openPipeline: { deals: integrityResult.openDeals, value: integrityResult.openValue, cleanValue: integrityResult.cleanValue, flaggedDeals: integrityResult.flaggedDeals },
    byRule,
    findingsListed: listed.length,
    findings: listed.map((found) => ({
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
  for (const note of encodingNotes(run)) terminal.stderr.write(`dealmath validate: ${note}\n`);
  await emit({ json, view: () => validateView(json) }, flags, terminal, { formats: ['table', 'json', 'csv', 'md'] });
  if (listed.length < errors + warnings) {
    terminal.stderr.write(`dealmath validate: ${errors + warnings - listed.length} more findings counted but not listed (--max-findings ${maxListed})\n`);
  }
  const breached = breaches(conditions, {
    integrity: integrityResult.integrityScore,
    errors: { value: errors },
    warnings: { value: warnings },
    rejected: { value: run.rowsRejected },
    forecast: { value: FORECAST_RULES.reduce((sum, rule) => sum + (counts.get(rule) ?? 0), 0) },
  });
  for (const line of breached) terminal.stderr.write(`dealmath validate: fail-on ${line}\n`);
  const overLimit = maxRejected === null ? null : rejectedOverLimit(run, maxRejected);
  if (overLimit !== null) terminal.stderr.write(`dealmath validate: ${overLimit}\n`);
  return failed || breached.length > 0 || overLimit !== null ? EXIT_CHECK_FAILED : EXIT_OK;
}

type ValidateJson = {
  readonly asOf: string;
  readonly rowsRead: number;
  readonly rowsUsed: number;
  readonly rowsRejected: number;
  readonly footerRows: number;
  readonly footers: readonly { file: string; row: number; text: string }[];
  readonly errors: number;
  readonly warnings: number;
  readonly integrityScore: Figure;
  readonly byRule: Readonly<Record<string, number>>;
  readonly findings: readonly { file: string; row: number | null; column: string | null; rule: string; severity: string; value: string | null; message: string }[];
};

function validateView(json: ValidateJson): DocumentView {
  const verdict = json.errors > 0 ? 'FAILED' : json.warnings > 0 ? 'passed with warnings' : 'passed';
  return {
    title: `dealmath validate: ${verdict}`,
    subtitle: [`as of ${json.asOf}`],
    sections: [
      {
        title: 'Findings',
        text: [
          `${json.rowsRead} rows read: ${json.rowsUsed} usable, ${json.rowsRejected} rejected; ${json.errors} errors, ${json.warnings} warnings`,
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
