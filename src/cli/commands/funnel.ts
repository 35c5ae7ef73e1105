/**
 * `dealmath funnel FILE... [--history H]`: per open stage, how many deals reached it, how
 * they convert to the next stage and to won, and how long they stay.
 */
import { EXIT_OK } from '../../model/errors.js';
import { runPlan } from '../../engine/run.js';
import { inferredStagesNote, withInferredStages } from '../../engine/stageInput.js';
import { funnelGroupsJson, funnelJson, funnelOutput, requireFunnel } from '../../report/sections/funnel.js';
import { noteUnusedReps, prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';

export interface FunnelFlags extends CommonFlags {
  history?: string[];
}

export async function funnelCommand(files: string[], flags: FunnelFlags, terminal: Terminal): Promise<number> {
  const { analysis, inferred } = await withInferredStages(await prepareAnalysis(files, flags, terminal));
  let unreadableHistory = 0;
  const stage = await analysis.inputs.stage(flags.history, analysis.config, () => (unreadableHistory += 1));
  const options = { scope: analysis.scope, asOf: analysis.asOf, minSample: analysis.minSample, stage, by: analysis.by };
  const { run, results: [result] } = await runPlan({ input: analysis.input, steps: [{ metric: 'funnel', options }] }, runEnvironment(terminal));
  unreadableHistory += result.unreadableDates;
  const funnel = requireFunnel(result.funnel);
  const grouped = result.groups === undefined ? null : { by: analysis.by, groups: result.groups };
  const output = funnelOutput(funnel, stage, grouped);
  const warnings = [
    ...inferredStagesNote(inferred),
    ...output.warnings,
    ...(unreadableHistory > 0 ? [`${unreadableHistory} stage history rows or dates could not be read and were left out (run dealmath validate --history for the list)`] : []),
  ];
  const json = { ...documentHeader('funnel', analysis, run, warnings), historySource: stage.source, ...funnelJson(funnel), ...funnelGroupsJson(grouped) };
  await emit({ json, view: () => ({ title: 'Funnel', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, flags, terminal);
  reportRunNotes('funnel', run, warnings, terminal);
  noteUnusedReps('funnel', flags.reps, analysis, terminal);
  return EXIT_OK;
}
