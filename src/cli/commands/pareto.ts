/**
 * `dealmath pareto FILE...`: who produces the revenue: the top k of N entities that make the
 * threshold share, Gini, the top-vs-rest profile, and the uplift if the rest matched the top.
 */
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import { normalizeHeader } from '../../model/mapping.js';
import { runPlan } from '../../engine/run.js';
import { paretoOutput } from '../../report/sections/pareto.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import { outputFormat, type CommonFlags, type Terminal } from '../context.js';
import { emit } from '../emit.js';

/** `--by` is one entity here, not the list of the other analysis commands. */
export interface ParetoFlags extends Omit<CommonFlags, 'by'> {
  by?: string;
  measure?: string;
  threshold?: number;
  reps?: string;
  profile?: string;
  engine?: 'default' | 'duckdb';
}

export async function paretoCommand(files: string[], flags: ParetoFlags, terminal: Terminal): Promise<number> {
  const { by: _by, ...common } = flags;
  const by = flags.by ?? 'owner';
  const analysis = await prepareAnalysis(files, { ...common, by: [by] }, terminal);
  if (flags.reps !== undefined && !['owner', 'team', 'manager'].includes(normalizeHeader(by))) {
    throw new DealmathError('usage', `--reps adds reps with no deals to N (--by owner) or gives the deals a team or manager (--by team, --by manager); got --by ${by}`);
  }
  // Reps in the reps file with no deals still count in N: they produced nothing.
  const reps = flags.reps === undefined || normalizeHeader(by) !== 'owner' ? null : await analysis.inputs.reps(flags.reps);
  const options = {
    scope: analysis.scope, by, measure: flags.measure ?? 'won', threshold: flags.threshold ?? 0.8,
    ...(reps === null ? {} : { extraEntities: reps.map((rep) => rep.owner) }),
    profile: flags.profile === undefined ? null : flags.profile.split(',').map((name) => name.trim()).filter((name) => name !== ''),
    decimal: analysis.config.decimal ?? '.',
    converts: analysis.config.currency !== undefined,
  };
  const { run, results: [result] } = flags.engine === 'duckdb'
    ? await (await import('../../engine/duckdbPareto.js')).paretoInDuckdb(analysis.input, options, terminal.env)
    : await runPlan({ input: analysis.input, steps: [{ metric: 'pareto', options }] }, runEnvironment(terminal));
  const output = paretoOutput({ full: outputFormat(common) === 'csv' }, result);
  const json = { ...documentHeader('pareto', analysis, run, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Pareto', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, common, terminal);
  reportRunNotes('pareto', run, output.warnings, terminal);
  return EXIT_OK;
}
