/**
 * `dealmath pareto FILE...`: who produces the revenue: the top k of N entities that make the
 * threshold share, Gini, the top-vs-rest profile, and the uplift if the rest matched the top.
 */
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import { normalizeHeader } from '../../model/mapping.js';
import { readReps } from '../../io/readReps.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { paretoAnalyzer } from '../analyzers/pareto.js';
import { outputFormat, type CommonFlags, type Terminal } from '../context.js';
import { emit } from '../emit.js';

/** `--by` is one entity here, not the list of the other analysis commands. */
export interface ParetoFlags extends Omit<CommonFlags, 'by'> {
  by?: string;
  measure?: string;
  threshold?: number;
  reps?: string;
  profile?: string;
}

/** The command's analysis and analyzers; worker threads rebuild them from the same flags. */
export async function buildAnalyzers(files: string[], flags: ParetoFlags, terminal: Terminal) {
  const { by: _by, ...common } = flags;
  const analysis = await prepareAnalysis(files, common, terminal);
  const by = flags.by ?? 'owner';
  if (flags.reps !== undefined && normalizeHeader(by) !== 'owner') {
    throw new DealmathError('usage', `--reps adds reps with no deals to N, so it needs --by owner (got --by ${by})`);
  }
  // Reps in the reps file with no deals still count in N: they produced nothing.
  const reps = flags.reps === undefined ? null : await readReps(flags.reps, { decimal: analysis.config.decimal ?? '.', delimiter: flags.delimiter });
  const analyzer = paretoAnalyzer(analysis, {
    by,
    measure: flags.measure ?? 'won',
    threshold: flags.threshold ?? 0.8,
    ...(reps === null ? {} : { extraEntities: reps.map((rep) => rep.owner) }),
    profile: flags.profile === undefined ? null : flags.profile.split(',').map((name) => name.trim()).filter((name) => name !== ''),
    full: outputFormat(common) === 'csv',
  });
  return { analysis, analyzers: [analyzer] };
}

export async function paretoCommand(files: string[], flags: ParetoFlags, terminal: Terminal): Promise<number> {
  const { analysis, analyzers } = await buildAnalyzers(files, flags, terminal);
  const [analyzer] = analyzers;
  const run = await runAnalyzers(analysis, analyzers, { command: 'pareto', files, flags, terminal });
  const output = analyzer!.finish(run);
  const json = { ...documentHeader('pareto', analysis, run, output.warnings), ...output.json };
  const { by: _by, ...outputFlags } = flags;
  await emit({ json, view: () => ({ title: 'Pareto', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, outputFlags, terminal);
  reportRunNotes('pareto', run, output.warnings, terminal);
  return EXIT_OK;
}
