/**
 * `dealmath funnel FILE... [--history H]`: per open stage, how many deals reached it, how
 * they convert to the next stage and to won, and how long they stay.
 */
import { EXIT_OK } from '../../model/errors.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { funnelAnalyzer, funnelJson, requireFunnel } from '../analyzers/funnel.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import { inferredStagesNote, loadStageInput, withInferredStages } from '../stageInput.js';

export interface FunnelFlags extends CommonFlags {
  history?: string[];
}

export async function funnelCommand(files: string[], flags: FunnelFlags, terminal: Terminal): Promise<number> {
  const { analysis, inferred } = await withInferredStages(await prepareAnalysis(files, flags, terminal));
  let unreadableHistory = 0;
  const stage = await loadStageInput(flags.history, analysis.config, { delimiter: flags.delimiter, onFinding: () => (unreadableHistory += 1) });
  const analyzer = funnelAnalyzer(analysis, stage);
  const run = await runAnalyzers(analysis, [analyzer]);
  const funnel = requireFunnel(analyzer.result());
  const output = analyzer.finish(run);
  const warnings = [
    ...inferredStagesNote(inferred),
    ...output.warnings,
    ...(unreadableHistory > 0 ? [`${unreadableHistory} stage history rows or dates could not be read and were left out (run dealmath validate --history for the list)`] : []),
  ];
  const json = { ...documentHeader('funnel', analysis, run, warnings), historySource: stage.source, ...funnelJson(funnel) };
  await emit({ json, view: () => ({ title: 'Funnel', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, flags, terminal);
  reportRunNotes('funnel', run, warnings, terminal);
  return EXIT_OK;
}
