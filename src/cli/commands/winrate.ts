/**
 * `dealmath winrate FILE...`: how often do we win, by count and by value, per group and in total.
 */
import { EXIT_OK } from '../../model/errors.js';
import type { OpenPolicy } from '../../metrics/winRate.js';
import { runPlan } from '../../engine/run.js';
import { winRateOutput } from '../../report/sections/winRate.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import type { SeriesUnit } from '../../model/series.js';
import { trendOf, trendSteps } from '../periodOptions.js';

export interface WinRateFlags extends CommonFlags {
  open?: OpenPolicy;
  every?: SeriesUnit;
}

export async function winrateCommand(files: string[], flags: WinRateFlags, terminal: Terminal): Promise<number> {
  const analysis = await prepareAnalysis(files, flags, terminal);
  const options = { scope: analysis.scope, open: flags.open ?? { kind: 'exclude' as const }, minSample: analysis.minSample, by: analysis.by };
  const trend = trendSteps('winrateTrend', flags.every, analysis.window, analysis, { ...options, asOf: analysis.asOf, basis: analysis.scope.basis });
  const { run, results: [rates, series] } = await runPlan({ input: analysis.input, steps: [{ metric: 'winrate', options }, ...trend] }, runEnvironment(terminal));
  const output = winRateOutput(options, rates, trendOf(flags.every, series));
  const json = { ...documentHeader('winrate', analysis, run, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Win rates', subtitle: subtitleLines(analysis, run), sections: output.sections }) }, flags, terminal);
  reportRunNotes('winrate', run, output.warnings, terminal);
  return EXIT_OK;
}
