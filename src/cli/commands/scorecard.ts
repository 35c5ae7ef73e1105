/**
 * `dealmath scorecard FILE...`: per rep over the window, each velocity lever ranked as a
 * percentile within the peer group, and a composite.
 */
import { EXIT_OK } from '../../model/errors.js';
import { readReps } from '../../io/readReps.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { scorecardAnalyzer } from '../analyzers/scorecard.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';

export interface ScorecardFlags extends CommonFlags {
  reps?: string;
}

/** The command's analysis and analyzers; worker threads rebuild them from the same flags. */
export async function buildAnalyzers(files: string[], flags: ScorecardFlags, terminal: Terminal) {
  const analysis = await prepareAnalysis(files, flags, terminal);
  const reps = flags.reps === undefined ? null : await readReps(flags.reps, { decimal: analysis.config.decimal ?? '.', delimiter: flags.delimiter });
  return { analysis, analyzers: [scorecardAnalyzer(analysis, reps === null ? {} : { extraReps: reps.map((rep) => rep.owner) })] };
}

export async function scorecardCommand(files: string[], flags: ScorecardFlags, terminal: Terminal): Promise<number> {
  const { analysis, analyzers } = await buildAnalyzers(files, flags, terminal);
  const [analyzer] = analyzers;
  const run = await runAnalyzers(analysis, analyzers, { command: 'scorecard', files, flags, terminal });
  const output = analyzer!.finish(run);
  const { scorecard, team } = output.json;
  const json = {
    ...documentHeader('scorecard', analysis, run, output.warnings),
    minSample: scorecard.minSample,
    peerGroup: scorecard.peerGroup,
    peerGroupReason: scorecard.peerGroupReason,
    reps: scorecard.reps,
    team,
  };
  await emit({ json, view: () => ({ title: 'Rep scorecard', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, flags, terminal);
  reportRunNotes('scorecard', run, output.warnings, terminal);
  return EXIT_OK;
}
