/**
 * `dealmath quadrant ACCOUNTS... [--deals FILE...]`: current against future revenue per
 * account; A full plan, B develop, C protect, D nurture.
 */
import { EXIT_OK } from '../../model/errors.js';
import { runPlan } from '../../engine/run.js';
import { quadrantDocument, quadrantOutput, quadrantSources } from '../../report/sections/quadrant.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import { outputFormat, type CommonFlags, type Terminal } from '../context.js';
import { emit } from '../emit.js';
import { dealInputs, documentCurrency, provenanceJson } from '../../report/document.js';

export interface QuadrantFlags extends CommonFlags {
  deals?: string[];
}

export async function quadrantCommand(accountFiles: string[], flags: QuadrantFlags, terminal: Terminal): Promise<number> {
  const dealFiles = flags.deals ?? [];
  // Without --deals nothing is read through the analysis; the placeholder keeps an empty
  // file list from meaning "read stdin".
  const analysis = await prepareAnalysis(dealFiles.length > 0 ? dealFiles : ['(no deals)'], flags, terminal);
  const read = await analysis.inputs.accounts(accountFiles);
  const sources = quadrantSources(analysis.config, read.accounts, dealFiles.length > 0 ? 'requested' : 'none');
  // Deals that cannot add to current revenue are not read at all.
  const dealRun = sources.currentFromDeals ? await runPlan({ input: analysis.input, steps: [{ metric: 'accountRevenue', options: { asOf: analysis.asOf } }] }, runEnvironment(terminal)) : null;
  const run = dealRun?.run ?? null;
  const output = quadrantOutput(analysis.config, read.accounts, sources, dealRun?.results[0] ?? null, { full: outputFormat(flags) === 'csv' });
  // The accounts are this command's first input: listed before the deals.
  const provenance = provenanceJson(analysis.generatedAt, run === null ? (analysis.config.currency?.base ?? null) : documentCurrency(run, analysis.config), [...analysis.inputs.files, ...(run === null ? [] : dealInputs(run))]);
  const { json, subtitle, warnings } = quadrantDocument(analysis.asOf, read, run, output, provenance);
  await emit({ json, view: () => ({ title: 'Account quadrants', subtitle, sections: output.sections }) }, flags, terminal);
  if (run !== null) reportRunNotes('quadrant', run, [], terminal);
  for (const warning of warnings) terminal.stderr.write(`dealmath quadrant: ${warning}\n`);
  return EXIT_OK;
}
