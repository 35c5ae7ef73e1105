/** `dealmath velocity FILE...`: how fast revenue flows, N x A x W / L, with what-if, a comparison of two windows and trends. */
import { parsePeriod, sameDayComparison } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { Scope } from '../../metrics/scope.js';
import { runPlan } from '../../engine/run.js';
import { velocityOutput } from '../../report/sections/velocity.js';
import { noteUnusedReps, prepareAnalysis, reportRunNotes, runEnvironment, type Analysis } from '../analysis.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import type { SeriesUnit } from '../../model/series.js';
import { trendOf, trendSteps } from '../periodOptions.js';
import { parseWhatIf } from '../whatIfOption.js';

export interface VelocityFlags extends CommonFlags {
  n?: 'open' | 'closed';
  whatIf?: string;
  compare?: string;
  every?: SeriesUnit;
  engine?: 'default' | 'duckdb';
}

export async function velocityCommand(files: string[], flags: VelocityFlags, terminal: Terminal): Promise<number> {
  const analysis = await prepareAnalysis(files, flags, terminal);
  const options = { scope: analysis.scope, n: flags.n ?? 'open', compareScope: compareScopeOf(flags.compare, analysis), by: analysis.by } as const;
  const trend = trendSteps('velocityTrend', flags.every, analysis.window, analysis, { n: options.n, by: options.by, asOf: analysis.asOf, basis: analysis.scope.basis });
  if (flags.engine === 'duckdb' && trend.length > 0) throw new DealmathError('usage', '--every runs on the default engine only; leave out --engine duckdb');
  const { run, results: [velocity, series] } = flags.engine === 'duckdb'
    ? await (await import('../../engine/duckdb.js')).velocityInDuckdb(analysis.input, options, terminal.env)
    : await runPlan({ input: analysis.input, steps: [{ metric: 'velocity', options }, ...trend] }, runEnvironment(terminal));
  const levers = flags.whatIf === undefined ? null : parseWhatIf(flags.whatIf);
  const output = velocityOutput({ ...options, levers }, velocity, trendOf(flags.every, series));
  const json = { ...documentHeader('velocity', analysis, run, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Sales velocity', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, flags, terminal);
  reportRunNotes('velocity', run, output.warnings, terminal);
  noteUnusedReps('velocity', flags.reps, analysis, terminal);
  return EXIT_OK;
}

/** `--compare PERIOD`: the other window, to the same day when this one is a period to date. */
function compareScopeOf(compare: string | undefined, analysis: Analysis): Scope | null {
  if (compare === undefined) return null;
  const compareWindow = parsePeriod(compare, analysis.asOf, analysis.config.fiscalYearStartMonth);
  if (compareWindow === null) throw new DealmathError('usage', `--compare "${compare}" is not a period; expected 2026-Q2, 2026-05, 2026, last-quarter...`);
  if (analysis.window === null) throw new DealmathError('usage', '--compare needs a window to compare with (--period or --from/--to)');
  // Period to date compares with the other period to the same day (METRICS.md "Like-for-like comparison").
  const compared = analysis.period === null ? compareWindow : sameDayComparison(analysis.period, compareWindow, analysis.asOf).window;
  return { asOf: Math.min(analysis.asOf, compared.to), window: compared, basis: analysis.scope.basis };
}
