/**
 * `dealmath quadrant ACCOUNTS... [--deals FILE...]`: current against future revenue per
 * account; A full plan, B develop, C protect, D nurture.
 */
import { formatDay } from '../../model/calendar.js';
import { EXIT_OK } from '../../model/errors.js';
import { readAccounts } from '../../io/readAccounts.js';
import { SCHEMA_VERSION } from '../../report/renderers/json.js';
import { runPlan } from '../../engine/run.js';
import { quadrantJson, quadrantOutput, quadrantSources } from '../../report/sections/quadrant.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import { outputFormat, type CommonFlags, type Terminal } from '../context.js';
import { emit } from '../emit.js';

export interface QuadrantFlags extends CommonFlags {
  deals?: string[];
}

export async function quadrantCommand(accountFiles: string[], flags: QuadrantFlags, terminal: Terminal): Promise<number> {
  const dealFiles = flags.deals ?? [];
  // Without --deals nothing is read through the analysis; the placeholder keeps an empty
  // file list from meaning "read stdin".
  const analysis = await prepareAnalysis(dealFiles.length > 0 ? dealFiles : ['(no deals)'], flags, terminal);
  const read = await readAccounts(accountFiles, { decimal: analysis.config.decimal ?? '.', delimiter: flags.delimiter });
  const sources = quadrantSources(analysis.config, read.accounts, dealFiles.length > 0 ? 'requested' : 'none');
  // Deals that cannot add to current revenue are not read at all.
  const read_ = sources.currentFromDeals ? await runPlan({ input: analysis.input, steps: [{ metric: 'accountRevenue', options: { asOf: analysis.asOf } }] }, runEnvironment(terminal)) : null;
  const run = read_?.run ?? null;
  const output = quadrantOutput(analysis.config, read.accounts, sources, read_?.results[0] ?? null, { full: outputFormat(flags) === 'csv' });
  const rejected = read.rowsRejected === 0 ? [] : [`${read.rowsRejected} of ${read.rowsRead} account rows rejected (${ruleCounts(read.findings.map((found) => found.rule))}); the JSON findings list them`];
  const warnings = [...rejected, ...output.warnings];
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
    ...quadrantJson(output.json),
  };
  const subtitle = [
    `as of ${formatDay(analysis.asOf)}`,
    `${read.rowsRead} account rows read: ${read.rowsRead - read.rowsRejected} used, ${read.rowsRejected} rejected`,
    ...(run === null ? [] : [`${run.rowsRead} deal rows read: ${run.rowsUsed} won deals used, ${run.rowsRejected} rejected, ${run.rowsFiltered} filtered`]),
  ];
  await emit({ json, view: () => ({ title: 'Account quadrants', subtitle, sections: output.sections }) }, flags, terminal);
  if (run !== null) reportRunNotes('quadrant', run, [], terminal);
  for (const warning of warnings) terminal.stderr.write(`dealmath quadrant: ${warning}\n`);
  return EXIT_OK;
}

/** `2 missing-id, 1 bad-amount`: findings counted by rule, most frequent first. */
function ruleCounts(rules: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const rule of rules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([rule, count]) => `${count} ${rule}`)
    .join(', ');
}
