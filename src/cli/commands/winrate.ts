/**
 * `dealmath winrate FILE...`: how often do we win, by count and by value, per group and in total.
 */
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { OpenPolicy } from '../../metrics/winRate.js';
import { runPlan } from '../../engine/run.js';
import { winRateOutput } from '../../report/sections/winRate.js';
import { noteUnusedReps, prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import type { SeriesUnit } from '../../model/series.js';
import { trendOf, trendSteps } from '../periodOptions.js';

export interface WinRateFlags extends CommonFlags {
  open?: OpenPolicy;
  every?: SeriesUnit;
  engine?: 'default' | 'duckdb';
}

export async function winrateCommand(files: string[], flags: WinRateFlags, terminal: Terminal): Promise<number> {
  const analysis = await prepareAnalysis(files, flags, terminal);
  const options = { scope: analysis.scope, open: flags.open ?? { kind: 'exclude' as const }, minSample: analysis.minSample, by: analysis.by };
  if (flags.engine === 'duckdb' && (flags.every !== undefined || analysis.input.repDimensions != null)) throw new DealmathError('usage', '--every and --by team|manager run on the default engine only; leave out --engine duckdb');
  const trend = trendSteps('winrateTrend', flags.every, analysis.window, analysis, { ...options, asOf: analysis.asOf, basis: analysis.scope.basis });
  const planned = flags.engine === 'duckdb' ? null : await runPlan({ input: analysis.input, steps: [{ metric: 'winrate', options }, ...trend] }, runEnvironment(terminal));
  const { run, results: [rates] } = planned ?? (await (await import('../../engine/duckdb.js')).winRateInDuckdb(analysis.input, options, terminal.env));
  const output = winRateOutput(options, rates, trendOf(flags.every, planned?.results[1]));
  const json = { ...documentHeader('winrate', analysis, run, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Win rates', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, flags, terminal);
  reportRunNotes('winrate', run, output.warnings, terminal);
  noteUnusedReps('winrate', flags.reps, analysis, terminal);
  return EXIT_OK;
}
