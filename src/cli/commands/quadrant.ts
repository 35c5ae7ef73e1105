/**
 * `dealmath quadrant ACCOUNTS... [--deals FILE...]`: current against future revenue per
 * account; A full plan, B develop, C protect, D nurture.
 */
import { formatDay } from '../../model/calendar.js';
import { EXIT_OK } from '../../model/errors.js';
import { readAccounts } from '../../io/readAccounts.js';
import { SCHEMA_VERSION } from '../../report/renderers/json.js';
import { prepareAnalysis } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { quadrantAnalyzer, quadrantJson } from '../analyzers/quadrant.js';
import type { CommonFlags, Terminal } from '../context.js';
import type { DealRun } from '../dealInput.js';
import { emit } from '../emit.js';

export interface QuadrantFlags extends CommonFlags {
  deals?: string[];
}

export async function quadrantCommand(accountFiles: string[], flags: QuadrantFlags, terminal: Terminal): Promise<number> {
  const dealFiles = flags.deals ?? [];
  const analysis = await prepareAnalysis(dealFiles.length > 0 ? dealFiles : ['(none)'], flags, terminal);
  const read = await readAccounts(accountFiles, { decimal: analysis.config.decimal, delimiter: flags.delimiter });
  const analyzer = quadrantAnalyzer(analysis, read.accounts, dealFiles.length > 0);
  const run: DealRun | null = dealFiles.length > 0 ? await runAnalyzers(analysis, [analyzer]) : null;
  const output = analyzer.finish(run as DealRun);
  const warnings = [...output.warnings, ...(read.rowsRejected > 0 ? [`${read.rowsRejected} account rows rejected (${read.findings.map((found) => found.rule).join(', ')})`] : [])];
  const json = {
    schemaVersion: SCHEMA_VERSION,
    command: 'quadrant',
    asOf: formatDay(analysis.asOf),
    window: null,
    rowsRead: read.rowsRead,
    rowsUsed: read.rowsRead - read.rowsRejected,
    rowsRejected: read.rowsRejected,
    rowsFiltered: 0,
    warnings,
    deals: run === null ? null : { rowsRead: run.rowsRead, rowsUsed: run.rowsUsed, rowsRejected: run.rowsRejected, rowsFiltered: run.rowsFiltered },
    findings: read.findings.map((found) => ({ file: found.file, row: found.row, column: found.column, rule: found.rule, value: found.value, message: found.detail })),
    ...quadrantJson(output.json.quadrants),
  };
  const subtitle = [`as of ${formatDay(analysis.asOf)}`, `${read.rowsRead} account rows read: ${read.rowsRead - read.rowsRejected} used, ${read.rowsRejected} rejected`];
  await emit({ json, view: () => ({ title: 'Account quadrants', subtitle, sections: output.sections }) }, flags, terminal);
  for (const warning of warnings) terminal.stderr.write(`dealmath quadrant: ${warning}\n`);
  return EXIT_OK;
}
