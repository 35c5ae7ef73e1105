/**
 * `dealmath scorecard FILE...`: per rep over the window, each velocity lever ranked as a
 * percentile within the peer group, and a composite.
 */
import { EXIT_OK } from '../../model/errors.js';
import { runPlan } from '../../engine/run.js';
import { scorecardOutput } from '../../report/sections/scorecard.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';

export interface ScorecardFlags extends Omit<CommonFlags, 'by'> {
  reps?: string;
  by?: 'owner' | 'team' | 'manager';
}

export async function scorecardCommand(files: string[], flags: ScorecardFlags, terminal: Terminal): Promise<number> {
  const { by = 'owner', ...common } = flags;
  const analysis = await prepareAnalysis(files, { ...common, by: [by] }, terminal);
  // Reps with no deals are listed (rows per rep); with --by team the rows are the reps file's teams.
  const reps = flags.reps === undefined || by !== 'owner' ? null : await analysis.inputs.reps(flags.reps);
  const options = { scope: analysis.scope, minSample: analysis.minSample, by, ...(reps === null ? {} : { extraReps: reps.map((rep) => rep.owner) }) };
  const { run, results: [result] } = await runPlan({ input: analysis.input, steps: [{ metric: 'scorecard', options }] }, runEnvironment(terminal));
  const output = scorecardOutput(result, by);
  const { scorecard, team } = output.json;
  const json = {
    ...documentHeader('scorecard', analysis, run, output.warnings),
    minSample: scorecard.minSample,
    peerGroup: scorecard.peerGroup,
    reps: scorecard.reps,
    team,
  };
  await emit({ json, view: () => ({ title: 'Rep scorecard', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, common, terminal);
  reportRunNotes('scorecard', run, output.warnings, terminal);
  return EXIT_OK;
}
