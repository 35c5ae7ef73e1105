/**
 * The run behind `dealmath validate`: every integrity rule the inputs allow (config, rows,
 * stage history, snapshots, currencies), with the findings counted by rule, the first ones
 * listed, and the integrity score over the open pipeline on the as-of date.
 */
import { openStages } from '../model/config.js';
import { FORECAST_RULES, finding, type Finding, type Rule } from '../model/findings.js';
import { forecastCategoryLabels, forecastCategoryOf } from '../model/forecastCategories.js';
import type { ColumnMapping } from '../model/mapping.js';
import type { DayNumber, Deal, DealField } from '../model/types.js';
import { openAtAsOf } from '../metrics/scope.js';
import { integrityFold, type IntegrityResult } from '../validate/integrity.js';
import { checkDeal, checkForecastDeal, type RuleContext } from '../validate/rules.js';
import type { SnapshotSpec } from '../io/readSnapshots.js';
import { runDeals, type DealInput, type DealRun } from './dealRun.js';
import { runSnapshotHygiene } from './snapshotHygiene.js';
import { loadStageInput, stalledCheckOf, stalledInputFor } from './stageInput.js';
import type { InputLedger } from './provenance.js';

export interface ValidateRequest {
  readonly input: DealInput;
  /** The config file (findings about the config name it), null when none was read. */
  readonly configFile: string | null | undefined;
  readonly asOf: DayNumber;
  /** A stage-history file: also flag stalled deals. */
  readonly history: string | undefined;
  /** Past snapshots: also the forecast hygiene rules (pushed-too-often, amount-changed). */
  readonly snapshots: readonly SnapshotSpec[] | null;
  /** How many findings are listed (all are counted). */
  readonly maxListed: number;
  /** Where the history and snapshot files read are recorded (provenance); absent: not recorded. */
  readonly ledger?: InputLedger | undefined;
}

export interface ValidateRun {
  readonly run: DealRun;
  readonly errors: number;
  readonly warnings: number;
  readonly byRule: ReadonlyMap<Rule, number>;
  /** The first findings, at most maxListed. */
  readonly listed: readonly Finding[];
  readonly integrity: IntegrityResult;
  /** Findings of the forecast hygiene rules (their own --fail-on metric, not in the score). */
  readonly forecastFindings: number;
}

export async function runValidate(request: ValidateRequest): Promise<ValidateRun> {
  const { input, asOf, maxListed } = request;
  const config = input.config;
  const listed: Finding[] = [];
  const byRule = new Map<Rule, number>();
  let errors = 0;
  let warnings = 0;
  const record = (found: Finding): void => {
    if (found.severity === 'error') errors += 1;
    else warnings += 1;
    byRule.set(found.rule, (byRule.get(found.rule) ?? 0) + 1);
    if (listed.length < maxListed) listed.push(found);
  };

  const stages = openStages(config);
  if (stages.length > config.thresholds.maxOpenStages) {
    record(finding('too-many-stages', { file: request.configFile ?? 'config', row: null, column: 'stages' }, String(stages.length), `${stages.length} open stages; at most ${config.thresholds.maxOpenStages} are recommended`));
  }

  const stalledOf = async (history: string) => {
    // The history's own findings (a row with a stage the config does not know, a bad date) are
    // listed too: the funnel's note sends its reader here for them.
    const loaded = await loadStageInput([history], config, { delimiter: input.delimiter, onFinding: record });
    const stalled = await stalledInputFor([history], input, asOf, input.delimiter, loaded);
    await request.ledger?.addHistory(stalled.stage);
    return stalled;
  };
  const columns = new Map<string, { header: readonly string[]; mapping: ColumnMapping }>();
  const context: RuleContext = {
    asOf,
    staleDays: config.thresholds.staleDays,
    columnOf: (deal: Deal, field: DealField) => {
      const file = columns.get(deal.source.file);
      const index = file?.mapping.fields[field];
      return index === undefined ? null : (file?.header[index] ?? null);
    },
    stalled: request.history === undefined ? undefined : stalledCheckOf(await stalledOf(request.history), asOf),
    forecast: { categoryOf: forecastCategoryOf(forecastCategoryLabels(config.forecastCategories)), firstOpenStage: openStages(config)[0] ?? null },
  };

  let integrity = integrityFold.init();
  // A reading warning (bad probability) arrives just before its deal: remember the row it was for.
  let warnedRow: { file: string; row: number | null } | null = null;
  // Every row as read (no point in time), its reading findings judged at the as-of date.
  const run = await runDeals({ ...input, findingsAsOf: input.findingsAsOf ?? asOf }, {
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
  });
  if (request.snapshots !== null) {
    // One file of several snapshots: the rows of snapshots after the as-of date are skipped, as a later file is.
    const hygiene = await runSnapshotHygiene(request.snapshots, { ...input, through: request.asOf }, { pushLimit: config.thresholds.pushLimit, amountChangeLimit: config.thresholds.amountChangeLimit });
    for (const found of hygiene.findings) record(found);
    await request.ledger?.addSnapshots(hygiene.snapshots);
  }
  if (run.currencies.size > 1 && config.currency === undefined) {
    record(finding('mixed-currency', { file: input.files.length === 1 ? (run.summary.files[0]?.file ?? '') : 'input', row: null, column: 'currency' }, [...run.currencies].sort().join(', '), 'several currencies and no rates in the config: money totals cannot be computed'));
  }
  const forecastFindings = FORECAST_RULES.reduce((sum, rule) => sum + (byRule.get(rule) ?? 0), 0);
  return { run, errors, warnings, byRule, listed, integrity: integrityFold.finish(integrity), forecastFindings };
}
